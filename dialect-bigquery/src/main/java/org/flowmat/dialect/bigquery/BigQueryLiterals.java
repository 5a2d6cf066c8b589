package org.flowmat.dialect.bigquery;

import java.math.BigInteger;
import org.flowmat.core.dialect.Literals;

/**
 * GoogleSQL literals: strings single-quoted with backslash escapes (a backslash is an escape character there, so it
 * is escaped too, as are quotes and line breaks); integers beyond INT64 cast to BIGNUMERIC(38,0).
 */
final class BigQueryLiterals implements Literals {
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  @Override
  public String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\0' -> throw new IllegalArgumentException("a SQL string literal cannot contain a NUL character");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('\'').toString();
  }

  @Override
  public String integer(BigInteger value) {
    // Beyond INT64 an integer literal is no GoogleSQL literal; the cast keeps it exact, as the columns' own type.
    return value.compareTo(INT64_MIN) < 0 || value.compareTo(INT64_MAX) > 0
        ? "CAST('" + value + "' AS BIGNUMERIC(38,0))" : value.toString();
  }
}
