package org.flowmat.core.dialect;

/** Renders values as SQL literals, for the few places a statement carries a constant (names, bounds). */
public interface Literals {

  String string(String value);

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
