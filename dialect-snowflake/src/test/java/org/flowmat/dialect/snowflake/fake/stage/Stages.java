package org.flowmat.dialect.snowflake.fake.stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Internal stages as directories under one root: named stages at {@code <root>/<DB>/<SCHEMA>/<NAME>}, table stages
 * ({@code @%T}) at {@code <root>/<DB>/<SCHEMA>/%<T>}, user stages ({@code @~}) at {@code <root>/=users/<USER>}. The driver's
 * PUT (stage type LOCAL_FS) writes into these directories itself.
 */
public final class Stages {
  private final Path root;

  public Stages(Path root) {
    this.root = root;
  }

  /** A stage reference as written after {@code @} (quoted parts kept), resolved against the session. */
  public StageLocation resolve(String reference, Optional<String> database, Optional<String> schema, String user) {
    String ref = reference.startsWith("@") ? reference.substring(1) : reference;
    // The path starts at the first slash outside quotes.
    int slash = -1;
    boolean inQuote = false;
    for (int i = 0; i < ref.length(); i++) {
      char c = ref.charAt(i);
      if (c == '"') {
        inQuote = !inQuote;
      } else if (c == '/' && !inQuote) {
        slash = i;
        break;
      }
    }
    String name = slash < 0 ? ref : ref.substring(0, slash);
    String prefix = slash < 0 ? "" : ref.substring(slash + 1);
    while (prefix.startsWith("/")) {
      prefix = prefix.substring(1);
    }
    if (name.equals("~")) {
      // Not "~": the driver expands a "~" in a LOCAL_FS location to the home directory.
      return new StageLocation(root.resolve("=users").resolve(safe(user)), prefix, "");
    }
    List<String> parts = nameParts(name);
    String last = parts.get(parts.size() - 1);
    boolean tableStage = last.startsWith("%");
    last = identifier(tableStage ? last.substring(1) : last);
    String db;
    String sc;
    if (parts.size() == 3) {
      db = identifier(parts.get(0));
      sc = identifier(parts.get(1));
    } else if (parts.size() == 2) {
      db = database.orElseThrow(() -> new StageException("002003", "Stage '" + name + "' does not exist or not authorized."));
      sc = identifier(parts.get(0));
    } else {
      db = database.orElseThrow(() -> new StageException("002003", "Stage '" + name + "' does not exist or not authorized."));
      sc = schema.orElseThrow(() -> new StageException("002003", "Stage '" + name + "' does not exist or not authorized."));
    }
    Path dir = root.resolve(safe(db)).resolve(safe(sc)).resolve(tableStage ? "%" + safe(last) : safe(last));
    if (!tableStage && !Files.isDirectory(dir)) {
      throw new StageException("002003", "SQL compilation error:\nStage '" + db + "." + sc + "." + last
          + "' does not exist or not authorized.");
    }
    return new StageLocation(dir, prefix, tableStage ? "" : last.toLowerCase(Locale.ROOT));
  }

  /** Creates a named stage; false when it existed already. */
  public boolean create(String database, String schema, String name, boolean orReplace) {
    Path dir = root.resolve(safe(database)).resolve(safe(schema)).resolve(safe(name));
    try {
      if (Files.isDirectory(dir)) {
        if (orReplace) {
          deleteTree(dir);
        } else {
          return false;
        }
      }
      Files.createDirectories(dir);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops a named stage and its files; false when there was none. */
  public boolean drop(String database, String schema, String name) {
    Path dir = root.resolve(safe(database)).resolve(safe(schema)).resolve(safe(name));
    if (!Files.isDirectory(dir)) {
      return false;
    }
    deleteTree(dir);
    return true;
  }

  /** A staged file: its path on disk, its path relative to the stage, and its size. */
  public record StagedFile(Path path, String relative, long size) {}

  /** Files under the location's prefix (a string prefix, as Snowflake matches it), optionally full-matching a regex. */
  public List<StagedFile> files(StageLocation location, Optional<String> pattern) {
    List<StagedFile> out = new ArrayList<>();
    if (!Files.isDirectory(location.directory())) {
      return out;
    }
    Optional<Pattern> regex = pattern.map(Pattern::compile);
    try (Stream<Path> walk = Files.walk(location.directory())) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
        String relative = location.directory().relativize(p).toString().replace('\\', '/');
        if (!relative.startsWith(location.prefix())) {
          continue;
        }
        if (regex.isPresent() && !regex.get().matcher(relative).matches()
            && !regex.get().matcher(listName(location, relative)).matches()) {
          continue;
        }
        out.add(new StagedFile(p, relative, Files.size(p)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The name LIST shows for a file. */
  public static String listName(StageLocation location, String relative) {
    return location.listName().isEmpty() ? relative : location.listName() + "/" + relative;
  }

  public static String md5(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("MD5");
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The directory PUT writes into: the stage's directory plus the prefix, taken as a directory. */
  public static Path putTarget(StageLocation location) {
    return location.prefix().isEmpty() ? location.directory() : location.directory().resolve(location.prefix());
  }

  static List<String> nameParts(String name) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inQuote = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '"') {
        inQuote = !inQuote;
        cur.append(c);
      } else if (c == '.' && !inQuote) {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts;
  }

  /** A name part as Snowflake resolves it: quoted kept as written, unquoted in upper case. */
  static String identifier(String part) {
    if (part.length() >= 2 && part.startsWith("\"") && part.endsWith("\"")) {
      return part.substring(1, part.length() - 1).replace("\"\"", "\"");
    }
    return part.toUpperCase(Locale.ROOT);
  }

  private static String safe(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("*", "%2A");
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stage problem, with the Snowflake error code it answers with. */
  public static final class StageException extends RuntimeException {
    private final String code;

    public StageException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }
}
