package org.flowmat.dialect.bigquery.fake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The GoogleSQL subset a BigQuery connector generates, translated to DuckDB; every rule lives here.
 *
 * <ul>
 *   <li>Identifiers: backticks become double quotes; {@code `project.dataset.table`} (also split as
 *       {@code `p`.`d`.`t`}) becomes {@code "dataset"."table"} in table position, the project dropped (one project);
 *       a one-part table name is qualified with the default dataset unless it names a tableDefinitions table or a CTE.
 *   <li>Strings: '…', "…", '''…''', r'…' with GoogleSQL escapes become DuckDB '…' literals (double quotes are strings
 *       in GoogleSQL and identifiers in DuckDB).
 *   <li>Types: INT64 (and INT, INTEGER, SMALLINT, BIGINT, TINYINT, BYTEINT) → BIGINT, FLOAT64 → DOUBLE, BOOL → BOOLEAN,
 *       STRING(n) → VARCHAR, BYTES(n) → BLOB, NUMERIC/DECIMAL → DECIMAL(38,9) (or their (p,s)), BIGNUMERIC/BIGDECIMAL →
 *       DECIMAL(38,9) or (min(p,38),s), DATETIME → TIMESTAMP, TIMESTAMP → TIMESTAMPTZ, DATE, TIME, JSON unchanged.
 *   <li>CREATE TABLE: PARTITION BY (DATE(c), c, TIMESTAMP_TRUNC/DATE_TRUNC/DATETIME_TRUNC(c, unit), RANGE_BUCKET(c,
 *       GENERATE_ARRAY(a, b, i))), CLUSTER BY and OPTIONS(…) (table and column) are cut from the DDL and kept as table
 *       metadata; ALTER TABLE with several comma-separated actions becomes one ALTER per action; SET OPTIONS is metadata.
 *   <li>Functions: PARSE_JSON, TO_JSON_STRING, JSON_VALUE, JSON_QUERY, SAFE_CAST, CURRENT_TIMESTAMP(), GENERATE_UUID,
 *       TIMESTAMP(x), DATE(x), TIMESTAMP_TRUNC/DATE_TRUNC/DATETIME_TRUNC(x, unit) map to DuckDB's; FORMAT_TIMESTAMP(f, x[, zone])
 *       to strftime in that zone (%E6S and %E*S as %S.%f).
 *   <li>Query parameters: {@code @name} and {@code ?} become JDBC {@code ?}, in order.
 *   <li>Scripts: statements split on ';'; BEGIN [TRANSACTION], COMMIT [TRANSACTION], ROLLBACK [TRANSACTION] pass
 *       through; {@code ASSERT cond [AS 'message']} becomes a check the job fails on. DECLARE/SET/IF/LOOP are refused.
 * </ul>
 */
final class GoogleSql {
  private GoogleSql() {}

  enum Kind { WS, COMMENT, STRING, QUOTED_ID, WORD, NUMBER, PARAM, POSITIONAL, PUNCT }

  record Token(Kind kind, String text, String value) {
    boolean is(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean punct(String p) {
      return kind == Kind.PUNCT && text.equals(p);
    }

    boolean significant() {
      return kind != Kind.WS && kind != Kind.COMMENT;
    }

    boolean identifier() {
      return kind == Kind.WORD || kind == Kind.QUOTED_ID;
    }
  }

  /** A table named in a statement, with the alias it goes by there (or null). */
  record TableRef(String project, String dataset, String table, String alias) {
    String key() {
      return dataset + "." + table;
    }
  }

  record Column(String name, String bqType, Integer precision, Integer scale, Long maxLength, boolean required, String description) {}

  /** PARTITION BY: a time unit (DAY, HOUR, MONTH, YEAR) over field, or an integer range over field. */
  record Partitioning(String field, String timeUnit, Long rangeStart, Long rangeEnd, Long rangeInterval) {}

  record TableOptions(Long partitionExpirationMs, Boolean requirePartitionFilter, String description) {}

  record CreateTable(TableRef target, List<Column> columns, boolean orReplace, boolean ifNotExists, boolean asSelect,
                     Partitioning partitioning, List<String> clustering, TableOptions options) {}

  record AlterTable(TableRef target, List<Column> added, Map<String, Column> retyped, Set<String> droppedNotNull,
                    Set<String> dropped, TableOptions options) {}

  /**
   * One translated statement. {@code kind} is BigQuery's statementType (SELECT, INSERT, UPDATE, DELETE, MERGE,
   * CREATE_TABLE, CREATE_TABLE_AS_SELECT, DROP_TABLE, ALTER_TABLE, TRUNCATE_TABLE, CREATE_SCHEMA, DROP_SCHEMA) or
   * BEGIN_TRANSACTION, COMMIT_TRANSACTION, ROLLBACK_TRANSACTION, ASSERT. {@code duckSql} may hold several statements
   * (an ALTER with several actions). {@code words}: every identifier part, upper-cased (what columns it may read).
   */
  record Statement(String kind, List<String> duckSql, List<TableRef> tables, TableRef target, List<String> parameters,
                   CreateTable create, AlterTable alter, String assertMessage, Set<String> words, String source,
                   String schemaLocation) {}

  /** Names resolved without a dataset: the query's tableDefinitions. */
  record Context(String defaultDataset, Set<String> localTables) {}

  // ---------------------------------------------------------------------------------------------------------------
  // Tokens

  static List<Token> tokenize(String sql) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
          i++;
        }
        out.add(new Token(Kind.WS, sql.substring(start, i), null));
      } else if (c == '#' || (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-')) {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
        out.add(new Token(Kind.COMMENT, sql.substring(start, i), null));
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.add(new Token(Kind.COMMENT, sql.substring(start, i), null));
      } else if (c == '`') {
        int end = sql.indexOf('`', i + 1);
        if (end < 0) {
          throw ApiException.invalidQuery("Syntax error: Unclosed identifier literal at [" + position(sql, i) + "]");
        }
        i = end + 1;
        out.add(new Token(Kind.QUOTED_ID, sql.substring(start, i), sql.substring(start + 1, end)));
      } else if (c == '\'' || c == '"' || ((c == 'r' || c == 'R' || c == 'b' || c == 'B') && i + 1 < n
          && (sql.charAt(i + 1) == '\'' || sql.charAt(i + 1) == '"'))) {
        boolean raw = c == 'r' || c == 'R';
        if (c != '\'' && c != '"') {
          i++;
        }
        char q = sql.charAt(i);
        boolean triple = i + 2 < n && sql.charAt(i + 1) == q && sql.charAt(i + 2) == q;
        int open = triple ? 3 : 1;
        i += open;
        StringBuilder value = new StringBuilder();
        boolean closed = false;
        while (i < n) {
          char d = sql.charAt(i);
          if (d == '\\' && !raw && i + 1 < n) {
            char e = sql.charAt(i + 1);
            value.append(switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              case '0' -> '\0';
              default -> e;
            });
            i += 2;
            continue;
          }
          if (d == '\\' && raw && i + 1 < n) {
            value.append(d).append(sql.charAt(i + 1));
            i += 2;
            continue;
          }
          if (d == q && (!triple || (i + 2 < n && sql.charAt(i + 1) == q && sql.charAt(i + 2) == q))) {
            i += open;
            closed = true;
            break;
          }
          value.append(d);
          i++;
        }
        if (!closed) {
          throw ApiException.invalidQuery("Syntax error: Unclosed string literal at [" + position(sql, start) + "]");
        }
        out.add(new Token(Kind.STRING, sql.substring(start, i), value.toString()));
      } else if (Character.isLetter(c) || c == '_') {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
          i++;
        }
        out.add(new Token(Kind.WORD, sql.substring(start, i), sql.substring(start, i)));
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))
          && (out.isEmpty() || !lastSignificant(out).map(t -> t.identifier() || t.punct(")")).orElse(false)))) {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.'
            || ((sql.charAt(i) == '+' || sql.charAt(i) == '-') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')))) {
          i++;
        }
        out.add(new Token(Kind.NUMBER, sql.substring(start, i), null));
      } else if (c == '@') {
        i++;
        if (i < n && sql.charAt(i) == '@') {
          throw ApiException.invalidQuery("The fake does not support system variables (@@) at [" + position(sql, start) + "]");
        }
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
          i++;
        }
        out.add(new Token(Kind.PARAM, sql.substring(start, i), sql.substring(start + 1, i)));
      } else if (c == '?') {
        i++;
        out.add(new Token(Kind.POSITIONAL, "?", null));
      } else {
        String two = i + 1 < n ? sql.substring(i, i + 2) : "";
        if (Set.of("<=", ">=", "<>", "!=", "||", "<<", ">>").contains(two)) {
          i += 2;
        } else {
          i++;
        }
        out.add(new Token(Kind.PUNCT, sql.substring(start, i), null));
      }
    }
    return out;
  }

  private static Optional<Token> lastSignificant(List<Token> tokens) {
    for (int k = tokens.size() - 1; k >= 0; k--) {
      if (tokens.get(k).significant()) {
        return Optional.of(tokens.get(k));
      }
    }
    return Optional.empty();
  }

  private static String position(String sql, int offset) {
    int line = 1;
    int col = 1;
    for (int k = 0; k < offset; k++) {
      if (sql.charAt(k) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return line + ":" + col;
  }

  /** Splits a script on ';' and drops empty statements; each statement keeps only its significant tokens. */
  static List<List<Token>> statements(List<Token> tokens) {
    List<List<Token>> out = new ArrayList<>();
    List<Token> cur = new ArrayList<>();
    for (Token t : tokens) {
      if (t.punct(";")) {
        if (!cur.isEmpty()) {
          out.add(cur);
        }
        cur = new ArrayList<>();
      } else if (t.significant()) {
        cur.add(t);
      }
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Statements

  static List<Statement> translate(String sql, Context ctx) {
    List<Statement> out = new ArrayList<>();
    for (List<Token> st : statements(tokenize(sql))) {
      out.add(translateStatement(st, ctx));
    }
    if (out.isEmpty()) {
      throw ApiException.invalidQuery("Syntax error: Unexpected end of script");
    }
    return out;
  }

  private static Statement translateStatement(List<Token> t, Context ctx) {
    String source = render(t);
    String first = t.get(0).kind() == Kind.WORD ? t.get(0).text().toUpperCase(Locale.ROOT) : t.get(0).punct("(") ? "(" : "";
    String second = t.size() > 1 && t.get(1).kind() == Kind.WORD ? t.get(1).text().toUpperCase(Locale.ROOT) : "";
    Set<String> ctes = cteNames(t);
    Emitter e = new Emitter(ctx, ctes);
    switch (first) {
      case "SELECT", "WITH", "(" -> {
        return plain("SELECT", e, t, source);
      }
      case "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE" -> {
        Statement s = plain(first.equals("TRUNCATE") ? "TRUNCATE_TABLE" : first, e, t, source);
        TableRef target = e.tables.isEmpty() ? null : e.tables.get(0);
        return new Statement(s.kind(), s.duckSql(), s.tables(), target, s.parameters(), null, null, null, s.words(), source, null);
      }
      case "BEGIN" -> {
        if (t.size() == 1 || (t.size() == 2 && second.equals("TRANSACTION"))) {
          return control("BEGIN_TRANSACTION", "BEGIN TRANSACTION", source);
        }
        throw unsupported("BEGIN … END blocks", source);
      }
      case "COMMIT" -> {
        return control("COMMIT_TRANSACTION", "COMMIT", source);
      }
      case "ROLLBACK" -> {
        return control("ROLLBACK_TRANSACTION", "ROLLBACK", source);
      }
      case "ASSERT" -> {
        int as = -1;
        int depth = 0;
        for (int k = 1; k < t.size(); k++) {
          if (t.get(k).punct("(")) {
            depth++;
          } else if (t.get(k).punct(")")) {
            depth--;
          } else if (depth == 0 && t.get(k).is("AS") && k + 1 < t.size() && t.get(k + 1).kind() == Kind.STRING) {
            as = k;
          }
        }
        List<Token> cond = t.subList(1, as < 0 ? t.size() : as);
        String message = as < 0 ? "Assertion failed" : t.get(as + 1).value();
        e.emit(cond);
        return new Statement("ASSERT", List.of("SELECT CAST((" + e.sql() + ") AS BOOLEAN)"), e.tables, null, e.parameters,
            null, null, message, e.words, source, null);
      }
      case "CREATE" -> {
        return create(t, ctx, e, source);
      }
      case "DROP" -> {
        if (second.equals("TABLE") || second.equals("VIEW")) {
          return plainWithTarget("DROP_" + second, e, t, source);
        }
        if (second.equals("SCHEMA")) {
          Statement s = plain("DROP_SCHEMA", e, t, source);
          return s;
        }
        throw unsupported("DROP " + second, source);
      }
      case "ALTER" -> {
        if (second.equals("TABLE")) {
          return alter(t, ctx, e, source);
        }
        if (second.equals("SCHEMA")) {
          return control("ALTER_SCHEMA", "SELECT 1", source);
        }
        throw unsupported("ALTER " + second, source);
      }
      default -> throw unsupported(first.isEmpty() ? t.get(0).text() : first, source);
    }
  }

  private static ApiException unsupported(String what, String source) {
    return ApiException.invalidQuery("The BigQuery fake does not support " + what + " (statement: "
        + (source.length() > 120 ? source.substring(0, 120) + "…" : source) + ")");
  }

  private static Statement control(String kind, String duck, String source) {
    return new Statement(kind, List.of(duck), List.of(), null, List.of(), null, null, null, Set.of(), source, null);
  }

  private static Statement plain(String kind, Emitter e, List<Token> t, String source) {
    e.emit(t);
    return new Statement(kind, List.of(e.sql()), e.tables, null, e.parameters, null, null, null, e.words, source, null);
  }

  private static Statement plainWithTarget(String kind, Emitter e, List<Token> t, String source) {
    e.emit(t);
    return new Statement(kind, List.of(e.sql()), e.tables, e.tables.isEmpty() ? null : e.tables.get(0), e.parameters,
        null, null, null, e.words, source, null);
  }

  private static Set<String> cteNames(List<Token> t) {
    Set<String> names = new HashSet<>();
    for (int k = 1; k + 2 < t.size(); k++) {
      Token prev = t.get(k - 1);
      if ((prev.is("WITH") || prev.punct(",") || prev.is("RECURSIVE")) && t.get(k).identifier() && t.get(k + 1).is("AS")
          && t.get(k + 2).punct("(")) {
        names.add(t.get(k).value().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  // CREATE [OR REPLACE] [TEMP] TABLE [IF NOT EXISTS] name [(cols)] [PARTITION BY …] [CLUSTER BY …] [OPTIONS(…)] [AS query]
  private static Statement create(List<Token> t, Context ctx, Emitter e, String source) {
    int k = 1;
    boolean orReplace = false;
    if (t.get(k).is("OR") && k + 1 < t.size() && t.get(k + 1).is("REPLACE")) {
      orReplace = true;
      k += 2;
    }
    if (t.get(k).is("TEMP") || t.get(k).is("TEMPORARY")) {
      throw unsupported("temporary tables", source);
    }
    if (t.get(k).is("SCHEMA")) {
      k++;
      boolean ifNotExists = false;
      if (t.get(k).is("IF")) {
        ifNotExists = true;
        k += 3;
      }
      List<String> name = new ArrayList<>();
      k = chain(t, k, name);
      String dataset = name.get(name.size() - 1);
      String location = null;
      for (int j = k; j + 2 < t.size(); j++) {
        if (t.get(j).is("location") && t.get(j + 1).punct("=") && t.get(j + 2).kind() == Kind.STRING) {
          location = t.get(j + 2).value();
        }
      }
      String duck = "CREATE SCHEMA " + (ifNotExists ? "IF NOT EXISTS " : "") + quote(dataset);
      return new Statement("CREATE_SCHEMA", List.of(duck), List.of(), new TableRef(null, dataset, null, null), List.of(),
          null, null, null, Set.of(), source, location == null ? "" : location);
    }
    if (t.get(k).is("VIEW")) {
      throw unsupported("views", source);
    }
    if (!t.get(k).is("TABLE")) {
      throw unsupported("CREATE " + t.get(k).text(), source);
    }
    k++;
    boolean ifNotExists = false;
    if (t.get(k).is("IF")) {
      ifNotExists = true;
      k += 3;
    }
    List<String> parts = new ArrayList<>();
    k = chain(t, k, parts);
    TableRef target = tableRef(parts, null, ctx, Set.of(), true);
    List<Column> columns = new ArrayList<>();
    StringBuilder duck = new StringBuilder("CREATE ");
    if (orReplace) {
      duck.append("OR REPLACE ");
    }
    duck.append("TABLE ");
    if (ifNotExists) {
      duck.append("IF NOT EXISTS ");
    }
    duck.append(quote(target.dataset())).append('.').append(quote(target.table()));
    if (k < t.size() && t.get(k).punct("(")) {
      int close = matching(t, k);
      List<String> defs = new ArrayList<>();
      for (List<Token> def : splitTopLevel(t.subList(k + 1, close), ",")) {
        Column c = column(def, source);
        columns.add(c);
        defs.add(quote(c.name()) + " " + duckType(c) + (c.required() ? " NOT NULL" : ""));
      }
      duck.append(" (").append(String.join(", ", defs)).append(')');
      k = close + 1;
    }
    Partitioning partitioning = null;
    List<String> clustering = List.of();
    TableOptions options = new TableOptions(null, null, null);
    boolean asSelect = false;
    while (k < t.size()) {
      if (t.get(k).is("PARTITION") && k + 1 < t.size() && t.get(k + 1).is("BY")) {
        int end = clauseEnd(t, k + 2);
        partitioning = partitioning(t.subList(k + 2, end), source);
        k = end;
      } else if (t.get(k).is("CLUSTER") && k + 1 < t.size() && t.get(k + 1).is("BY")) {
        int end = clauseEnd(t, k + 2);
        List<String> cols = new ArrayList<>();
        for (List<Token> c : splitTopLevel(t.subList(k + 2, end), ",")) {
          cols.add(c.get(c.size() - 1).value());
        }
        if (cols.size() > 4) {
          throw ApiException.invalidQuery("Too many clustering columns: " + cols.size() + ", allowed 4");
        }
        clustering = cols;
        k = end;
      } else if (t.get(k).is("OPTIONS") && k + 1 < t.size() && t.get(k + 1).punct("(")) {
        int close = matching(t, k + 1);
        options = options(t.subList(k + 2, close));
        k = close + 1;
      } else if (t.get(k).is("AS")) {
        asSelect = true;
        e.emit(t.subList(k + 1, t.size()));
        duck.append(" AS ").append(e.sql());
        k = t.size();
      } else {
        throw unsupported("CREATE TABLE clause " + t.get(k).text(), source);
      }
    }
    if (partitioning != null && !asSelect) {
      String field = partitioning.field();
      Column pc = columns.stream().filter(c -> c.name().equalsIgnoreCase(field)).findFirst()
          .orElseThrow(() -> ApiException.invalidQuery("Unrecognized name: " + field + " in PARTITION BY"));
      boolean time = Set.of("DATE", "TIMESTAMP", "DATETIME").contains(normalType(pc.bqType()));
      if (partitioning.timeUnit() != null && !time) {
        throw ApiException.invalidQuery("PARTITION BY expression must be DATE(<timestamp_column>), DATE(<datetime_column>),"
            + " DATETIME_TRUNC(<datetime_column>, DAY/HOUR/MONTH/YEAR), a DATE column, TIMESTAMP_TRUNC(<timestamp_column>,"
            + " DAY/HOUR/MONTH/YEAR), DATE_TRUNC(<date_column>, MONTH/YEAR), or RANGE_BUCKET(<int64_column>, GENERATE_ARRAY(<int64_value>, <int64_value>[, <int64_value>]))");
      }
      if (partitioning.timeUnit() == null && !normalType(pc.bqType()).equals("INTEGER")) {
        throw ApiException.invalidQuery("RANGE_BUCKET partitioning needs an INT64 column; " + field + " is " + pc.bqType());
      }
    }
    for (String c : clustering) {
      if (!asSelect && columns.stream().noneMatch(col -> col.name().equalsIgnoreCase(c))) {
        throw ApiException.invalidQuery("The field specified for clustering cannot be found in the schema. Invalid field: " + c);
      }
    }
    CreateTable create = new CreateTable(target, columns, orReplace, ifNotExists, asSelect, partitioning, clustering, options);
    List<TableRef> tables = new ArrayList<>(e.tables);
    return new Statement(asSelect ? "CREATE_TABLE_AS_SELECT" : "CREATE_TABLE", List.of(duck.toString()), tables, target,
        e.parameters, create, null, null, e.words, source, null);
  }

  private static int clauseEnd(List<Token> t, int from) {
    int depth = 0;
    for (int k = from; k < t.size(); k++) {
      Token x = t.get(k);
      if (x.punct("(")) {
        depth++;
      } else if (x.punct(")")) {
        depth--;
      } else if (depth == 0 && (x.is("CLUSTER") || x.is("OPTIONS") || x.is("AS") || x.is("PARTITION"))) {
        return k;
      }
    }
    return t.size();
  }

  private static Partitioning partitioning(List<Token> expr, String source) {
    if (expr.size() == 1 && expr.get(0).identifier()) {
      return new Partitioning(expr.get(0).value(), "DAY", null, null, null);
    }
    String fn = expr.get(0).text().toUpperCase(Locale.ROOT);
    if (expr.size() < 3 || !expr.get(1).punct("(")) {
      throw unsupported("PARTITION BY " + render(expr), source);
    }
    List<List<Token>> args = splitTopLevel(expr.subList(2, matching(expr, 1)), ",");
    String field = args.get(0).get(args.get(0).size() - 1).value();
    switch (fn) {
      case "DATE" -> {
        return new Partitioning(field, "DAY", null, null, null);
      }
      case "TIMESTAMP_TRUNC", "DATE_TRUNC", "DATETIME_TRUNC" -> {
        String unit = args.get(1).get(0).text().toUpperCase(Locale.ROOT);
        if (!Set.of("DAY", "HOUR", "MONTH", "YEAR").contains(unit)) {
          throw ApiException.invalidQuery("Unsupported partitioning unit " + unit);
        }
        return new Partitioning(field, unit, null, null, null);
      }
      case "RANGE_BUCKET" -> {
        List<Token> gen = args.get(1);
        List<List<Token>> g = splitTopLevel(gen.subList(2, matching(gen, 1)), ",");
        long start = Long.parseLong(render(g.get(0)).replace(" ", ""));
        long end = Long.parseLong(render(g.get(1)).replace(" ", ""));
        long interval = g.size() > 2 ? Long.parseLong(render(g.get(2)).replace(" ", "")) : 1;
        return new Partitioning(field, null, start, end, interval);
      }
      default -> throw unsupported("PARTITION BY " + fn, source);
    }
  }

  private static TableOptions options(List<Token> list) {
    Long expiration = null;
    Boolean require = null;
    String description = null;
    for (List<Token> opt : splitTopLevel(list, ",")) {
      if (opt.size() < 3) {
        continue;
      }
      String name = opt.get(0).text().toLowerCase(Locale.ROOT);
      List<Token> value = opt.subList(2, opt.size());
      String v = value.get(0).kind() == Kind.STRING ? value.get(0).value() : render(value).replace(" ", "");
      switch (name) {
        case "partition_expiration_days" -> expiration = v.equalsIgnoreCase("NULL") ? null
            : Math.round(Double.parseDouble(v) * 86_400_000d);
        case "require_partition_filter" -> require = Boolean.parseBoolean(v);
        case "description" -> description = v;
        default -> {
          // labels, friendly_name, expiration_timestamp … are accepted and not kept.
        }
      }
    }
    return new TableOptions(expiration, require, description);
  }

  private static Column column(List<Token> def, String source) {
    if (def.isEmpty() || !def.get(0).identifier()) {
      throw ApiException.invalidQuery("Syntax error: expected a column definition in " + source);
    }
    String name = def.get(0).value();
    int k = 1;
    if (k >= def.size()) {
      throw ApiException.invalidQuery("Syntax error: column " + name + " has no type");
    }
    String type = def.get(k).text().toUpperCase(Locale.ROOT);
    if (type.equals("ARRAY") || type.equals("STRUCT") || type.equals("RANGE") || type.equals("GEOGRAPHY")) {
      throw unsupported("column type " + type, source);
    }
    k++;
    Integer precision = null;
    Integer scale = null;
    Long maxLength = null;
    if (k < def.size() && def.get(k).punct("(")) {
      int close = matching(def, k);
      List<List<Token>> params = splitTopLevel(def.subList(k + 1, close), ",");
      if (type.equals("STRING") || type.equals("BYTES")) {
        maxLength = Long.parseLong(params.get(0).get(0).text());
      } else {
        precision = Integer.parseInt(params.get(0).get(0).text());
        scale = params.size() > 1 ? Integer.parseInt(params.get(1).get(0).text()) : 0;
      }
      k = close + 1;
    }
    boolean required = false;
    String description = null;
    while (k < def.size()) {
      if (def.get(k).is("NOT") && k + 1 < def.size() && def.get(k + 1).is("NULL")) {
        required = true;
        k += 2;
      } else if (def.get(k).is("OPTIONS") && k + 1 < def.size() && def.get(k + 1).punct("(")) {
        int close = matching(def, k + 1);
        description = options(def.subList(k + 2, close)).description();
        k = close + 1;
      } else if (def.get(k).is("DEFAULT") || def.get(k).is("COLLATE")) {
        throw unsupported("column " + def.get(k).text(), source);
      } else {
        throw ApiException.invalidQuery("Syntax error: unexpected " + def.get(k).text() + " in column " + name);
      }
    }
    return new Column(name, normalType(type), precision, scale, maxLength, required, description);
  }

  // ALTER TABLE t action[, action…]
  private static Statement alter(List<Token> t, Context ctx, Emitter e, String source) {
    int k = 2;
    boolean ifExists = false;
    if (t.get(k).is("IF")) {
      ifExists = true;
      k += 2;
    }
    List<String> parts = new ArrayList<>();
    k = chain(t, k, parts);
    TableRef target = tableRef(parts, null, ctx, Set.of(), true);
    String table = quote(target.dataset()) + "." + quote(target.table());
    List<String> duck = new ArrayList<>();
    List<Column> added = new ArrayList<>();
    Map<String, Column> retyped = new java.util.LinkedHashMap<>();
    Set<String> droppedNotNull = new LinkedHashSet<>();
    Set<String> dropped = new LinkedHashSet<>();
    TableOptions options = null;
    for (List<Token> action : splitTopLevel(t.subList(k, t.size()), ",")) {
      if (action.get(0).is("ADD") && action.size() > 1 && action.get(1).is("COLUMN")) {
        int j = 2;
        boolean ine = false;
        if (action.get(j).is("IF")) {
          ine = true;
          j += 3;
        }
        Column c = column(action.subList(j, action.size()), source);
        added.add(c);
        duck.add("ALTER TABLE " + table + " ADD COLUMN " + (ine ? "IF NOT EXISTS " : "") + quote(c.name()) + " "
            + duckType(c));
        if (c.required()) {
          throw ApiException.invalidQuery("Cannot add REQUIRED column " + c.name() + " to an existing table");
        }
      } else if (action.get(0).is("ALTER") && action.size() > 3 && action.get(1).is("COLUMN")) {
        String col = action.get(2).value();
        if (action.get(3).is("DROP") && action.size() > 5 && action.get(4).is("NOT") && action.get(5).is("NULL")) {
          droppedNotNull.add(col);
          duck.add("ALTER TABLE " + table + " ALTER COLUMN " + quote(col) + " DROP NOT NULL");
        } else if (action.get(3).is("SET") && action.size() > 5 && action.get(4).is("DATA") && action.get(5).is("TYPE")) {
          List<Token> def = new ArrayList<>();
          def.add(action.get(2));
          def.addAll(action.subList(6, action.size()));
          Column c = column(def, source);
          retyped.put(col, c);
          duck.add("ALTER TABLE " + table + " ALTER COLUMN " + quote(col) + " SET DATA TYPE " + duckType(c));
        } else if (action.get(3).is("SET") && action.size() > 4 && action.get(4).is("OPTIONS")) {
          // A column description: metadata only.
        } else {
          throw unsupported("ALTER COLUMN " + render(action.subList(3, action.size())), source);
        }
      } else if (action.get(0).is("DROP") && action.size() > 1 && action.get(1).is("COLUMN")) {
        int j = 2;
        boolean ie = false;
        if (action.get(j).is("IF")) {
          ie = true;
          j += 2;
        }
        String col = action.get(j).value();
        dropped.add(col);
        duck.add("ALTER TABLE " + table + " DROP COLUMN " + (ie ? "IF EXISTS " : "") + quote(col));
      } else if (action.get(0).is("RENAME") && action.size() > 2 && action.get(1).is("TO")) {
        duck.add("ALTER TABLE " + table + " RENAME TO " + quote(action.get(2).value()));
      } else if (action.get(0).is("SET") && action.size() > 2 && action.get(1).is("OPTIONS")) {
        options = options(action.subList(3, matching(action, 2)));
      } else {
        throw unsupported("ALTER TABLE " + render(action), source);
      }
    }
    if (duck.isEmpty()) {
      duck.add("SELECT 1");
    }
    AlterTable alter = new AlterTable(target, added, retyped, droppedNotNull, dropped, options);
    return new Statement("ALTER_TABLE", duck, List.of(target), target, List.of(), null, alter, null, Set.of(), source,
        ifExists ? "IF EXISTS" : null);
  }

  /** Reads a dotted name from k (parts of quoted identifiers split on '.'); returns the index after it. */
  private static int chain(List<Token> t, int k, List<String> parts) {
    while (k < t.size() && t.get(k).identifier()) {
      Token x = t.get(k);
      if (x.kind() == Kind.QUOTED_ID) {
        parts.addAll(List.of(x.value().split("\\.", -1)));
      } else {
        parts.add(x.value());
      }
      k++;
      // project ids may contain '-': `my-project`.ds.t is quoted, my-project.ds.t unquoted is not supported.
      if (k < t.size() && t.get(k).punct(".") && k + 1 < t.size() && t.get(k + 1).identifier()) {
        k++;
      } else {
        break;
      }
    }
    return k;
  }

  private static TableRef tableRef(List<String> parts, String alias, Context ctx, Set<String> ctes, boolean mustQualify) {
    return switch (parts.size()) {
      case 3 -> new TableRef(parts.get(0), parts.get(1), parts.get(2), alias);
      case 2 -> new TableRef(null, parts.get(0), parts.get(1), alias);
      case 1 -> {
        String name = parts.get(0);
        boolean local = ctes.contains(name.toLowerCase(Locale.ROOT))
            || ctx.localTables().stream().anyMatch(n -> n.equalsIgnoreCase(name));
        if (local && !mustQualify) {
          yield new TableRef(null, null, name, alias);
        }
        if (ctx.defaultDataset() == null) {
          throw ApiException.invalidQuery("Table \"" + name + "\" must be qualified with a dataset (e.g. dataset.table).");
        }
        yield new TableRef(null, ctx.defaultDataset(), name, alias);
      }
      default -> throw ApiException.invalidQuery("Invalid table name: " + String.join(".", parts));
    };
  }

  static int matching(List<Token> t, int open) {
    int depth = 0;
    for (int k = open; k < t.size(); k++) {
      if (t.get(k).punct("(")) {
        depth++;
      } else if (t.get(k).punct(")")) {
        if (--depth == 0) {
          return k;
        }
      }
    }
    throw ApiException.invalidQuery("Syntax error: unbalanced parentheses");
  }

  static List<List<Token>> splitTopLevel(List<Token> t, String sep) {
    List<List<Token>> out = new ArrayList<>();
    List<Token> cur = new ArrayList<>();
    int depth = 0;
    for (Token x : t) {
      if (x.punct("(") || x.punct("<")) {
        depth++;
      } else if (x.punct(")") || x.punct(">")) {
        depth--;
      }
      if (depth == 0 && x.punct(sep)) {
        out.add(cur);
        cur = new ArrayList<>();
      } else {
        cur.add(x);
      }
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  static String render(List<Token> t) {
    StringBuilder sb = new StringBuilder();
    for (Token x : t) {
      if (sb.length() > 0 && !x.punct(".") && !x.punct(",") && !x.punct(")") && !endsWith(sb, "(") && !endsWith(sb, ".")) {
        sb.append(' ');
      }
      sb.append(x.text());
    }
    return sb.toString();
  }

  private static boolean endsWith(StringBuilder sb, String s) {
    return sb.length() >= s.length() && sb.substring(sb.length() - s.length()).equals(s);
  }

  static String quote(String id) {
    return "\"" + id.replace("\"", "\"\"") + "\"";
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Types

  /** A BigQuery type name as the REST API reports it (legacy names: INTEGER, FLOAT, BOOLEAN). */
  static String normalType(String type) {
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "INT64", "INT", "INTEGER", "SMALLINT", "BIGINT", "TINYINT", "BYTEINT" -> "INTEGER";
      case "FLOAT64", "FLOAT" -> "FLOAT";
      case "BOOL", "BOOLEAN" -> "BOOLEAN";
      case "NUMERIC", "DECIMAL" -> "NUMERIC";
      case "BIGNUMERIC", "BIGDECIMAL" -> "BIGNUMERIC";
      case "STRING", "BYTES", "DATE", "TIME", "DATETIME", "TIMESTAMP", "JSON" -> type.toUpperCase(Locale.ROOT);
      default -> throw ApiException.invalidQuery("Type not found: " + type);
    };
  }

  static String duckType(Column c) {
    return duckType(c.bqType(), c.precision(), c.scale());
  }

  static String duckType(String bqType, Integer precision, Integer scale) {
    return switch (normalType(bqType)) {
      case "INTEGER" -> "BIGINT";
      case "FLOAT" -> "DOUBLE";
      case "BOOLEAN" -> "BOOLEAN";
      case "NUMERIC", "BIGNUMERIC" -> precision == null ? "DECIMAL(38,9)"
          : "DECIMAL(" + Math.min(precision, 38) + "," + Math.min(scale == null ? 0 : scale, Math.min(precision, 38)) + ")";
      case "STRING" -> "VARCHAR";
      case "BYTES" -> "BLOB";
      case "DATE" -> "DATE";
      case "TIME" -> "TIME";
      case "DATETIME" -> "TIMESTAMP";
      case "TIMESTAMP" -> "TIMESTAMPTZ";
      case "JSON" -> "JSON";
      default -> throw new IllegalStateException(bqType);
    };
  }

  /** The BigQuery type of a DuckDB column type, for tables made by CREATE TABLE AS and for query results. */
  static String bqTypeOfDuck(String duck) {
    String d = duck.toUpperCase(Locale.ROOT);
    if (d.startsWith("DECIMAL")) {
      return d.endsWith(",0)") ? "BIGNUMERIC" : "NUMERIC";
    }
    return switch (d) {
      case "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT" -> "INTEGER";
      case "DOUBLE", "FLOAT", "REAL" -> "FLOAT";
      case "BOOLEAN" -> "BOOLEAN";
      case "BLOB" -> "BYTES";
      case "DATE" -> "DATE";
      case "TIME" -> "TIME";
      case "TIMESTAMP" -> "DATETIME";
      case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> "TIMESTAMP";
      case "JSON" -> "JSON";
      default -> "STRING";
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Expressions and table references

  private static final Set<String> TABLE_KEYWORDS = Set.of("FROM", "JOIN", "INTO", "UPDATE", "TABLE", "MERGE", "INSERT",
      "DELETE");
  private static final Set<String> NOT_TABLE = Set.of("INTO", "TABLE", "FROM", "UNNEST", "SET", "ROW", "WHEN", "WHERE",
      "VALUES", "SELECT", "IF");
  private static final Set<String> COMMA_TABLES_END = Set.of("WHERE", "ON", "JOIN", "GROUP", "ORDER", "LIMIT", "UNION",
      "SELECT", "HAVING", "QUALIFY", "WINDOW", "SET", "WHEN", "USING", "LEFT", "RIGHT", "INNER", "FULL", "CROSS");
  private static final Set<String> KEYWORDS_BEFORE_PAREN = Set.of("VALUES", "INSERT", "IN", "AS", "AND", "OR", "NOT",
      "ON", "USING", "EXISTS", "FROM", "JOIN", "SELECT", "WHERE", "THEN", "ELSE", "WHEN", "BY", "OVER", "SET", "ALL",
      "UNION", "ANY", "SOME");
  private static final Set<String> NOT_ALIAS = Set.of("WHERE", "ON", "JOIN", "LEFT", "RIGHT", "INNER", "FULL", "CROSS",
      "OUTER", "USING", "SET", "WHEN", "GROUP", "ORDER", "LIMIT", "UNION", "SELECT", "VALUES", "HAVING", "QUALIFY",
      "WINDOW", "EXCEPT", "INTERSECT", "AS", "BY", "DEFAULT", "FOR", "ROW", "OPTIONS");

  /** Emits DuckDB text for a token run, collecting the tables it names, its parameters and its words. */
  private static final class Emitter {
    final Context ctx;
    final Set<String> ctes;
    final List<TableRef> tables = new ArrayList<>();
    final List<String> parameters = new ArrayList<>();
    final Set<String> words = new HashSet<>();
    private StringBuilder sb = new StringBuilder();

    Emitter(Context ctx, Set<String> ctes) {
      this.ctx = ctx;
      this.ctes = ctes;
    }

    String sql() {
      String s = sb.toString().trim();
      sb = new StringBuilder();
      return s;
    }

    private void out(String s) {
      if (sb.length() > 0 && !s.isEmpty()) {
        char last = sb.charAt(sb.length() - 1);
        char first = s.charAt(0);
        boolean call = first == '(' && isWordChar(last) && !KEYWORDS_BEFORE_PAREN.contains(lastWord().toUpperCase(Locale.ROOT));
        boolean tight = last == '(' || last == '.' || first == ')' || first == ',' || first == '.' || call;
        if (!tight) {
          sb.append(' ');
        }
      }
      sb.append(s);
    }

    private String lastWord() {
      int end = sb.length();
      int start = end;
      while (start > 0 && (Character.isLetterOrDigit(sb.charAt(start - 1)) || sb.charAt(start - 1) == '_')) {
        start--;
      }
      return sb.substring(start, end);
    }

    private static boolean isWordChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '"';
    }

    void emit(List<Token> t) {
      boolean mergeSeen = false;
      boolean commaTables = false;
      int depth = 0;
      int setDepth = -1;
      for (int k = 0; k < t.size(); k++) {
        Token x = t.get(k);
        Token prev = k > 0 ? t.get(k - 1) : null;
        Token next = k + 1 < t.size() ? t.get(k + 1) : null;
        if (x.punct("(")) {
          depth++;
        } else if (x.punct(")")) {
          depth--;
        }
        if (x.is("SET")) {
          setDepth = depth;
        } else if (x.is("WHERE") || x.is("WHEN") || x.is("FROM") || depth < setDepth) {
          setDepth = -1;
        }
        // UPDATE … SET l.col = …: GoogleSQL allows the target's qualifier, DuckDB does not.
        if (setDepth == depth && x.identifier() && prev != null && (prev.is("SET") || prev.punct(","))) {
          List<String> parts = new ArrayList<>();
          int end = chain(t, k, parts);
          if (parts.size() > 1 && end < t.size() && t.get(end).punct("=")) {
            words.add(parts.get(parts.size() - 1).toUpperCase(Locale.ROOT));
            out(quote(parts.get(parts.size() - 1)));
            k = end - 1;
            continue;
          }
        }
        if (x.is("MERGE")) {
          mergeSeen = true;
        }
        if (x.kind() == Kind.WORD && COMMA_TABLES_END.contains(x.text().toUpperCase(Locale.ROOT)) || x.punct("(")
            || x.punct(")")) {
          commaTables = false;
        }
        boolean afterKeyword = prev != null && prev.kind() == Kind.WORD
            && (TABLE_KEYWORDS.contains(prev.text().toUpperCase(Locale.ROOT)) || (prev.is("USING") && mergeSeen)
                || (prev.is("EXISTS") && k >= 3 && t.get(k - 2).is("IF") && t.get(k - 3).is("TABLE")));
        boolean tablePosition = x.identifier()
            && (afterKeyword || (commaTables && prev != null && prev.punct(",")))
            && !(next != null && next.punct("(") && !(prev.is("INTO") || prev.is("INSERT") || prev.is("TABLE")))
            && !(x.kind() == Kind.WORD && NOT_TABLE.contains(x.text().toUpperCase(Locale.ROOT)))
            && !(prev.is("FROM") && k >= 3 && t.get(k - 3).is("EXTRACT"));
        if (tablePosition) {
          List<String> parts = new ArrayList<>();
          int end = chain(t, k, parts);
          String alias = null;
          int a = end;
          if (a < t.size() && t.get(a).is("AS") && a + 1 < t.size() && t.get(a + 1).identifier()) {
            alias = t.get(a + 1).value();
          } else if (a < t.size() && t.get(a).identifier()
              && !NOT_ALIAS.contains(t.get(a).text().toUpperCase(Locale.ROOT))) {
            alias = t.get(a).value();
          }
          TableRef ref = tableRef(parts, alias, ctx, ctes, false);
          if (ref.dataset() == null) {
            words.add(ref.table().toUpperCase(Locale.ROOT));
            out(quote(ref.table()));
          } else {
            tables.add(ref);
            out(quote(ref.dataset()) + "." + quote(ref.table()));
          }
          commaTables = prev.is("FROM") || prev.punct(",");
          k = end - 1;
          continue;
        }
        if (x.punct("*") && prev != null && (prev.is("SELECT") || prev.punct(",") || prev.punct("."))) {
          words.add("*");
        }
        switch (x.kind()) {
          case STRING -> out(x.text().startsWith("b") || x.text().startsWith("B")
              ? literal(x.value()) + "::BLOB" : literal(x.value()));
          case QUOTED_ID -> {
            for (String p : x.value().split("\\.", -1)) {
              words.add(p.toUpperCase(Locale.ROOT));
            }
            String[] parts = x.value().split("\\.", -1);
            StringBuilder q = new StringBuilder();
            for (String p : parts) {
              if (q.length() > 0) {
                q.append('.');
              }
              q.append(quote(p));
            }
            out(q.toString());
          }
          case PARAM -> {
            parameters.add(x.value());
            out("?");
          }
          case POSITIONAL -> {
            parameters.add(null);
            out("?");
          }
          case WORD -> k = word(t, k);
          default -> out(x.text());
        }
      }
    }

    private int word(List<Token> t, int k) {
      Token x = t.get(k);
      String up = x.text().toUpperCase(Locale.ROOT);
      Token prev = k > 0 ? t.get(k - 1) : null;
      Token next = k + 1 < t.size() ? t.get(k + 1) : null;
      boolean qualified = (prev != null && prev.punct(".")) || (next != null && next.punct("."));
      boolean call = next != null && next.punct("(");
      words.add(up);
      if (qualified) {
        out(x.text());
        return k;
      }
      switch (up) {
        case "INT64", "INTEGER", "INT", "SMALLINT", "BIGINT", "TINYINT", "BYTEINT" -> out("BIGINT");
        case "FLOAT64" -> out("DOUBLE");
        case "BOOL" -> out("BOOLEAN");
        case "DATETIME" -> out(call ? "CAST_DATETIME" : "TIMESTAMP");
        case "STRING", "BYTES" -> {
          if (call && !isTypePosition(t, k)) {
            out(up.equals("STRING") ? "bq_string" : "bq_bytes");
            return k;
          }
          out(up.equals("STRING") ? "VARCHAR" : "BLOB");
          if (call) {
            return GoogleSql.matching(t, k + 1);
          }
        }
        case "NUMERIC", "DECIMAL", "BIGNUMERIC", "BIGDECIMAL" -> {
          if (call) {
            int close = GoogleSql.matching(t, k + 1);
            List<List<Token>> p = splitTopLevel(t.subList(k + 2, close), ",");
            int precision = Integer.parseInt(p.get(0).get(0).text());
            int scale = p.size() > 1 ? Integer.parseInt(p.get(1).get(0).text()) : 0;
            out(duckType("NUMERIC", precision, scale));
            return close;
          }
          if (prev != null && (prev.is("AS") || prev.punct(",") || prev.punct("(") || prev.identifier() || prev.punct("<"))
              || (next != null && next.kind() == Kind.STRING)) {
            out("DECIMAL(38,9)");
          } else {
            out(x.text());
          }
        }
        case "TIMESTAMP" -> out(call ? "bq_timestamp" : "TIMESTAMPTZ");
        case "DATE" -> out(call ? "bq_date" : "DATE");
        case "PARSE_JSON" -> out("bq_parse_json");
        case "TO_JSON_STRING" -> out("bq_to_json_string");
        case "JSON_VALUE" -> out("json_extract_string");
        case "JSON_QUERY" -> out("json_extract");
        case "SAFE_CAST" -> out("TRY_CAST");
        case "GENERATE_UUID" -> out("gen_random_uuid");
        case "GENERATE_ARRAY" -> out("generate_series");
        case "UNNEST" -> {
          // FROM UNNEST(a) AS x: GoogleSQL's alias names the column; DuckDB's would name a one-column table.
          if (!call || prev == null || !(prev.is("FROM") || prev.is("JOIN") || prev.punct(","))) {
            out(x.text());
            return k;
          }
          int close = GoogleSql.matching(t, k + 1);
          Emitter inner = new Emitter(ctx, ctes);
          inner.emit(t.subList(k + 2, close));
          tables.addAll(inner.tables);
          parameters.addAll(inner.parameters);
          words.addAll(inner.words);
          out("unnest(" + inner.sql() + ")");
          int a = close + 1;
          if (a < t.size() && t.get(a).is("AS")) {
            a++;
          }
          if (a < t.size() && t.get(a).identifier() && !NOT_ALIAS.contains(t.get(a).text().toUpperCase(Locale.ROOT))) {
            String alias = t.get(a).value();
            out("AS " + quote("unnest_" + alias) + "(" + quote(alias) + ")");
            return a;
          }
          return close;
        }
        case "CURRENT_TIMESTAMP", "CURRENT_DATE" -> {
          out(up.equals("CURRENT_TIMESTAMP") ? "current_timestamp" : "current_date");
          if (call && k + 2 < t.size() && t.get(k + 2).punct(")")) {
            return k + 2;
          }
        }
        case "TIMESTAMP_TRUNC", "DATE_TRUNC", "DATETIME_TRUNC" -> {
          if (!call) {
            out(x.text());
            return k;
          }
          int close = GoogleSql.matching(t, k + 1);
          List<List<Token>> args = splitTopLevel(t.subList(k + 2, close), ",");
          if (args.size() != 2) {
            throw ApiException.invalidQuery(up + " needs 2 arguments");
          }
          Emitter inner = new Emitter(ctx, ctes);
          inner.emit(args.get(0));
          tables.addAll(inner.tables);
          parameters.addAll(inner.parameters);
          words.addAll(inner.words);
          out("date_trunc(" + literal(args.get(1).get(0).text().toLowerCase(Locale.ROOT)) + ", " + inner.sql() + ")");
          return close;
        }
        case "FORMAT_TIMESTAMP" -> {
          if (!call) {
            out(x.text());
            return k;
          }
          // FORMAT_TIMESTAMP(format, ts [, zone]) → strftime(ts AT TIME ZONE zone, format); %E6S / %E*S → %S.%f.
          int close = GoogleSql.matching(t, k + 1);
          List<List<Token>> args = splitTopLevel(t.subList(k + 2, close), ",");
          java.util.function.Function<List<Token>, String> string = arg -> arg.stream()
              .filter(tok -> tok.kind() == Kind.STRING).map(Token::value).findFirst().orElse(null);
          if (args.size() < 2 || string.apply(args.get(0)) == null) {
            throw ApiException.invalidQuery("FORMAT_TIMESTAMP needs a format string and a timestamp");
          }
          String format = string.apply(args.get(0)).replace("%E6S", "%S.%f").replace("%E*S", "%S.%f");
          String zone = args.size() > 2 && string.apply(args.get(2)) != null ? string.apply(args.get(2)) : "UTC";
          Emitter inner = new Emitter(ctx, ctes);
          inner.emit(args.get(1));
          tables.addAll(inner.tables);
          parameters.addAll(inner.parameters);
          words.addAll(inner.words);
          out("strftime((" + inner.sql() + ") AT TIME ZONE " + literal(zone) + ", " + literal(format) + ")");
          return close;
        }
        case "DECLARE", "LOOP", "WHILE", "CALL", "EXECUTE", "RAISE" -> throw ApiException.invalidQuery(
            "The BigQuery fake does not support scripting statement " + up);
        default -> out(x.text());
      }
      return k;
    }

    // STRING(10) in a column list or CAST is a type; STRING(x) elsewhere is a function.
    private static boolean isTypePosition(List<Token> t, int k) {
      Token prev = k > 0 ? t.get(k - 1) : null;
      return prev != null && (prev.is("AS") || prev.identifier());
    }
  }

  /** DuckDB macros the translation relies on; created once per database. */
  static final List<String> MACROS = List.of(
      "CREATE OR REPLACE MACRO bq_parse_json(s) AS CAST(json(s) AS JSON)",
      "CREATE OR REPLACE MACRO bq_to_json_string(x) AS CAST(to_json(x) AS VARCHAR)",
      "CREATE OR REPLACE MACRO bq_timestamp(x) AS CAST(x AS TIMESTAMPTZ)",
      "CREATE OR REPLACE MACRO bq_date(x) AS CAST(x AS DATE)",
      "CREATE OR REPLACE MACRO cast_datetime(x) AS CAST(x AS TIMESTAMP)",
      "CREATE OR REPLACE MACRO bq_string(x) AS CAST(x AS VARCHAR)",
      "CREATE OR REPLACE MACRO bq_bytes(x) AS CAST(x AS BLOB)");
}
