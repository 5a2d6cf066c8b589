package org.flowmat.core.staging;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.flowmat.core.connector.NoSpaceLeftException;
import org.flowmat.core.dialect.StagingArea;

/** Staged files in a local directory, fsynced to survive a crash: what an embedded warehouse reads directly. */
public final class LocalStagingArea implements StagingArea {
  private final Path directory;

  public LocalStagingArea(Path directory) throws IOException {
    this.directory = Files.createDirectories(directory).toAbsolutePath();
  }

  public Path directory() {
    return directory;
  }

  private Path path(String name) {
    if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new IllegalArgumentException("staged file names are plain names: " + name);
    }
    return directory.resolve(name);
  }

  @Override
  public OutputStream create(String name) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(path(name)), 1 << 16);
  }

  @Override
  public void makeDurable(String name) throws IOException {
    try (FileChannel channel = FileChannel.open(path(name), StandardOpenOption.WRITE)) {
      channel.force(true);
    } catch (IOException e) {
      // A filesystem that allocates late reports a full disk at fsync.
      NoSpaceLeftException.classify(e, path(name).toString(), "staging").ifPresent(full -> {
        throw full;
      });
      throw e;
    }
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true); // the file's directory entry must survive too
    } catch (IOException ignored) {
      // Not every filesystem lets a directory be opened for sync; the file itself is durable.
    }
  }

  @Override
  public String reference(String name) {
    return path(name).toString();
  }

  @Override
  public boolean exists(String name) {
    return Files.exists(path(name));
  }

  @Override
  public void delete(String name) throws IOException {
    Files.deleteIfExists(path(name));
  }

  @Override
  public List<String> list() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
