package org.flowmat.dialect.snowflake.fake.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.flowmat.dialect.snowflake.fake.stage.StageLocation;
import org.flowmat.dialect.snowflake.fake.stage.Stages;
import org.flowmat.dialect.snowflake.fake.translate.SnowflakeToDuckDb;
import org.flowmat.dialect.snowflake.fake.translate.Token;
import org.flowmat.dialect.snowflake.fake.translate.Token.Kind;

/** CREATE/DROP STAGE, PUT (answered with a LOCAL_FS upload the driver performs itself), LIST and REMOVE. */
final class StageCommands {
  private StageCommands() {}

  static QueryResult createOrDrop(QueryEngine engine, Session s, List<Token> t, boolean create, boolean orReplace, int k) {
    boolean ifClause = SnowflakeToDuckDb.matches(t, k, create ? new String[] {"IF", "NOT", "EXISTS"} : new String[] {"IF", "EXISTS"});
    if (ifClause) {
      k += create ? 3 : 2;
    }
    int end = SnowflakeToDuckDb.qualifiedNameEnd(t, k);
    List<String> parts = new ArrayList<>();
    for (int i = k; i < end; i += 2) {
      parts.add(t.get(i).identifier());
    }
    String db = parts.size() == 3 ? parts.get(0) : s.database;
    String sc = parts.size() >= 2 ? parts.get(parts.size() - 2) : s.schema;
    String name = parts.get(parts.size() - 1);
    if (db == null || sc == null || !engine.schemaExists(db, sc)) {
      throw new SnowflakeError("090106", "22000", "Cannot perform " + (create ? "CREATE" : "DROP")
          + " STAGE. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.");
    }
    if (create) {
      boolean created = engine.stages().create(db, sc, name, orReplace);
      if (!created && !ifClause) {
        throw new SnowflakeError("002002", "42710", "SQL compilation error:\nObject '" + name + "' already exists.");
      }
      return QueryResult.status(StatementType.DDL, created ? "Stage area " + name + " successfully created."
          : name + " already exists, statement succeeded.");
    }
    if (!engine.stages().drop(db, sc, name) && !ifClause) {
      throw new SnowflakeError("002003", "02000", "SQL compilation error:\nStage '" + db + "." + sc + "." + name
          + "' does not exist or not authorized.");
    }
    return QueryResult.status(StatementType.DDL, name + " successfully dropped.");
  }

  /**
   * PUT: the driver (and {@code SnowflakeConnection.uploadStream}) sends the command, reads the upload description
   * this answers, then gzips the source and copies it into {@code stageInfo.location} itself (stage type LOCAL_FS).
   */
  static QueryResult put(QueryEngine engine, Session s, String sql) {
    String rest = sql.strip().substring(3).strip();
    String source;
    if (rest.startsWith("'")) {
      int close = rest.indexOf('\'', 1);
      source = rest.substring(1, close);
      rest = rest.substring(close + 1).strip();
    } else {
      int sp = firstSpace(rest);
      source = rest.substring(0, sp);
      rest = rest.substring(sp).strip();
    }
    if (!source.regionMatches(true, 0, "file://", 0, 7)) {
      throw SnowflakeError.compilation("PUT needs a file:// source, not " + source);
    }
    String stageRef;
    int sp = firstSpace(rest);
    stageRef = rest.substring(0, sp);
    String options = rest.substring(sp).toUpperCase(Locale.ROOT);
    if (stageRef.startsWith("'") && stageRef.endsWith("'")) {
      stageRef = stageRef.substring(1, stageRef.length() - 1);
    }
    StageLocation location = engine.stage(s, stageRef);
    Path target = Stages.putTarget(location);
    try {
      Files.createDirectories(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> stageInfo = new LinkedHashMap<>();
    stageInfo.put("locationType", "LOCAL_FS");
    stageInfo.put("location", target.toAbsolutePath().toString());
    stageInfo.put("path", "");
    stageInfo.put("region", null);
    stageInfo.put("storageAccount", null);
    stageInfo.put("isClientSideEncrypted", false);
    stageInfo.put("creds", Map.of());
    stageInfo.put("endPoint", null);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("command", "UPLOAD");
    data.put("src_locations", List.of(source.substring(7)));
    data.put("autoCompress", !options.matches("(?s).*AUTO_COMPRESS\\s*=\\s*FALSE.*"));
    data.put("sourceCompression", option(options, "SOURCE_COMPRESSION").orElse("auto_detect").toLowerCase(Locale.ROOT));
    data.put("parallel", Integer.parseInt(option(options, "PARALLEL").orElse("4")));
    data.put("overwrite", options.matches("(?s).*OVERWRITE\\s*=\\s*TRUE.*"));
    data.put("stageInfo", stageInfo);
    data.put("encryptionMaterial", null);
    data.put("clientShowEncryptionParameter", false);
    data.put("threshold", 209715200);
    return new QueryResult(List.of(), List.of(), StatementType.PUT, data);
  }

  private static Optional<String> option(String options, String name) {
    var m = java.util.regex.Pattern.compile(name + "\\s*=\\s*'?([A-Z0-9_]+)'?").matcher(options);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static int firstSpace(String s) {
    boolean inQuote = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        inQuote = !inQuote;
      } else if (!inQuote && Character.isWhitespace(c)) {
        return i;
      }
    }
    return s.length();
  }

  static QueryResult list(QueryEngine engine, Session s, List<Token> t) {
    StageLocation location = engine.stage(s, stageToken(t));
    List<List<String>> rows = new ArrayList<>();
    for (Stages.StagedFile f : engine.stages().files(location, pattern(t))) {
      try {
        rows.add(List.of(Stages.listName(location, f.relative()), Long.toString(f.size()), Stages.md5(f.path()),
            QueryEngine.listTime(Files.getLastModifiedTime(f.path()).toMillis())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new QueryResult(List.of(Column.text("name"), Column.fixed("size"), Column.text("md5"),
        Column.text("last_modified")), rows, StatementType.LIST);
  }

  static QueryResult remove(QueryEngine engine, Session s, List<Token> t) {
    StageLocation location = engine.stage(s, stageToken(t));
    List<List<String>> rows = new ArrayList<>();
    for (Stages.StagedFile f : engine.stages().files(location, pattern(t))) {
      try {
        Files.deleteIfExists(f.path());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      rows.add(List.of(Stages.listName(location, f.relative()), "removed"));
    }
    return new QueryResult(List.of(Column.text("name"), Column.text("result")), rows, StatementType.REMOVE);
  }

  private static String stageToken(List<Token> t) {
    if (t.size() < 2 || t.get(1).kind() != Kind.STAGE) {
      throw SnowflakeError.compilation(t.get(0).text().toUpperCase(Locale.ROOT) + " needs a stage (@name)");
    }
    return t.get(1).text();
  }

  static Optional<String> pattern(List<Token> t) {
    for (int k = 0; k + 2 < t.size(); k++) {
      if (t.get(k).is("PATTERN") && t.get(k + 1).isSymbol("=") && t.get(k + 2).kind() == Kind.STRING) {
        return Optional.of(t.get(k + 2).stringValue());
      }
    }
    return Optional.empty();
  }
}
