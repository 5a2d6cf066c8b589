package org.flowmat.dialect.duckdb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the copies of DuckDB's native library that killed processes left behind.
 *
 * <p>The JDBC driver (duckdb_jdbc, {@code org.duckdb.DuckDBNative}) copies the library bundled in its jar to a new
 * {@code libduckdb_java*.so} in {@code java.io.tmpdir} in every process and asks the JVM to delete it at exit, which
 * a killed process never does: each leaves about 57 MB. The driver offers no way to reuse one extracted copy (it
 * always unpacks when the jar bundles the library), so each connector removes stale copies once, before it loads
 * DuckDB.
 *
 * <p>A copy is stale only if this user owns it, it is older than {@link #MIN_AGE} (a starting driver loads its copy
 * right after writing it), and no live process maps it (every process's {@code /proc/<pid>/maps}). Only the
 * JVM that extracted a copy loads it, so if the maps of a JVM of this user (or root) cannot be read, nothing is
 * removed; an unreadable non-JVM process (a container's init, say) cannot hold one. Off Linux nothing is removed.
 */
final class NativeLibraryLeftovers {
  private static final Logger LOG = LoggerFactory.getLogger(NativeLibraryLeftovers.class);
  /**
   * The driver writes its copy and loads it in one call, so a copy untouched this long is loaded or abandoned (a
   * loaded one is then kept by the maps check). Short, because a suite that kills a connector every few seconds
   * would otherwise keep every recent copy.
   */
  static final Duration MIN_AGE = Duration.ofSeconds(10);
  private static final Path PROC = Path.of("/proc");

  private NativeLibraryLeftovers() {}

  /** Once per process, before the driver loads: never fails the connector. */
  static void removeStaleOnce() {
    try {
      List<Path> removed = removeStale(Path.of(System.getProperty("java.io.tmpdir")), MIN_AGE);
      if (!removed.isEmpty()) {
        LOG.atInfo().addKeyValue("files", removed.size()).addKeyValue("directory", removed.get(0).getParent())
            .log("removed copies of DuckDB's native library left by killed processes");
      }
    } catch (IOException | RuntimeException e) {
      LOG.atDebug().addKeyValue("error", e.toString()).log("could not look for stale DuckDB native libraries");
    }
  }

  /** Removes the stale copies in {@code directory} and returns them. */
  static List<Path> removeStale(Path directory, Duration minAge) throws IOException {
    Path self = PROC.resolve("self");
    if (!Files.isReadable(self.resolve("maps")) || !Files.isDirectory(directory)) {
      return List.of(); // not Linux (or no procfs): nothing tells which copies live processes use
    }
    int uid = (Integer) Files.getAttribute(self, "unix:uid");
    Instant cutoff = Instant.now().minus(minAge);
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.toRealPath(), "libduckdb_java*.so")) {
      for (Path f : files) {
        if (Files.isRegularFile(f) && (Integer) Files.getAttribute(f, "unix:uid") == uid
            && Files.getLastModifiedTime(f).compareTo(FileTime.from(cutoff)) < 0) {
          candidates.add(f);
        }
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    Set<String> mapped = mappedFiles(uid);
    if (mapped == null) {
      return List.of();
    }
    List<Path> removed = new ArrayList<>();
    for (Path f : candidates) {
      if (!mapped.contains(f.toString()) && Files.deleteIfExists(f)) {
        removed.add(f);
      }
    }
    return removed;
  }

  /**
   * The paths every live process maps, or null when a JVM that could map this user's files (same user, or root) has
   * maps this process cannot read.
   */
  private static Set<String> mappedFiles(int uid) throws IOException {
    Set<String> out = new HashSet<>();
    List<Path> processes;
    try (Stream<Path> entries = Files.list(PROC)) {
      processes = entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList();
    }
    for (Path p : processes) {
      try (Stream<String> lines = Files.lines(p.resolve("maps"))) {
        lines.forEach(line -> {
          int slash = line.indexOf('/');
          if (slash >= 0) {
            String path = line.substring(slash);
            out.add(path.endsWith(" (deleted)") ? path.substring(0, path.length() - 10) : path);
          }
        });
      } catch (IOException | java.io.UncheckedIOException e) {
        if (!Files.exists(p)) {
          continue; // the process ended meanwhile
        }
        try {
          int owner = (Integer) Files.getAttribute(p, "unix:uid");
          if ((owner == uid || owner == 0) && mayBeJvm(p)) {
            return null;
          }
        } catch (IOException gone) {
          // ended meanwhile
        }
      }
    }
    return out;
  }

  /** Whether a process may be a JVM: its command name says java, or cannot be read. */
  private static boolean mayBeJvm(Path process) {
    try {
      return Files.readString(process.resolve("comm")).strip().toLowerCase(java.util.Locale.ROOT).contains("java");
    } catch (IOException e) {
      return Files.exists(process);
    }
  }
}
