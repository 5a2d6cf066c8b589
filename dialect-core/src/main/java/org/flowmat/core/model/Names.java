package org.flowmat.core.model;

/**
 * Name comparison as warehouses do it. Where names are case-insensitive, only ASCII letters fold: DuckDB, Snowflake
 * and BigQuery all keep {@code Ä} and {@code ä} (or the Kelvin sign and {@code k}) apart, unlike Java's Unicode-wide
 * {@link String#toLowerCase}.
 */
public final class Names {
  private Names() {}

  /** {@code name} with ASCII letters in lower case and every other character unchanged. */
  public static String foldAscii(String name) {
    char[] chars = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (chars == null) {
          chars = name.toCharArray();
        }
        chars[i] = (char) (c + ('a' - 'A'));
      }
    }
    return chars == null ? name : new String(chars);
  }

  /** The key under which {@code name} is compared: folded when the warehouse ignores case. */
  public static String fold(String name, boolean caseInsensitive) {
    return caseInsensitive ? foldAscii(name) : name;
  }
}
