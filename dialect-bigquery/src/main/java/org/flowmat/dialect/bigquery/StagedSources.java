package org.flowmat.dialect.bigquery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement's staged sources, lowered to query-time external tables. The {@code staged_source} template renders
 * each binding's staged files and columns as {@code FLOWMAT_STAGED(FILES('gs://…', …), COLUMNS(c0 'INT64', …))},
 * which is no GoogleSQL: a job's external tables are part of its configuration ({@code tableDefinitions}), not of its
 * text. Before a job runs, each such call becomes a table name ({@code flowmat_staged_<n>}) and its files and
 * columns that table's definition. String literals and quoted names are skipped while scanning, so a key bound's text
 * can never be mistaken for a staged source.
 *
 * @param sql the statement with every staged source replaced by its table's name
 * @param tables each external table's name and definition, in order of first use
 */
record StagedSources(String sql, Map<String, Definition> tables) {
  static final String CALL = "FLOWMAT_STAGED(";
  static final String TABLE_PREFIX = "flowmat_staged_";

  /** One external table: its objects' URIs and its columns' names and types. */
  record Definition(List<String> uris, List<Column> columns) {
    Definition {
      uris = List.copyOf(uris);
      columns = List.copyOf(columns);
    }
  }

  record Column(String name, String type) {}

  static StagedSources lower(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    Map<Definition, String> names = new LinkedHashMap<>();
    Map<String, Definition> tables = new LinkedHashMap<>();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = skipQuoted(sql, i);
        out.append(sql, i, end);
        i = end;
      } else if (sql.startsWith(CALL, i) && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
        Scanner s = new Scanner(sql, i + CALL.length());
        Definition d = s.definition();
        String name = names.computeIfAbsent(d, k -> TABLE_PREFIX + names.size());
        tables.putIfAbsent(name, d);
        out.append(name);
        i = s.pos;
      } else {
        out.append(c);
        i++;
      }
    }
    return new StagedSources(out.toString(), tables);
  }

  /** The index after the quoted section that starts at {@code start} (backslash escapes, as GoogleSQL has them). */
  private static int skipQuoted(String sql, int start) {
    char quote = sql.charAt(start);
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("unterminated quoted text in a statement");
  }

  /** Reads what the staged_source template rendered, strictly: anything else is a bug in the template. */
  private static final class Scanner {
    final String sql;
    int pos;

    Scanner(String sql, int pos) {
      this.sql = sql;
      this.pos = pos;
    }

    Definition definition() {
      expect("FILES(");
      List<String> uris = new ArrayList<>();
      do {
        uris.add(literal());
      } while (comma());
      expect(")");
      comma();
      expect("COLUMNS(");
      List<Column> columns = new ArrayList<>();
      do {
        String name = word();
        space();
        columns.add(new Column(name, literal()));
      } while (comma());
      expect("))");
      return new Definition(uris, columns);
    }

    private boolean comma() {
      space();
      if (pos < sql.length() && sql.charAt(pos) == ',') {
        pos++;
        space();
        return true;
      }
      return false;
    }

    private void space() {
      while (pos < sql.length() && Character.isWhitespace(sql.charAt(pos))) {
        pos++;
      }
    }

    private void expect(String text) {
      space();
      if (!sql.startsWith(text, pos)) {
        throw new IllegalArgumentException("malformed " + CALL + "…) at offset " + pos + ": expected " + text);
      }
      pos += text.length();
    }

    private String word() {
      int start = pos;
      while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException("malformed " + CALL + "…) at offset " + pos + ": expected a column name");
      }
      return sql.substring(start, pos);
    }

    /** A literal as BigQueryLiterals renders it, unescaped. */
    private String literal() {
      space();
      if (pos >= sql.length() || sql.charAt(pos) != '\'') {
        throw new IllegalArgumentException("malformed " + CALL + "…) at offset " + pos + ": expected a string literal");
      }
      StringBuilder out = new StringBuilder();
      pos++;
      while (pos < sql.length()) {
        char c = sql.charAt(pos++);
        if (c == '\'') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = sql.charAt(pos++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'x' -> {
            out.append((char) Integer.parseInt(sql.substring(pos, pos + 2), 16));
            pos += 2;
          }
          default -> out.append(e);
        }
      }
      throw new IllegalArgumentException("unterminated string literal in " + CALL + "…)");
    }
  }
}
