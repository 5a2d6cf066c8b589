package org.flowmat.dialect.duckdb;

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
 * DuckDB names: case-insensitive but case-preserving, any characters when double-quoted, no length limit. A field
 * is its own column name; it is quoted unless it is a simple lower-risk word that is no keyword.
 */
final class DuckDbIdentifiers implements Identifiers {
  private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Set<String> RESERVED = load();

  @Override
  public String column(String field) {
    return field;
  }

  @Override
  public String stored(String name) {
    return name;
  }

  @Override
  public String quote(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a DuckDB name cannot contain a NUL character: " + name.replace("\0", "\\0"));
    }
    if (SIMPLE.matcher(name).matches() && !RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      return name;
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  @Override
  public boolean caseInsensitive() {
    return true;
  }

  @Override
  public int maxLength() {
    return 0;
  }

  private static Set<String> load() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        DuckDbIdentifiers.class.getResourceAsStream("reserved-words.txt"), StandardCharsets.UTF_8))) {
      return in.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
