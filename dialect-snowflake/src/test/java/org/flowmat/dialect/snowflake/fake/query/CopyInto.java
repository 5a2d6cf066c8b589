package org.flowmat.dialect.snowflake.fake.query;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.flowmat.dialect.snowflake.fake.stage.StageLocation;
import org.flowmat.dialect.snowflake.fake.stage.Stages;
import org.flowmat.dialect.snowflake.fake.translate.SnowflakeToDuckDb;
import org.flowmat.dialect.snowflake.fake.translate.Token;
import org.flowmat.dialect.snowflake.fake.translate.Token.Kind;
import org.flowmat.dialect.snowflake.fake.translate.TranslationContext;

/**
 * {@code COPY INTO <table> [(cols)] FROM @stage[/prefix] | (SELECT .. FROM @stage ..) [FILES = (..)] [PATTERN = '..']
 * FILE_FORMAT = (TYPE = JSON ..) [MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE|CASE_SENSITIVE] [FORCE = TRUE] [PURGE = TRUE]}
 * from staged NDJSON (gzip or plain), one file at a time, with Snowflake's load history: a file already loaded into
 * the table is skipped unless FORCE = TRUE. The statement is atomic (one transaction when none is open).
 */
final class CopyInto {
  private CopyInto() {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  static QueryResult execute(QueryEngine engine, Session s, List<Token> t) throws SQLException {
    if (!SnowflakeToDuckDb.startsWith(t, "COPY", "INTO")) {
      throw SnowflakeError.compilation("expected COPY INTO");
    }
    int nameEnd = SnowflakeToDuckDb.qualifiedNameEnd(t, 2);
    List<Token> tableName = t.subList(2, nameEnd);
    if (tableName.isEmpty() || t.get(2).kind() == Kind.STAGE) {
      throw SnowflakeError.unsupported("COPY INTO @stage (unload)");
    }
    int k = nameEnd;
    List<Token> columns = List.of();
    if (k < t.size() && t.get(k).isSymbol("(")) {
      int close = SnowflakeToDuckDb.closing(t, k);
      columns = t.subList(k + 1, close);
      k = close + 1;
    }
    if (k >= t.size() || !t.get(k).is("FROM")) {
      throw SnowflakeError.compilation("COPY INTO needs FROM");
    }
    k++;
    String stageRef;
    List<Token> transform = null;
    if (t.get(k).kind() == Kind.STAGE) {
      stageRef = t.get(k).text();
      k++;
    } else if (t.get(k).isSymbol("(")) {
      int close = SnowflakeToDuckDb.closing(t, k);
      transform = new ArrayList<>(t.subList(k + 1, close));
      stageRef = transform.stream().filter(x -> x.kind() == Kind.STAGE).findFirst()
          .orElseThrow(() -> SnowflakeError.compilation("COPY transformation needs FROM @stage")).text();
      k = close + 1;
    } else {
      throw SnowflakeError.compilation("COPY INTO needs FROM @stage or FROM (SELECT .. FROM @stage)");
    }
    Map<String, List<Token>> options = options(t.subList(k, t.size()));
    Map<String, List<Token>> format = options.containsKey("FILE_FORMAT")
        ? options(strip(options.get("FILE_FORMAT"))) : Map.of();
    String type = format.containsKey("TYPE") ? word(format.get("TYPE")) : format.containsKey("FORMAT_NAME") ? "?" : "CSV";
    if (!type.equals("JSON")) {
      throw SnowflakeError.unsupported("COPY with FILE_FORMAT TYPE " + type + " (the fake reads JSON only)");
    }
    String binaryFormat = format.containsKey("BINARY_FORMAT") ? word(format.get("BINARY_FORMAT")) : "HEX";
    boolean force = options.containsKey("FORCE") && word(options.get("FORCE")).equals("TRUE");
    boolean purge = options.containsKey("PURGE") && word(options.get("PURGE")).equals("TRUE");
    String match = options.containsKey("MATCH_BY_COLUMN_NAME") ? word(options.get("MATCH_BY_COLUMN_NAME")) : "NONE";
    Optional<String> pattern = options.containsKey("PATTERN") ? Optional.of(options.get("PATTERN").get(0).stringValue())
        : Optional.empty();

    StageLocation location = engine.stage(s, stageRef);
    List<Stages.StagedFile> files = engine.stages().files(location, pattern);
    if (options.containsKey("FILES")) {
      List<String> wanted = new ArrayList<>();
      for (Token f : strip(options.get("FILES"))) {
        if (f.kind() == Kind.STRING) {
          String p = location.prefix();
          String name = f.stringValue();
          wanted.add(p.isEmpty() ? name : p.endsWith("/") ? p + name : p + "/" + name);
          wanted.add(name);
        }
      }
      files = files.stream().filter(f -> wanted.contains(f.relative())).toList();
    }

    TranslationContext ctx = engine.context(s);
    String table = SnowflakeToDuckDb.join(SnowflakeToDuckDb.expressions(tableName, ctx));
    String columnList = columns.isEmpty() ? "" : " (" + SnowflakeToDuckDb.join(SnowflakeToDuckDb.expressions(columns, ctx)) + ")";
    List<String[]> targetColumns = targetColumns(s, tableName, ctx);
    String historyTable = s.database + "." + s.schema + "." + table;

    boolean ownTransaction = !s.inTransaction && s.autocommit;
    engine.implicitBegin(s);
    if (ownTransaction) {
      engine.begin(s);
    }
    List<List<String>> rows = new ArrayList<>();
    List<String> loadedKeys = new ArrayList<>();
    try {
      for (Stages.StagedFile f : files) {
        String key = historyTable + "|" + f.path() + "|" + f.size() + "|" + Files.getLastModifiedTime(f.path()).toMillis();
        if (!force && engine.loadHistory.contains(key)) {
          continue;
        }
        long loaded;
        long parsed;
        if (transform != null) {
          List<Token> select = new ArrayList<>(transform);
          String sql = "INSERT INTO " + table + columnList + " "
              + SnowflakeToDuckDb.join(SnowflakeToDuckDb.expressions(select, oneFile(ctx, f.path())));
          try (Statement st = s.duck.createStatement()) {
            loaded = st.executeUpdate(sql);
          }
          parsed = loaded;
        } else {
          long[] counts = loadLines(s, table, targetColumns, f.path(), match, binaryFormat);
          parsed = counts[0];
          loaded = counts[1];
        }
        loadedKeys.add(key);
        rows.add(java.util.Arrays.asList(Stages.listName(location, f.relative()), "LOADED", Long.toString(parsed),
            Long.toString(loaded), "1", "0", null, null, null, null));
      }
      if (ownTransaction) {
        s.inTransaction = false;
        try (Statement st = s.duck.createStatement()) {
          st.execute("COMMIT");
        }
      }
    } catch (SQLException | RuntimeException e) {
      if (ownTransaction && s.inTransaction) {
        s.inTransaction = false;
        try (Statement st = s.duck.createStatement()) {
          st.execute("ROLLBACK");
        }
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    engine.loadHistory.addAll(loadedKeys);
    if (purge) {
      for (Stages.StagedFile f : files) {
        try {
          Files.deleteIfExists(f.path());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    if (rows.isEmpty()) {
      return QueryResult.status(StatementType.COPY, "Copy executed with 0 files processed.");
    }
    List<Column> cols = List.of(Column.text("file"), Column.text("status"), Column.fixed("rows_parsed"),
        Column.fixed("rows_loaded"), Column.fixed("error_limit"), Column.fixed("errors_seen"), Column.text("first_error"),
        Column.fixed("first_error_line"), Column.fixed("first_error_character"), Column.text("first_error_column_name"));
    return new QueryResult(cols, rows, StatementType.COPY);
  }

  /** The target table's columns: {name, DuckDB type}. */
  private static List<String[]> targetColumns(Session s, List<Token> tableName, TranslationContext ctx) throws SQLException {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < tableName.size(); i += 2) {
      parts.add(tableName.get(i).identifier());
    }
    String db = parts.size() == 3 ? parts.get(0) : ctx.database().orElse("");
    String sc = parts.size() >= 2 ? parts.get(parts.size() - 2) : ctx.schema().orElse("");
    String name = parts.get(parts.size() - 1);
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement ps = s.duck.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
        + "WHERE table_catalog = ? AND table_schema = ? AND lower(table_name) = lower(?) ORDER BY ordinal_position")) {
      ps.setString(1, db);
      ps.setString(2, sc);
      ps.setString(3, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    if (out.isEmpty()) {
      throw new SnowflakeError("002003", "42S02", "SQL compilation error:\nTable '" + String.join(".", parts)
          + "' does not exist or not authorized.");
    }
    return out;
  }

  /** Loads one NDJSON file's lines: by column name, or whole values into a table of one column. {parsed, loaded}. */
  private static long[] loadLines(Session s, String table, List<String[]> columns, Path file, String match,
      String binaryFormat) throws SQLException, IOException {
    if (match.equals("NONE") && columns.size() != 1) {
      throw new SnowflakeError("002023", "22000", "SQL compilation error:\nJSON file format can produce one and only "
          + "one column of type variant, object, or array. Load data into separate columns using the "
          + "MATCH_BY_COLUMN_NAME copy option or copy with transformation.");
    }
    // The matched values go to a scratch NDJSON file keyed by column name, which one INSERT .. SELECT reads: much
    // faster than a row-at-a-time insert.
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
    StringBuilder select = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      String path = "'$.\"c" + i + "\"'";
      String type = columns.get(i)[1];
      sql.append(i == 0 ? "" : ", ").append(QueryEngine.q(columns.get(i)[0]));
      select.append(i == 0 ? "" : ", ").append(type.equals("JSON") ? "json->" + path
          : type.equals("BLOB") ? "unhex(json->>" + path + ")" : "json->>" + path);
    }
    long parsed = 0;
    long loaded = 0;
    Path scratch = Files.createTempFile("snowflake-fake-copy", ".json");
    try {
      try (BufferedReader in = reader(file); var out = Files.newBufferedWriter(scratch, StandardCharsets.UTF_8)) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.isBlank()) {
            continue;
          }
          parsed++;
          JsonNode doc = JSON.readTree(line);
          com.fasterxml.jackson.databind.node.ObjectNode row = JSON.createObjectNode();
          boolean any = false;
          for (int i = 0; i < columns.size(); i++) {
            JsonNode v = match.equals("NONE") ? doc : field(doc, columns.get(i)[0], match.equals("CASE_SENSITIVE"));
            any |= v != null;
            if (v == null || v.isNull()) {
              continue;
            }
            if (columns.get(i)[1].equals("BLOB")) {
              row.put("c" + i, HexFormat.of().formatHex(binary(v.asText(), binaryFormat)));
            } else {
              row.set("c" + i, v);
            }
          }
          if (!any) {
            continue; // MATCH_BY_COLUMN_NAME loads nothing from a record that matches no column
          }
          out.write(JSON.writeValueAsString(row));
          out.write('\n');
          loaded++;
        }
      }
      if (loaded > 0) {
        sql.append(") SELECT ").append(select).append(" FROM read_json_objects('")
            .append(scratch.toString().replace("'", "''")).append("', format = 'newline_delimited')");
        try (Statement st = s.duck.createStatement()) {
          st.executeUpdate(sql.toString());
        }
      }
    } finally {
      Files.deleteIfExists(scratch);
    }
    return new long[] {parsed, loaded};
  }

  private static JsonNode field(JsonNode doc, String column, boolean caseSensitive) {
    if (!doc.isObject()) {
      return null;
    }
    if (caseSensitive) {
      return doc.get(column);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(column)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static byte[] binary(String text, String binaryFormat) {
    return switch (binaryFormat) {
      case "BASE64" -> Base64.getDecoder().decode(text);
      case "UTF8", "UTF-8" -> text.getBytes(StandardCharsets.UTF_8);
      default -> HexFormat.of().parseHex(text);
    };
  }

  static BufferedReader reader(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file));
    raw.mark(2);
    int b1 = raw.read();
    int b2 = raw.read();
    raw.reset();
    InputStream in = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(raw) : raw;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static TranslationContext oneFile(TranslationContext ctx, Path file) {
    return new TranslationContext() {
      @Override public Optional<String> database() { return ctx.database(); }
      @Override public Optional<String> schema() { return ctx.schema(); }
      @Override public Optional<String> warehouse() { return ctx.warehouse(); }
      @Override public Optional<String> role() { return ctx.role(); }
      @Override public String user() { return ctx.user(); }
      @Override public String account() { return ctx.account(); }
      @Override public List<Path> stagedFiles(String stageReference, Optional<String> pattern) { return List.of(file); }
    };
  }

  /** {@code KEY = value} options; a value is one token or a parenthesized list (returned with its parentheses). */
  static Map<String, List<Token>> options(List<Token> t) {
    Map<String, List<Token>> out = new LinkedHashMap<>();
    int k = 0;
    while (k < t.size()) {
      Token key = t.get(k);
      if (k + 2 < t.size() + 0 && t.get(k + 1).isSymbol("=") && SnowflakeToDuckDb.isIdentifier(key)) {
        int v = k + 2;
        if (t.get(v).isSymbol("(")) {
          int close = SnowflakeToDuckDb.closing(t, v);
          out.put(key.identifier(), new ArrayList<>(t.subList(v, close + 1)));
          k = close + 1;
        } else {
          out.put(key.identifier(), List.of(t.get(v)));
          k = v + 1;
        }
      } else {
        k++;
      }
    }
    return out;
  }

  private static List<Token> strip(List<Token> parenthesized) {
    return parenthesized.size() >= 2 && parenthesized.get(0).isSymbol("(")
        ? parenthesized.subList(1, parenthesized.size() - 1) : parenthesized;
  }

  private static String word(List<Token> value) {
    Token v = value.get(0);
    return (v.kind() == Kind.STRING ? v.stringValue() : v.text()).toUpperCase(Locale.ROOT);
  }
}
