package org.flowmat.dialect.bigquery;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.flowmat.core.dialect.Identifiers;

/**
 * BigQuery names, as Estuary's materialize-bigquery makes them: a field's characters other than ASCII letters, digits,
 * {@code _} and {@code -} become {@code _}; columns are case-insensitive (two fields differing only in case are one
 * column, reported through Validate), tables and datasets case-sensitive; a column name has at most 300 characters.
 * Names are backtick-quoted unless simple and neither reserved (BigQuery's reserved keywords, in any case) nor a
 * type name.
 */
final class BigQueryIdentifiers implements Identifiers {
  private static final Pattern UNSUPPORTED = Pattern.compile("[^\\-_0-9a-zA-Z]");
  private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** GoogleSQL's reserved keywords (lexical structure, "Reserved keywords"). */
  static final Set<String> RESERVED = Set.of("ALL", "AND", "ANY", "ARRAY", "AS", "ASC", "ASSERT_ROWS_MODIFIED", "AT",
      "BETWEEN", "BY", "CASE", "CAST", "COLLATE", "CONTAINS", "CREATE", "CROSS", "CUBE", "CURRENT", "DEFAULT", "DEFINE",
      "DESC", "DISTINCT", "ELSE", "END", "ENUM", "ESCAPE", "EXCEPT", "EXCLUDE", "EXISTS", "EXTRACT", "FALSE", "FETCH",
      "FOLLOWING", "FOR", "FROM", "FULL", "GROUP", "GROUPING", "GROUPS", "HASH", "HAVING", "IF", "IGNORE", "IN", "INNER",
      "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN", "LATERAL", "LEFT", "LIKE", "LIMIT", "LOOKUP", "MERGE", "NATURAL",
      "NEW", "NO", "NOT", "NULL", "NULLS", "OF", "ON", "OR", "ORDER", "OUTER", "OVER", "PARTITION", "PRECEDING", "PROTO",
      "QUALIFY", "RANGE", "RECURSIVE", "RESPECT", "RIGHT", "ROLLUP", "ROWS", "SELECT", "SET", "SOME", "STRUCT",
      "TABLESAMPLE", "THEN", "TO", "TREAT", "TRUE", "UNBOUNDED", "UNION", "UNNEST", "USING", "WHEN", "WHERE", "WINDOW",
      "WITH", "WITHIN");

  /**
   * Type names, which GoogleSQL does not reserve but which translators and parsers of SQL (the loopback fake,
   * JSqlParser) read as types: quoted too. Quoting never changes the name BigQuery stores.
   */
  static final Set<String> TYPE_NAMES = Set.of("BIGDECIMAL", "BIGNUMERIC", "BLOB", "BOOL", "BOOLEAN", "BYTES", "DATE",
      "DATETIME", "DECIMAL", "FLOAT64", "GEOGRAPHY", "INT64", "INTEGER", "JSON", "NUMERIC", "STRING", "TIME",
      "TIMESTAMP");

  /** Estuary's character mapping: a table or column name for a Flow field or collection name. */
  static String translate(String name) {
    return UNSUPPORTED.matcher(name).replaceAll("_");
  }

  @Override
  public String column(String field) {
    return translate(field);
  }

  @Override
  public String stored(String name) {
    return name;
  }

  @Override
  public String quote(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        // Control characters have escapes in quoted identifiers, but no BigQuery name may hold them.
        throw new IllegalArgumentException("a BigQuery name cannot contain control character U+"
            + String.format(Locale.ROOT, "%04X", (int) c));
      }
    }
    String upper = name.toUpperCase(Locale.ROOT);
    if (SIMPLE.matcher(name).matches() && !RESERVED.contains(upper) && !TYPE_NAMES.contains(upper)) {
      return name;
    }
    return '`' + name.replace("\\", "\\\\").replace("`", "\\`") + '`';
  }

  @Override
  public boolean caseInsensitive() {
    return true;
  }

  @Override
  public boolean tablesCaseInsensitive() {
    return false;
  }

  @Override
  public int maxLength() {
    return 300;
  }
}
