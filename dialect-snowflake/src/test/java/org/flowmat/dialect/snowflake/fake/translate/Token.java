package org.flowmat.dialect.snowflake.fake.translate;

/** One lexical token of Snowflake SQL; {@code text} is exactly as written (quotes included). */
public record Token(Kind kind, String text) {
  public enum Kind {
    /** An unquoted word: keyword, identifier or function name. */
    WORD,
    /** A double-quoted identifier. */
    QUOTED,
    /** A single-quoted string literal, or a $$-delimited one. */
    STRING,
    NUMBER,
    /** A stage reference: {@code @name}, {@code @~}, {@code @%table}, with an optional {@code /path}. */
    STAGE,
    /** A positional column of a staged file: {@code $1}. */
    DOLLAR,
    /** {@code ?} or {@code :1}: a bind variable. */
    BIND,
    SYMBOL,
    SPACE,
    /** DuckDB SQL produced by a translation rule, passed through untouched. */
    RAW
  }

  public boolean is(String word) {
    return kind == Kind.WORD && text.equalsIgnoreCase(word);
  }

  public boolean isSymbol(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  /** The identifier this token names as Snowflake resolves it: unquoted folds to upper case. */
  public String identifier() {
    return switch (kind) {
      case QUOTED -> text.substring(1, text.length() - 1).replace("\"\"", "\"");
      case WORD -> text.toUpperCase(java.util.Locale.ROOT);
      default -> throw new IllegalStateException("not an identifier: " + text);
    };
  }

  /** The value of a string literal. */
  public String stringValue() {
    if (text.startsWith("$$")) {
      return text.substring(2, text.length() - 2);
    }
    return text.substring(1, text.length() - 1).replace("''", "'").replace("\\'", "'");
  }

  static Token word(String text) {
    return new Token(Kind.WORD, text);
  }

  static Token symbol(String text) {
    return new Token(Kind.SYMBOL, text);
  }

  public static Token raw(String sql) {
    return new Token(Kind.RAW, sql);
  }

  static Token space() {
    return new Token(Kind.SPACE, " ");
  }

  public static Token quoted(String identifier) {
    return new Token(Kind.QUOTED, '"' + identifier.replace("\"", "\"\"") + '"');
  }

  public static Token string(String value) {
    return new Token(Kind.STRING, '\'' + value.replace("'", "''") + '\'');
  }
}
