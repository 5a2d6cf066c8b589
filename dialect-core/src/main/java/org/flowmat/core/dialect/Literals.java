package org.flowmat.core.dialect;

/** Renders values as SQL literals, for the few places a statement carries a constant (names, bounds). */
public interface Literals {

  String string(String value);

  /** The ANSI form: single quotes, a quote doubled. Dialects whose strings also treat backslash specially override. */
  static Literals ansi() {
    return value -> "'" + value.replace("'", "''") + "'";
  }
}
