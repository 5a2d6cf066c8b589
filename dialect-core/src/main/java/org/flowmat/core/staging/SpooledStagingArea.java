package org.flowmat.core.staging;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowmat.core.dialect.StagingArea;

/**
 * A staging area on a remote store written whole by upload (a bucket, a warehouse's internal stage): the engine
 * writes each file into a local spool, and making it durable or readable uploads it and frees the spool, so an
 * object in the store is always complete. A subclass says how to upload, delete, list and refer to objects.
 */
public abstract class SpooledStagingArea implements StagingArea {
  private final Path spool;

  /** @param spoolPrefix names the temporary spool directory, e.g. {@code flowmat-bigquery-spool} */
  protected SpooledStagingArea(String spoolPrefix) throws IOException {
    this.spool = Files.createTempDirectory(spoolPrefix);
    this.spool.toFile().deleteOnExit();
  }

  /** Where the engine's bytes for {@code name} wait until uploaded. */
  protected Path spooled(String name) {
    return spool.resolve(name);
  }

  /** Uploads the spooled {@code file} as object {@code name}, whole. */
  protected abstract void upload(String name, Path file) throws IOException;

  /** Deletes object {@code name} from the store; nothing when it is not there. */
  protected abstract void deleteObject(String name) throws IOException;

  /** The stream the engine writes into the spool: by default buffered; a subclass may compress (what its store reads). */
  protected OutputStream spoolStream(Path file) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
  }

  @Override
  public OutputStream create(String name) throws IOException {
    return spoolStream(spooled(name));
  }

  /** An uploaded object is as durable as the store: the same upload as {@link #makeReadable}. */
  @Override
  public void makeDurable(String name) throws IOException {
    uploadAndFree(name);
  }

  @Override
  public void makeReadable(String name) throws IOException {
    uploadAndFree(name);
  }

  private void uploadAndFree(String name) throws IOException {
    Path file = spooled(name);
    upload(name, file);
    Files.delete(file);
  }

  @Override
  public void delete(String name) throws IOException {
    Files.deleteIfExists(spooled(name));
    deleteObject(name);
  }
}
