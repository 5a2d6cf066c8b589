package org.flowmat.dialect.snowflake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.flowmat.core.dialect.Identifiers;

/**
 * Snowflake names as Snowflake resolves them: a simple name (letters, digits and underscores, not starting with a
 * digit) that is no reserved word stays bare and so is stored in upper case; any other name is double-quoted and
 * stored exactly as written, and names differ by case then. Columns are at most 255 characters. "Letters" are
 * Unicode letters, as Estuary's connector decides it, so that the tables it created keep their column names.
 */
final class SnowflakeIdentifiers implements Identifiers {
  static final int MAX_LENGTH = 255;
  private static final Pattern SIMPLE = Pattern.compile("[_\\p{L}][_\\p{L}\\p{N}]*");
  static final Set<String> RESERVED = load();

  /** Whether {@code name} is written bare: simple and not reserved. */
  static boolean bare(String name) {
    return SIMPLE.matcher(name).matches() && !RESERVED.contains(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public String column(String field) {
    return field;
  }

  @Override
  public String stored(String name) {
    return bare(name) ? name.toUpperCase(Locale.ROOT) : name;
  }

  @Override
  public String quote(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a Snowflake name cannot contain a NUL character: " + name.replace("\0", "\\0"));
    }
    return bare(name) ? name : '"' + name.replace("\"", "\"\"") + '"';
  }

  /** Stored names are compared exactly: a quoted name keeps its case ({@link #stored} folds the bare ones). */
  @Override
  public boolean caseInsensitive() {
    return false;
  }

  @Override
  public int maxLength() {
    return MAX_LENGTH;
  }

  private static Set<String> load() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        SnowflakeIdentifiers.class.getResourceAsStream("reserved-words.txt"), StandardCharsets.UTF_8))) {
      return in.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
