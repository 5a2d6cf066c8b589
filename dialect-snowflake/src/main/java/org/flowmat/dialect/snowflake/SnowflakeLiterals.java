package org.flowmat.dialect.snowflake;

import org.flowmat.core.dialect.Literals;

/**
 * Snowflake string literals: single-quoted with a quote doubled and, because Snowflake reads backslash escapes
 * inside single-quoted strings ({@code '\''} is a quote), every backslash doubled too.
 */
final class SnowflakeLiterals implements Literals {
  static final SnowflakeLiterals INSTANCE = new SnowflakeLiterals();

  @Override
  public String string(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a Snowflake string literal cannot contain a NUL character");
    }
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }
}
