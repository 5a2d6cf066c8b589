package org.flowmat.dialect.bigquery;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.flowmat.core.staging.SpooledStagingArea;

/**
 * A shard's staged files as gzip NDJSON objects in {@code gs://bucket/<prefix>} ({@code bucket_path/<materialization>/
 * <range>/}). A file is written to a local spool first and uploaded whole when the engine makes it durable or
 * readable, so an object in the bucket is always complete.
 */
final class GcsStagingArea extends SpooledStagingArea {
  /** Uncompressed bytes per staged file: an upload of a few tens of MB gzip, well under BigQuery's per-file limits. */
  static final long FILE_SIZE_LIMIT = 256L << 20;

  private final Storage storage;
  private final String bucket;
  private final String prefix;

  GcsStagingArea(Storage storage, String bucket, String prefix) throws IOException {
    super("flowmat-bigquery-spool");
    this.storage = storage;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  @Override
  public long fileSizeLimit() {
    return FILE_SIZE_LIMIT;
  }

  /** Objects are gzip NDJSON, as BigQuery's external tables read them. */
  @Override
  protected OutputStream spoolStream(Path file) throws IOException {
    return new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), 1 << 16);
  }

  @Override
  protected void upload(String name, Path file) throws IOException {
    BlobInfo info = BlobInfo.newBuilder(BlobId.of(bucket, prefix + name)).setContentType("application/x-ndjson")
        .build();
    try {
      storage.createFrom(info, file);
    } catch (StorageException e) {
      throw new IOException("cannot upload staged file to gs://" + bucket + "/" + prefix + name + " (" + e.getCode()
          + "): " + e.getMessage(), e);
    }
  }

  @Override
  public String reference(String name) {
    return "gs://" + bucket + "/" + prefix + name;
  }

  @Override
  public boolean exists(String name) throws IOException {
    try {
      return storage.get(BlobId.of(bucket, prefix + name)) != null;
    } catch (StorageException e) {
      throw new IOException("cannot read gs://" + bucket + "/" + prefix + name + " (" + e.getCode() + ")", e);
    }
  }

  @Override
  protected void deleteObject(String name) throws IOException {
    try {
      storage.delete(BlobId.of(bucket, prefix + name));
    } catch (StorageException e) {
      throw new IOException("cannot delete gs://" + bucket + "/" + prefix + name + " (" + e.getCode() + ")", e);
    }
  }

  @Override
  public List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    try {
      storage.list(bucket, Storage.BlobListOption.prefix(prefix)).iterateAll().forEach(b -> {
        String rest = b.getName().substring(prefix.length());
        if (!rest.isEmpty() && !rest.contains("/")) {
          names.add(rest);
        }
      });
    } catch (StorageException e) {
      throw new IOException("cannot list gs://" + bucket + "/" + prefix + " (" + e.getCode() + ")", e);
    }
    return names;
  }
}
