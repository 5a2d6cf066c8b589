package org.flowmat.dialect.snowflake.fake.translate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowmat.dialect.snowflake.fake.translate.Token.Kind;

/**
 * Every rule that turns Snowflake SQL (the subset a connector generates) into DuckDB SQL, in one place. The rules work
 * on tokens, so string literals and quoted identifiers are never touched:
 * <ul>
 *   <li>unquoted words fold to upper case, as Snowflake resolves them ({@code orders} is table {@code ORDERS});</li>
 *   <li>Snowflake types in type positions (column definitions, {@code ::}, {@code CAST(.. AS ..)}) become DuckDB
 *       types ({@link #duckDbType});</li>
 *   <li>{@code $1}, {@code $1[i]}, {@code $1:a.b} on a staged file become JSON extraction from the line's value;</li>
 *   <li>{@code FROM @stage/prefix} becomes a read of the staged (gzip) NDJSON files;</li>
 *   <li>{@code [db.]INFORMATION_SCHEMA.COLUMNS|TABLES|SCHEMATA} become views with Snowflake's columns and type names;</li>
 *   <li>session functions ({@code CURRENT_WAREHOUSE()} ...) become the session's values, and a few functions are
 *       renamed ({@link #RENAMED_FUNCTIONS});</li>
 *   <li>constraints Snowflake does not enforce (PRIMARY KEY, UNIQUE, FOREIGN KEY) and table options DuckDB lacks
 *       (CLUSTER BY, COMMENT =, TRANSIENT ...) are dropped; ALTER TABLE with several actions becomes one statement
 *       per action; MERGE's {@code UPDATE SET alias.col} loses the alias.</li>
 * </ul>
 */
public final class SnowflakeToDuckDb {
  private SnowflakeToDuckDb() {}

  /** Snowflake function → DuckDB function of the same arguments. */
  static final Map<String, String> RENAMED_FUNCTIONS = Map.ofEntries(
      Map.entry("PARSE_JSON", "json"),
      Map.entry("TRY_PARSE_JSON", "json"),
      Map.entry("IFF", "if"),
      Map.entry("NVL", "coalesce"),
      Map.entry("OBJECT_CONSTRUCT", "json_object"),
      Map.entry("ARRAY_CONSTRUCT", "json_array"),
      Map.entry("TO_VARIANT", "to_json"),
      Map.entry("BASE64_DECODE_BINARY", "from_base64"),
      Map.entry("BASE64_ENCODE", "to_base64"),
      Map.entry("SYSDATE", "now"),
      Map.entry("LEN", "length"));

  private static final Set<String> TABLE_CONSTRAINT_STARTS = Set.of("PRIMARY", "CONSTRAINT", "UNIQUE", "FOREIGN", "CHECK");
  private static final Set<String> DROPPED_TABLE_WORDS = Set.of("TRANSIENT", "VOLATILE", "LOCAL", "GLOBAL");

  /** Statements of a request, split at top-level semicolons (empty ones dropped), without spaces. */
  public static List<List<Token>> statements(String sql) {
    List<List<Token>> out = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    int depth = 0;
    for (Token t : SqlTokenizer.significant(SqlTokenizer.tokenize(sql))) {
      if (t.isSymbol("(")) {
        depth++;
      } else if (t.isSymbol(")")) {
        depth--;
      }
      if (depth == 0 && t.isSymbol(";")) {
        if (!current.isEmpty()) {
          out.add(current);
        }
        current = new ArrayList<>();
      } else {
        current.add(t);
      }
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  /** Translates one statement (tokens without spaces) to the DuckDB statements that do the same. */
  public static List<String> translate(List<Token> statement, TranslationContext ctx) {
    List<Token> t = new ArrayList<>(statement);
    if (startsWith(t, "ALTER", "TABLE")) {
      return alterTable(t, ctx);
    }
    if (startsWith(t, "CREATE")) {
      createTable(t);
    }
    if (startsWith(t, "MERGE")) {
      unqualifyMergeSet(t);
    }
    return List.of(join(expressions(t, ctx)));
  }

  /** Translates one Snowflake statement or expression given as text. */
  public static String translate(String sql, TranslationContext ctx) {
    List<List<Token>> statements = statements(sql);
    if (statements.size() != 1) {
      throw new IllegalArgumentException("expected one statement, got " + statements.size());
    }
    return String.join(";\n", translate(statements.get(0), ctx));
  }

  /** The expression-level rules, applied to any statement or fragment. */
  public static List<Token> expressions(List<Token> in, TranslationContext ctx) {
    List<Token> t = new ArrayList<>(in);
    castTypes(t);
    dollarPaths(t);
    stages(t, ctx);
    informationSchema(t, ctx);
    functions(t, ctx);
    fold(t);
    return t;
  }

  // ---- types ----

  /** The DuckDB type for a Snowflake type name (upper case, multi-word names joined by one space) and its arguments. */
  public static String duckDbType(String name, List<String> args) {
    return switch (name) {
      case "NUMBER", "NUMERIC", "DECIMAL" -> args.isEmpty() ? "DECIMAL(38,0)"
          : "DECIMAL(" + args.get(0) + "," + (args.size() > 1 ? args.get(1) : "0") + ")";
      // Snowflake's integer types are all NUMBER(38,0).
      case "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT" -> "DECIMAL(38,0)";
      case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "DOUBLE PRECISION", "REAL" -> "DOUBLE";
      case "VARCHAR", "STRING", "TEXT", "CHAR", "CHARACTER", "NCHAR", "NVARCHAR", "NVARCHAR2", "CHAR VARYING",
           "CHARACTER VARYING", "NCHAR VARYING" -> "VARCHAR";
      case "BINARY", "VARBINARY" -> "BLOB";
      case "BOOLEAN" -> "BOOLEAN";
      case "DATE" -> "DATE";
      case "TIME" -> "TIME";
      // TIMESTAMP means TIMESTAMP_NTZ under Snowflake's default TIMESTAMP_TYPE_MAPPING.
      case "DATETIME", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMPNTZ", "TIMESTAMP WITHOUT TIME ZONE" -> "TIMESTAMP";
      case "TIMESTAMP_LTZ", "TIMESTAMPLTZ", "TIMESTAMP_TZ", "TIMESTAMPTZ", "TIMESTAMP WITH LOCAL TIME ZONE",
           "TIMESTAMP WITH TIME ZONE" -> "TIMESTAMPTZ";
      case "VARIANT", "OBJECT", "ARRAY" -> "JSON";
      default -> null;
    };
  }

  /** A type written at {@code t[i]}: its extent and DuckDB spelling, or null when {@code t[i]} is not a known type. */
  record TypeAt(int end, String duckDb) {}

  static TypeAt typeAt(List<Token> t, int i) {
    if (i >= t.size() || t.get(i).kind() != Kind.WORD) {
      return null;
    }
    String name = t.get(i).text().toUpperCase(Locale.ROOT);
    int end = i + 1;
    // Multi-word names.
    for (String[] words : new String[][] {{"DOUBLE", "PRECISION"}, {"CHARACTER", "VARYING"}, {"CHAR", "VARYING"},
        {"NCHAR", "VARYING"}, {"TIMESTAMP", "WITH", "LOCAL", "TIME", "ZONE"}, {"TIMESTAMP", "WITH", "TIME", "ZONE"},
        {"TIMESTAMP", "WITHOUT", "TIME", "ZONE"}}) {
      if (name.equals(words[0]) && matches(t, i, words)) {
        name = String.join(" ", words);
        end = i + words.length;
        break;
      }
    }
    List<String> args = new ArrayList<>();
    if (end < t.size() && t.get(end).isSymbol("(")) {
      int close = closing(t, end);
      for (int k = end + 1; k < close; k++) {
        if (!t.get(k).isSymbol(",")) {
          args.add(t.get(k).text());
        }
      }
      end = close + 1;
    }
    String duck = duckDbType(name, args);
    return duck == null ? null : new TypeAt(end, duck);
  }

  private static boolean replaceTypeAt(List<Token> t, int i) {
    TypeAt type = typeAt(t, i);
    if (type == null) {
      return false;
    }
    t.subList(i, type.end()).clear();
    t.add(i, Token.raw(type.duckDb()));
    return true;
  }

  /** Types after {@code ::} and in {@code CAST(x AS type)}. */
  static void castTypes(List<Token> t) {
    List<Boolean> castParens = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      Token tok = t.get(i);
      if (tok.isSymbol("(")) {
        castParens.add(i > 0 && (t.get(i - 1).is("CAST") || t.get(i - 1).is("TRY_CAST")));
      } else if (tok.isSymbol(")") && !castParens.isEmpty()) {
        castParens.remove(castParens.size() - 1);
      } else if (tok.isSymbol("::")) {
        replaceTypeAt(t, i + 1);
      } else if (tok.is("AS") && !castParens.isEmpty() && castParens.get(castParens.size() - 1)) {
        replaceTypeAt(t, i + 1);
      }
    }
  }

  // ---- CREATE TABLE ----

  static void createTable(List<Token> t) {
    int i = 1;
    if (i + 1 < t.size() && t.get(i).is("OR") && t.get(i + 1).is("REPLACE")) {
      i += 2;
    }
    while (i < t.size() && t.get(i).kind() == Kind.WORD && DROPPED_TABLE_WORDS.contains(t.get(i).text().toUpperCase(Locale.ROOT))) {
      t.remove(i);
    }
    if (i < t.size() && (t.get(i).is("TEMPORARY") || t.get(i).is("TEMP"))) {
      i++;
    }
    if (i >= t.size() || !t.get(i).is("TABLE")) {
      return;
    }
    int open = -1;
    for (int k = i + 1; k < t.size(); k++) {
      if (t.get(k).isSymbol("(")) {
        open = k;
        break;
      }
      if (t.get(k).is("AS") || t.get(k).is("LIKE") || t.get(k).is("CLONE")) {
        return;
      }
    }
    if (open < 0) {
      return;
    }
    int close = closing(t, open);
    List<Token> after = new ArrayList<>(t.subList(close + 1, t.size()));
    List<List<Token>> elements = splitTopLevel(t.subList(open + 1, close));
    List<Token> rebuilt = new ArrayList<>();
    for (List<Token> element : elements) {
      if (element.isEmpty()) {
        continue;
      }
      Token first = element.get(0);
      if (first.kind() == Kind.WORD && TABLE_CONSTRAINT_STARTS.contains(first.text().toUpperCase(Locale.ROOT))) {
        continue; // not enforced by Snowflake
      }
      List<Token> column = new ArrayList<>(element);
      columnDefinition(column, 0);
      if (!rebuilt.isEmpty()) {
        rebuilt.add(Token.symbol(","));
      }
      rebuilt.addAll(column);
    }
    List<Token> head = new ArrayList<>(t.subList(0, open + 1));
    t.clear();
    t.addAll(head);
    t.addAll(rebuilt);
    t.add(Token.symbol(")"));
    t.addAll(tableOptions(after));
  }

  /** A column definition at {@code c[from]}: its type translated, inline constraints and comments dropped. */
  static void columnDefinition(List<Token> c, int from) {
    c.set(from, name(c.get(from)));
    replaceTypeAt(c, from + 1);
    for (int k = from + 2; k < c.size(); k++) {
      if (c.get(k).is("PRIMARY") && k + 1 < c.size() && c.get(k + 1).is("KEY")) {
        c.subList(k, k + 2).clear();
        k--;
      } else if (c.get(k).is("UNIQUE")) {
        c.remove(k);
        k--;
      } else if (c.get(k).is("COMMENT") && k + 1 < c.size() && c.get(k + 1).kind() == Kind.STRING) {
        c.subList(k, k + 2).clear();
        k--;
      } else if (c.get(k).is("COLLATE") && k + 1 < c.size()) {
        c.subList(k, k + 2).clear();
        k--;
      }
    }
  }

  /** Drops table options DuckDB lacks: CLUSTER BY (..), COMMENT = '..', KEY = value properties, COPY GRANTS. */
  static List<Token> tableOptions(List<Token> after) {
    List<Token> out = new ArrayList<>();
    for (int k = 0; k < after.size(); k++) {
      Token tok = after.get(k);
      if (tok.is("CLUSTER") && k + 2 < after.size() && after.get(k + 1).is("BY") && after.get(k + 2).isSymbol("(")) {
        k = closing(after, k + 2);
      } else if (tok.kind() == Kind.WORD && k + 2 < after.size() && after.get(k + 1).isSymbol("=")) {
        k += 2;
      } else if (tok.is("COPY") && k + 1 < after.size() && after.get(k + 1).is("GRANTS")) {
        k++;
      } else {
        out.add(tok);
      }
    }
    return out;
  }

  // ---- ALTER TABLE ----

  static List<String> alterTable(List<Token> t, TranslationContext ctx) {
    int i = 2;
    boolean ifExists = false;
    if (matches(t, i, new String[] {"IF", "EXISTS"})) {
      ifExists = true;
      i += 2;
    }
    int nameEnd = qualifiedNameEnd(t, i);
    List<Token> name = t.subList(i, nameEnd);
    List<Token> head = new ArrayList<>(t.subList(0, 2));
    if (ifExists) {
      head.add(Token.word("IF"));
      head.add(Token.word("EXISTS"));
    }
    head.addAll(name);
    if (nameEnd >= t.size()) {
      return List.of(join(expressions(t, ctx)));
    }
    Token verb = t.get(nameEnd);
    List<Token> rest = new ArrayList<>(t.subList(nameEnd + 1, t.size()));
    List<String> out = new ArrayList<>();
    if (verb.is("ADD")) {
      if (!rest.isEmpty() && (rest.get(0).is("PRIMARY") || rest.get(0).is("CONSTRAINT") || rest.get(0).is("UNIQUE")
          || rest.get(0).is("FOREIGN"))) {
        return List.of(); // constraints are not enforced by Snowflake
      }
      if (!rest.isEmpty() && rest.get(0).is("COLUMN")) {
        rest.remove(0);
      }
      for (List<Token> item : splitTopLevel(rest)) {
        List<Token> column = new ArrayList<>(item);
        if (!column.isEmpty() && column.get(0).is("COLUMN")) {
          column.remove(0);
        }
        int at = 0;
        List<Token> prefix = new ArrayList<>();
        if (matches(column, 0, new String[] {"IF", "NOT", "EXISTS"})) {
          prefix.addAll(column.subList(0, 3));
          at = 3;
        }
        List<Token> def = new ArrayList<>(column.subList(at, column.size()));
        columnDefinition(def, 0);
        List<Token> s = new ArrayList<>(head);
        s.add(Token.word("ADD"));
        s.add(Token.word("COLUMN"));
        s.addAll(prefix);
        s.addAll(def);
        out.add(join(expressions(s, ctx)));
      }
    } else if (verb.is("ALTER") || verb.is("MODIFY")) {
      for (List<Token> item : splitTopLevel(rest)) {
        List<Token> column = new ArrayList<>(item);
        if (!column.isEmpty() && column.get(0).is("COLUMN")) {
          column.remove(0);
        }
        for (int k = 1; k < column.size(); k++) {
          if (column.get(k).is("TYPE")) {
            replaceTypeAt(column, k + 1);
          }
        }
        if (column.size() > 1 && column.get(1).is("COMMENT")) {
          continue;
        }
        if (!column.isEmpty()) {
          column.set(0, name(column.get(0)));
        }
        List<Token> s = new ArrayList<>(head);
        s.add(Token.word("ALTER"));
        s.add(Token.word("COLUMN"));
        s.addAll(column);
        out.add(join(expressions(s, ctx)));
      }
    } else if (verb.is("DROP") && !rest.isEmpty() && (rest.get(0).is("CLUSTERING") || rest.get(0).is("PRIMARY")
        || rest.get(0).is("CONSTRAINT"))) {
      return List.of();
    } else if (verb.is("DROP")) {
      if (!rest.isEmpty() && rest.get(0).is("COLUMN")) {
        rest.remove(0);
      }
      for (List<Token> item : splitTopLevel(rest)) {
        List<Token> s = new ArrayList<>(head);
        s.add(Token.word("DROP"));
        s.add(Token.word("COLUMN"));
        List<Token> dropped = new ArrayList<>(item);
        if (!dropped.isEmpty()) {
          dropped.set(dropped.size() - 1, name(dropped.get(dropped.size() - 1)));
        }
        s.addAll(dropped);
        out.add(join(expressions(s, ctx)));
      }
    } else if (verb.is("CLUSTER") || verb.is("SET") || verb.is("UNSET") || verb.is("RECLUSTER")
        || verb.is("SUSPEND") || verb.is("RESUME")) {
      return List.of(); // table properties without a DuckDB counterpart
    } else {
      out.add(join(expressions(t, ctx)));
    }
    return out;
  }

  // ---- MERGE ----

  /** DuckDB refuses {@code UPDATE SET l.col = ..}; Snowflake's connectors write it. */
  static void unqualifyMergeSet(List<Token> t) {
    int depth = 0;
    boolean inSet = false;
    for (int i = 0; i < t.size(); i++) {
      Token tok = t.get(i);
      if (tok.isSymbol("(")) {
        depth++;
      } else if (tok.isSymbol(")")) {
        depth--;
      } else if (depth == 0 && tok.is("SET") && i > 0 && t.get(i - 1).is("UPDATE")) {
        inSet = true;
      } else if (depth == 0 && tok.is("WHEN")) {
        inSet = false;
      } else if (inSet && depth == 0 && i + 3 < t.size() && isIdentifier(tok) && t.get(i + 1).isSymbol(".")
          && isIdentifier(t.get(i + 2)) && t.get(i + 3).isSymbol("=")
          && (i == 0 || t.get(i - 1).is("SET") || t.get(i - 1).isSymbol(","))) {
        t.subList(i, i + 2).clear();
      }
      if (inSet && depth == 0 && i + 1 < t.size() && isIdentifier(t.get(i)) && t.get(i + 1).isSymbol("=")
          && i > 0 && (t.get(i - 1).is("SET") || t.get(i - 1).isSymbol(","))) {
        t.set(i, name(t.get(i)));
      }
    }
  }

  // ---- staged files ----

  /** The column a staged file's row is read into. */
  public static final String STAGE_COLUMN = "\"$1\"";

  /** {@code $1[0]}, {@code $1:a.b}, {@code $1:"x"[2]}: JSON extraction; as text unless cast to a VARIANT type. */
  static void dollarPaths(List<Token> t) {
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).kind() != Kind.DOLLAR) {
        continue;
      }
      if (!t.get(i).text().equals("$1")) {
        throw new IllegalArgumentException("only $1 is supported on staged JSON, not " + t.get(i).text());
      }
      StringBuilder path = new StringBuilder("$");
      int k = i + 1;
      while (k < t.size()) {
        Token tok = t.get(k);
        if (tok.isSymbol("[") && k + 2 < t.size() && t.get(k + 2).isSymbol("]")) {
          Token idx = t.get(k + 1);
          path.append(idx.kind() == Kind.NUMBER ? "[" + idx.text() + "]" : "." + jsonKey(idx.stringValue()));
          k += 3;
        } else if ((tok.isSymbol(":") || tok.isSymbol(".") && k > i + 1) && k + 1 < t.size()
            && (t.get(k + 1).kind() == Kind.WORD || t.get(k + 1).kind() == Kind.QUOTED)) {
          Token key = t.get(k + 1);
          // Variant paths are case-sensitive: an unquoted key is taken as written.
          path.append('.').append(jsonKey(key.kind() == Kind.QUOTED ? key.identifier() : key.text()));
          k += 2;
        } else {
          break;
        }
      }
      // NULLIF($1[i], PARSE_JSON('null')) is how connectors turn a JSON null into SQL NULL for a VARIANT column.
      boolean inNullif = i >= 2 && t.get(i - 1).isSymbol("(") && t.get(i - 2).is("NULLIF");
      boolean asVariant = inNullif || k + 1 < t.size() && t.get(k).isSymbol("::")
          && (t.get(k + 1).is("VARIANT") || t.get(k + 1).is("OBJECT") || t.get(k + 1).is("ARRAY")
          || t.get(k + 1).kind() == Kind.RAW && t.get(k + 1).text().equals("JSON")); // already translated
      String sql = path.length() == 1 ? STAGE_COLUMN
          : "(" + STAGE_COLUMN + (asVariant ? "->" : "->>") + "'" + path.toString().replace("'", "''") + "')";
      t.subList(i, k).clear();
      t.add(i, Token.raw(sql));
    }
  }

  private static String jsonKey(String key) {
    return key.matches("[A-Za-z_][A-Za-z0-9_]*") ? key : "\"" + key.replace("\"", "\\\"") + "\"";
  }

  /** {@code FROM @stage/prefix [(PATTERN => '..')]}: the staged NDJSON lines, one JSON value per row. */
  static void stages(List<Token> t, TranslationContext ctx) {
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).kind() != Kind.STAGE || i == 0 || !(t.get(i - 1).is("FROM") || t.get(i - 1).is("JOIN"))) {
        continue;
      }
      int end = i + 1;
      Optional<String> pattern = Optional.empty();
      if (end < t.size() && t.get(end).isSymbol("(")) {
        int close = closing(t, end);
        for (int k = end + 1; k + 2 < close + 1; k++) {
          if (t.get(k).is("PATTERN") && t.get(k + 1).isSymbol("=>") && t.get(k + 2).kind() == Kind.STRING) {
            pattern = Optional.of(t.get(k + 2).stringValue());
          }
        }
        end = close + 1;
      }
      String read = readStagedFiles(ctx.stagedFiles(t.get(i).text(), pattern));
      t.subList(i, end).clear();
      t.add(i, Token.raw(read));
    }
  }

  /** DuckDB SQL reading the given (gzip or plain) NDJSON files into one JSON column {@link #STAGE_COLUMN}. */
  public static String readStagedFiles(List<Path> files) {
    if (files.isEmpty()) {
      return "(SELECT CAST(NULL AS JSON) AS " + STAGE_COLUMN + " WHERE false)";
    }
    String list = files.stream().map(p -> "'" + p.toString().replace("'", "''") + "'").collect(Collectors.joining(", "));
    return "(SELECT json AS " + STAGE_COLUMN + " FROM read_json_objects([" + list + "], format = 'newline_delimited'))";
  }

  // ---- INFORMATION_SCHEMA ----

  static void informationSchema(List<Token> t, TranslationContext ctx) {
    for (int i = 0; i < t.size(); i++) {
      if (!t.get(i).is("INFORMATION_SCHEMA") || i + 2 >= t.size() || !t.get(i + 1).isSymbol(".")) {
        continue;
      }
      String view = t.get(i + 2).kind() == Kind.WORD || t.get(i + 2).kind() == Kind.QUOTED
          ? t.get(i + 2).identifier() : "";
      int start = i;
      Optional<String> database = ctx.database();
      if (i >= 2 && t.get(i - 1).isSymbol(".") && isIdentifier(t.get(i - 2))) {
        database = Optional.of(t.get(i - 2).identifier());
        start = i - 2;
      }
      String sql = InformationSchema.view(view, database.orElse(""));
      if (sql == null) {
        continue;
      }
      t.subList(start, i + 3).clear();
      t.add(start, Token.raw(sql));
      i = start;
    }
  }

  // ---- functions ----

  static void functions(List<Token> t, TranslationContext ctx) {
    for (int i = 0; i + 1 < t.size(); i++) {
      Token tok = t.get(i);
      if (tok.kind() != Kind.WORD || !t.get(i + 1).isSymbol("(") || i > 0 && t.get(i - 1).isSymbol(".")) {
        continue;
      }
      String name = tok.text().toUpperCase(Locale.ROOT);
      boolean noArgs = i + 2 < t.size() && t.get(i + 2).isSymbol(")");
      Optional<String> value = null;
      switch (name) {
        case "CURRENT_WAREHOUSE" -> value = ctx.warehouse();
        case "CURRENT_ROLE" -> value = ctx.role();
        case "CURRENT_DATABASE" -> value = ctx.database();
        case "CURRENT_SCHEMA" -> value = ctx.schema();
        case "CURRENT_USER" -> value = Optional.of(ctx.user());
        case "CURRENT_ACCOUNT" -> value = Optional.of(ctx.account());
        case "CURRENT_VERSION" -> value = Optional.of("9.0.0");
        case "CURRENT_REGION" -> value = Optional.of("LOCAL");
        case "TO_BINARY", "TRY_TO_BINARY" -> {
          toBinary(t, i);
          continue;
        }
        default -> {
          String renamed = RENAMED_FUNCTIONS.get(name);
          if (renamed != null) {
            t.set(i, Token.raw(renamed));
          }
        }
      }
      if (value != null && noArgs) {
        t.subList(i, i + 3).clear();
        t.add(i, Token.raw(value.map(v -> "'" + v.replace("'", "''") + "'").orElse("CAST(NULL AS VARCHAR)")));
      }
    }
  }

  /** {@code TO_BINARY(x [, 'HEX'|'BASE64'|'UTF-8'])}: DuckDB's unhex, from_base64 or encode of x. */
  static void toBinary(List<Token> t, int i) {
    int close = closing(t, i + 1);
    List<List<Token>> args = splitTopLevel(new ArrayList<>(t.subList(i + 2, close)));
    String format = args.size() > 1 && args.get(1).size() == 1 && args.get(1).get(0).kind() == Kind.STRING
        ? args.get(1).get(0).stringValue().toUpperCase(Locale.ROOT) : "HEX";
    String fn = switch (format) {
      case "BASE64" -> "from_base64";
      case "UTF-8", "UTF8" -> "encode";
      default -> "unhex";
    };
    List<Token> replacement = new ArrayList<>();
    replacement.add(Token.raw(fn));
    replacement.add(Token.symbol("("));
    replacement.addAll(args.get(0));
    replacement.add(Token.symbol(")"));
    t.subList(i, close + 1).clear();
    t.addAll(i, replacement);
  }

  /**
   * DuckDB's reserved and type/function keywords ({@code duckdb_keywords()} of DuckDB 1.4): Snowflake lets many of
   * them be unquoted names (ARRAY, BINARY, AT ...), DuckDB does not, so in a name's position they are quoted.
   */
  static final Set<String> DUCKDB_KEYWORDS = Set.of(("ALL ANALYSE ANALYZE AND ANY ARRAY AS ASC ASYMMETRIC BOTH CASE CAST "
      + "CHECK COLLATE COLUMN CONSTRAINT CREATE DEFAULT DEFERRABLE DESC DESCRIBE DISTINCT DO ELSE END EXCEPT FALSE FETCH "
      + "FOR FOREIGN FROM GROUP HAVING IN INITIALLY INTERSECT INTO LAMBDA LATERAL LEADING LIMIT NOT NULL OFFSET ON ONLY OR "
      + "ORDER PIVOT PIVOT_LONGER PIVOT_WIDER PLACING PRIMARY QUALIFY REFERENCES RETURNING SELECT SHOW SOME SUMMARIZE "
      + "SYMMETRIC TABLE THEN TO TRAILING TRUE UNION UNIQUE UNPIVOT USING VARIADIC WHEN WHERE WINDOW WITH ANTI ASOF AT "
      + "AUTHORIZATION BINARY BY COLLATION COLUMNS CONCURRENTLY CROSS FREEZE FULL GENERATED GLOB ILIKE INNER IS ISNULL "
      + "JOIN LEFT LIKE MAP NATURAL NOTNULL OUTER OVERLAPS POSITIONAL RIGHT SEMI SIMILAR STRUCT TABLESAMPLE TRY_CAST "
      + "UNPACK VERBOSE").split(" "));

  /** Keywords that are values or query syntax wherever they stand, never names. */
  private static final Set<String> NEVER_NAMES = Set.of("NULL", "TRUE", "FALSE", "DEFAULT", "ALL", "DISTINCT", "ANY",
      "SOME", "CASE", "CAST", "TRY_CAST", "NOT", "SELECT", "WITH", "TABLE", "FROM", "WHERE", "AND", "OR", "IS", "IN",
      "ON", "USING", "WHEN", "THEN", "ELSE", "END", "AS", "BY", "LIKE", "ILIKE");

  private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=");

  /** A name token as DuckDB must see it: an unquoted DuckDB keyword becomes a quoted upper-case name. */
  static Token name(Token t) {
    if (t.kind() == Kind.WORD && DUCKDB_KEYWORDS.contains(t.text().toUpperCase(Locale.ROOT))) {
      return Token.quoted(t.text().toUpperCase(Locale.ROOT));
    }
    return t;
  }

  /**
   * Unquoted words fold to upper case, so DuckDB stores and reports names as Snowflake does; DuckDB keywords in a
   * name's position (after a dot, as an alias, in a column list, assigned in SET, compared) are quoted.
   */
  static void fold(List<Token> t) {
    boolean[] isName = new boolean[t.size()];
    for (int i = 0; i < t.size(); i++) {
      Token tok = t.get(i);
      // Column lists: INSERT [INTO name] (a, b), COPY INTO name (a, b).
      if (tok.is("INSERT") || tok.is("COPY")) {
        int k = i + 1;
        if (k < t.size() && t.get(k).is("INTO")) {
          k = qualifiedNameEnd(t, k + 1);
        }
        if (k < t.size() && t.get(k).isSymbol("(") && k + 1 < t.size() && !t.get(k + 1).is("SELECT")
            && !t.get(k + 1).is("WITH")) {
          int close = closing(t, k);
          for (int m = k + 1; m < close; m++) {
            isName[m] = true;
          }
        }
      }
      if (tok.kind() != Kind.WORD) {
        continue;
      }
      String word = tok.text().toUpperCase(Locale.ROOT);
      if (!DUCKDB_KEYWORDS.contains(word)) {
        continue;
      }
      Token prev = i > 0 ? t.get(i - 1) : null;
      Token next = i + 1 < t.size() ? t.get(i + 1) : null;
      boolean afterDot = prev != null && prev.isSymbol(".");
      boolean alias = prev != null && prev.is("AS") && !NEVER_NAMES.contains(word) && (next == null || !next.isSymbol("("));
      boolean neverName = NEVER_NAMES.contains(word);
      boolean compared = !neverName && (next != null && next.kind() == Kind.SYMBOL && COMPARISONS.contains(next.text())
          || prev != null && prev.kind() == Kind.SYMBOL && COMPARISONS.contains(prev.text()));
      boolean listed = !neverName && prev != null && (prev.isSymbol(",") || prev.is("SELECT"))
          && (next == null || next.isSymbol(",") || next.is("FROM") || next.isSymbol(")"));
      if (afterDot || alias || compared || listed) {
        isName[i] = true;
      }
    }
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).kind() == Kind.WORD) {
        Token upper = Token.word(t.get(i).text().toUpperCase(Locale.ROOT));
        t.set(i, isName[i] ? name(upper) : upper);
      }
    }
  }

  // ---- helpers ----

  public static boolean startsWith(List<Token> t, String... words) {
    return matches(t, 0, words);
  }

  public static boolean matches(List<Token> t, int from, String[] words) {
    if (from + words.length > t.size()) {
      return false;
    }
    for (int k = 0; k < words.length; k++) {
      if (!t.get(from + k).is(words[k])) {
        return false;
      }
    }
    return true;
  }

  public static boolean isIdentifier(Token t) {
    return t.kind() == Kind.WORD || t.kind() == Kind.QUOTED;
  }

  /** The index just past a (possibly qualified) name starting at {@code i}. */
  public static int qualifiedNameEnd(List<Token> t, int i) {
    int k = i;
    while (k < t.size() && isIdentifier(t.get(k))) {
      k++;
      if (k < t.size() && t.get(k).isSymbol(".")) {
        k++;
      } else {
        break;
      }
    }
    return k;
  }

  /** The index of the parenthesis closing the one at {@code open}. */
  public static int closing(List<Token> t, int open) {
    int depth = 0;
    for (int k = open; k < t.size(); k++) {
      if (t.get(k).isSymbol("(")) {
        depth++;
      } else if (t.get(k).isSymbol(")")) {
        depth--;
        if (depth == 0) {
          return k;
        }
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses");
  }

  /** Splits at commas outside parentheses. */
  public static List<List<Token>> splitTopLevel(List<Token> t) {
    List<List<Token>> out = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    int depth = 0;
    for (Token tok : t) {
      if (tok.isSymbol("(")) {
        depth++;
      } else if (tok.isSymbol(")")) {
        depth--;
      }
      if (depth == 0 && tok.isSymbol(",")) {
        out.add(current);
        current = new ArrayList<>();
      } else {
        current.add(tok);
      }
    }
    out.add(current);
    return out;
  }

  /** Joins tokens with single spaces, except around {@code . , ( ) :: [ ]}. */
  public static String join(List<Token> t) {
    StringBuilder b = new StringBuilder();
    Token prev = null;
    for (Token tok : t) {
      if (prev != null && spaceBetween(prev, tok)) {
        b.append(' ');
      }
      b.append(tok.text());
      prev = tok;
    }
    return b.toString();
  }

  private static boolean spaceBetween(Token a, Token b) {
    if (b.isSymbol(".") || b.isSymbol(",") || b.isSymbol(")") || b.isSymbol("::") || b.isSymbol("[") || b.isSymbol("]")) {
      return false;
    }
    if (a.isSymbol(".") || a.isSymbol("(") || a.isSymbol("::") || a.isSymbol("[")) {
      return false;
    }
    return !(b.isSymbol("(") && (a.kind() == Kind.WORD || a.kind() == Kind.RAW && !a.text().endsWith(")")));
  }
}
