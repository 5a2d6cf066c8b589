package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which copies of DuckDB's native library count as stale: old, this user's, and mapped by no live process. */
class NativeLibraryLeftoversTest {
  @TempDir Path dir;

  @Test
  void removesOldUnmappedCopiesOnlyAndKeepsOneALiveProcessMaps() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs Linux procfs");
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    Path stale = copy("libduckdb_java1111.so", old);
    Path fresh = copy("libduckdb_java2222.so", FileTime.from(Instant.now()));
    Path inUse = copy("libduckdb_java3333.so", old);
    Path unrelated = copy("libother4444.so", old);
    try (FileChannel channel = FileChannel.open(inUse, StandardOpenOption.READ)) {
      MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, 4); // this live JVM maps it
      Path expected = stale.toRealPath();
      assertThat(NativeLibraryLeftovers.removeStale(dir, NativeLibraryLeftovers.MIN_AGE)).containsExactly(expected);
      assertThat(mapping.get(0)).isEqualTo((byte) 'E');
    }
    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
    assertThat(inUse).exists();
    assertThat(unrelated).exists();
  }

  private Path copy(String name, FileTime mtime) throws Exception {
    Path p = Files.write(dir.resolve(name), "ELF-not-really".getBytes());
    Files.setLastModifiedTime(p, mtime);
    return p;
  }
}
