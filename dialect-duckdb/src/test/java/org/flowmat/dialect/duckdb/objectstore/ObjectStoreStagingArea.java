package org.flowmat.dialect.duckdb.objectstore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.staging.ShardStaging;

/**
 * A staging area shaped like an object store (a bucket of keys, written whole by upload), on local files: a file
 * is written to a local spool and exists in the bucket only once uploaded, under the key
 * {@code <materialization>/<key_begin>-<key_end>/<name>}; the bucket is shared by every task and shard. Uploads are
 * small ({@link #FILE_SIZE_LIMIT}), so the engine rolls a binding's rows over many objects.
 */
final class ObjectStoreStagingArea implements StagingArea {
  /** Small on purpose: every transaction of the conformance suite stages more than one object per binding. */
  static final long FILE_SIZE_LIMIT = 4 * 1024;

  private final Path bucket;
  private final String prefix;
  private final Path spool;

  ObjectStoreStagingArea(Path bucket, ShardStaging shard) throws IOException {
    this.bucket = Files.createDirectories(bucket).toAbsolutePath();
    this.prefix = shard.materializationPart() + "/" + shard.rangePart() + "/";
    this.spool = Files.createTempDirectory("flowmat-spool");
  }

  private Path object(String name) {
    if (name.contains("/") || name.startsWith(".")) {
      throw new IllegalArgumentException("staged names are plain names: " + name);
    }
    return bucket.resolve(prefix + name);
  }

  @Override
  public long fileSizeLimit() {
    return FILE_SIZE_LIMIT;
  }

  @Override
  public OutputStream create(String name) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(spool.resolve(name)));
  }

  @Override
  public void makeDurable(String name) throws IOException {
    upload(name, true);
  }

  @Override
  public void makeReadable(String name) throws IOException {
    upload(name, false);
  }

  /** The whole object appears at once, as an upload does: written beside its key, then renamed onto it. */
  private void upload(String name, boolean durable) throws IOException {
    Path target = object(name);
    Files.createDirectories(target.getParent());
    Path partial = target.resolveSibling("." + name + ".partial");
    Files.move(spool.resolve(name), partial, StandardCopyOption.REPLACE_EXISTING);
    if (durable) {
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    }
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public String reference(String name) {
    return object(name).toString();
  }

  @Override
  public boolean exists(String name) {
    return Files.exists(object(name));
  }

  @Override
  public void delete(String name) throws IOException {
    Files.deleteIfExists(object(name));
    Files.deleteIfExists(spool.resolve(name));
  }

  @Override
  public List<String> list() throws IOException {
    Path dir = bucket.resolve(prefix);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> objects = Files.list(dir)) {
      return objects.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }
}
