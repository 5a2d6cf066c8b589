package org.flowmat.core.dialect;

/** Renders values as SQL literals, for the few places a statement carries a constant (names, bounds). */
public interface Literals {

  String string(String value);

  /** An exact integer literal of any size, for key bounds (ANSI: its decimal digits). */
  default String integer(java.math.BigInteger value) {
    return value.toString();
  }

  /** A finite double literal, for key bounds: the shortest decimal that reads back as the same double. */
  default String float64(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("no SQL literal for the double " + value);
    }
    return Double.toString(value);
  }

  /** The ANSI form: single quotes, a quote doubled. Dialects whose strings also treat backslash specially override. */
  static Literals ansi() {
    return value -> {
      if (value.indexOf('\0') >= 0) {
        // Drivers cut statements at NUL; refuse it here with a clear message instead.
        throw new IllegalArgumentException("a SQL string literal cannot contain a NUL character");
      }
      return "'" + value.replace("'", "''") + "'";
    };
  }
}
