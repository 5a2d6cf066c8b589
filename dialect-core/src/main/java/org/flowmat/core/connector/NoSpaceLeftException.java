package org.flowmat.core.connector;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A write that failed because its filesystem is full (ENOSPC, or a quota), named as such with the file and what the
 * file is for, instead of whatever the failed write left behind ("cannot commit - no transaction is active", an
 * IOException with no path). Whoever throws it has committed nothing of the work that failed.
 */
public final class NoSpaceLeftException extends ConnectorException {
  // strerror(ENOSPC) and strerror(EDQUOT) as Java's and DuckDB's I/O errors carry them.
  private static final Pattern NO_SPACE = Pattern.compile("no space left on device|disk quota exceeded|\\benospc\\b");
  // DuckDB: IO Error: Could not write file "/path/db.duckdb.wal": No space left on device
  private static final Pattern DUCKDB_FILE = Pattern.compile("file \"([^\"]+)\"");

  private final String path;

  public NoSpaceLeftException(String path, String purpose, Throwable cause) {
    super("no space left on device writing " + path + (purpose == null ? "" : " (" + purpose + ")")
        + "; nothing of the failed write was committed: free space on that filesystem and the task resumes", cause);
    this.path = path;
  }

  /** The file that could not be written. */
  public String path() {
    return path;
  }

  /** Whether {@code t} or one of its causes is a full filesystem. */
  public static boolean isNoSpace(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof NoSpaceLeftException
          || (c.getMessage() != null && NO_SPACE.matcher(c.getMessage().toLowerCase(Locale.ROOT)).find())) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code t} named as a full filesystem when it is one: the file is the one its message names (DuckDB names it),
   * else {@code fallbackPath}. Empty when {@code t} is another failure.
   */
  public static Optional<NoSpaceLeftException> classify(Throwable t, String fallbackPath, String purpose) {
    if (!isNoSpace(t)) {
      return Optional.empty();
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof NoSpaceLeftException named) {
        return Optional.of(named);
      }
    }
    String path = fallbackPath;
    for (Throwable c = t; c != null; c = c.getCause()) {
      Matcher m = c.getMessage() == null ? null : DUCKDB_FILE.matcher(c.getMessage());
      if (m != null && m.find()) {
        path = m.group(1);
        break;
      }
    }
    return Optional.of(new NoSpaceLeftException(path, purpose, t));
  }

  /** {@code out}, whose writes fail with this exception, naming {@code path} and {@code purpose}, on a full disk. */
  public static OutputStream guard(OutputStream out, String path, String purpose) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        try {
          out.write(b);
        } catch (IOException e) {
          throw named(e);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw named(e);
        }
      }

      @Override
      public void flush() throws IOException {
        try {
          out.flush();
        } catch (IOException e) {
          throw named(e);
        }
      }

      @Override
      public void close() throws IOException {
        try {
          out.close();
        } catch (IOException e) {
          throw named(e);
        }
      }

      private IOException named(IOException e) {
        Optional<NoSpaceLeftException> full = classify(e, path, purpose);
        if (full.isPresent()) {
          throw full.get();
        }
        return e;
      }
    };
  }
}
