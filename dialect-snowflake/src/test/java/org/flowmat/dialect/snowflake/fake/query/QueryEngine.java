package org.flowmat.dialect.snowflake.fake.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.flowmat.dialect.snowflake.fake.stage.StageLocation;
import org.flowmat.dialect.snowflake.fake.stage.Stages;
import org.flowmat.dialect.snowflake.fake.translate.SnowflakeToDuckDb;
import org.flowmat.dialect.snowflake.fake.translate.Token;
import org.flowmat.dialect.snowflake.fake.translate.Token.Kind;
import org.flowmat.dialect.snowflake.fake.translate.TranslationContext;

/**
 * Runs Snowflake statements on one embedded DuckDB instance: Snowflake databases are attached DuckDB files under
 * {@code <dataDir>/db}, schemas are DuckDB schemas, each session has its own DuckDB connection (so its own current
 * database/schema and transaction). Commands DuckDB lacks (USE, SHOW PARAMETERS, ALTER SESSION, stages, PUT, LIST,
 * REMOVE, COPY INTO) are answered here; everything else goes through {@link SnowflakeToDuckDb}.
 */
public final class QueryEngine implements AutoCloseable {
  /** Session parameters the fake knows, with Snowflake's defaults. */
  static final Map<String, String[]> PARAMETERS = new LinkedHashMap<>();

  static {
    // name -> {default, type, description}
    PARAMETERS.put("QUOTED_IDENTIFIERS_IGNORE_CASE", new String[] {"false", "BOOLEAN", "If true, the case of quoted identifiers is ignored."});
    PARAMETERS.put("AUTOCOMMIT", new String[] {"true", "BOOLEAN", "The autocommit property determines whether is statement should to be implicitly wrapped within a transaction or not."});
    PARAMETERS.put("TIMEZONE", new String[] {"America/Los_Angeles", "STRING", "time zone"});
    PARAMETERS.put("TIMESTAMP_TYPE_MAPPING", new String[] {"TIMESTAMP_NTZ", "STRING", "If TIMESTAMP type is used, what specific TIMESTAMP* type it should map to."});
    PARAMETERS.put("QUERY_TAG", new String[] {"", "STRING", "String (up to 4096 characters) used to tag statements executed by the session."});
    PARAMETERS.put("MULTI_STATEMENT_COUNT", new String[] {"1", "NUMBER", "Number of statement included in submitted query text."});
    PARAMETERS.put("STATEMENT_TIMEOUT_IN_SECONDS", new String[] {"172800", "NUMBER", "Timeout in seconds for statements."});
    PARAMETERS.put("LOCK_TIMEOUT", new String[] {"43200", "NUMBER", "Number of seconds to wait while trying to lock a resource."});
    PARAMETERS.put("BINARY_INPUT_FORMAT", new String[] {"HEX", "STRING", "input format for binary"});
    PARAMETERS.put("CLIENT_SESSION_KEEP_ALIVE", new String[] {"false", "BOOLEAN", "If true, client session will not expire automatically."});
  }

  private static final DateTimeFormatter LIST_TIME = DateTimeFormatter.RFC_1123_DATE_TIME;

  private final DuckDBConnection root;
  private final Path databases;
  private final Stages stages;
  private final String account;
  private final Set<String> warehouses;
  private final Set<String> roles;
  private final Map<String, String> accountParameters = new ConcurrentHashMap<>();
  /** COPY's load history: files already loaded into a table are skipped unless FORCE = TRUE, as Snowflake does. */
  final Set<String> loadHistory = ConcurrentHashMap.newKeySet();

  public QueryEngine(Path dataDir, String account, Set<String> warehouses, Set<String> roles) {
    this.account = account;
    this.warehouses = Set.copyOf(warehouses);
    this.roles = Set.copyOf(roles);
    this.databases = dataDir.resolve("db");
    this.stages = new Stages(dataDir.resolve("stages"));
    try {
      Files.createDirectories(databases);
      root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
      try (var files = Files.list(databases)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".duckdb")).sorted()::iterator) {
          String file = f.getFileName().toString();
          attach(URLDecoder.decode(file.substring(0, file.length() - ".duckdb".length()), StandardCharsets.UTF_8));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start DuckDB for the Snowflake fake: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Stages stages() {
    return stages;
  }

  /** Sets an account-level parameter (for example QUOTED_IDENTIFIERS_IGNORE_CASE=true, to test a pre-flight check). */
  public void setAccountParameter(String name, String value) {
    accountParameters.put(name.toUpperCase(Locale.ROOT), value);
  }

  public synchronized void createDatabase(String name) {
    if (!databaseExists(name)) {
      attach(name);
    }
  }

  private void attach(String name) {
    synchronized (root) {
      attachOnRoot(name);
    }
  }

  private void attachOnRoot(String name) {
    String file = databases.resolve(URLEncoder.encode(name, StandardCharsets.UTF_8) + ".duckdb").toString();
    try (Statement st = root.createStatement()) {
      st.execute("ATTACH '" + file.replace("'", "''") + "' AS " + q(name));
      st.execute("CREATE SCHEMA IF NOT EXISTS " + q(name) + ".\"PUBLIC\"");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot attach database " + name + ": " + e.getMessage(), e);
    }
  }

  public boolean databaseExists(String name) {
    return exists("SELECT 1 FROM duckdb_databases() WHERE database_name = ?", name);
  }

  public boolean schemaExists(String database, String schema) {
    return exists("SELECT 1 FROM information_schema.schemata WHERE catalog_name = ? AND schema_name = ?", database, schema);
  }

  private boolean exists(String sql, String... args) {
    // The instance's own connection is shared by every session's thread: one statement at a time.
    synchronized (root) {
      return existsOnRoot(sql, args);
    }
  }

  private boolean existsOnRoot(String sql, String... args) {
    try (PreparedStatement ps = root.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean roleExists(String role) {
    return roles.contains(role.toUpperCase(Locale.ROOT));
  }

  /** A new session; a database, schema or warehouse that does not exist leaves it unset, as Snowflake does. */
  public Session openSession(long id, String user, String database, String schema, String warehouse, String role) {
    try {
      Connection duck;
      synchronized (root) {
        duck = root.duplicate();
      }
      try (Statement st = duck.createStatement()) {
        st.execute("SET TimeZone = 'UTC'");
      }
      Session s = new Session(id, user, duck);
      s.role = role;
      if (warehouse != null && warehouses.contains(warehouse.toUpperCase(Locale.ROOT))) {
        s.warehouse = warehouse.toUpperCase(Locale.ROOT);
      }
      if (database != null && databaseExists(name(database))) {
        useDatabase(s, name(database));
        if (schema != null && schemaExists(s.database, name(schema))) {
          useSchema(s, s.database, name(schema));
        }
      }
      return s;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A name from a connect string: unquoted, Snowflake folds it to upper case; quoted, taken as written. */
  static String name(String raw) {
    return raw.startsWith("\"") && raw.endsWith("\"") && raw.length() > 1 ? raw.substring(1, raw.length() - 1)
        : raw.toUpperCase(Locale.ROOT);
  }

  // ---- execution ----

  /** Executes one request's SQL text with its bindings (the driver's {@code bindings} object, or null). */
  public QueryResult execute(Session s, String sql, JsonNode bindings) {
    synchronized (s) {
      List<List<Token>> statements = SnowflakeToDuckDb.statements(sql);
      if (statements.isEmpty()) {
        throw new SnowflakeError("000900", "42601", "Empty SQL statement.");
      }
      if (statements.size() > 1) {
        throw new SnowflakeError("000008", "0A000", "Actual statement count " + statements.size()
            + " did not match the desired statement count 1.");
      }
      try {
        return dispatch(s, statements.get(0), sql, bindings);
      } catch (SQLException e) {
        throw ErrorMapping.map(e);
      } catch (Stages.StageException e) {
        throw new SnowflakeError(e.code(), "02000", e.getMessage());
      } catch (IllegalArgumentException e) {
        throw SnowflakeError.compilation(e.getMessage());
      }
    }
  }

  /** A statement's metadata without running it (the driver's describeOnly requests, e.g. before executeBatch). */
  public QueryResult describe(Session s, String sql) {
    synchronized (s) {
      List<List<Token>> statements = SnowflakeToDuckDb.statements(sql);
      if (statements.size() != 1) {
        throw new SnowflakeError("000008", "0A000", "Actual statement count " + statements.size()
            + " did not match the desired statement count 1.");
      }
      List<Token> t = statements.get(0);
      StatementType type = classify(t);
      List<Integer> order = new ArrayList<>();
      List<Token> bound = bindOrder(t, order);
      List<Column> columns = new ArrayList<>();
      if (type == StatementType.SELECT) {
        try (PreparedStatement ps = s.duck.prepareStatement(SnowflakeToDuckDb.translate(bound, context(s)).get(0))) {
          java.sql.ResultSetMetaData md = ps.getMetaData();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(Rowsets.column(md.getColumnLabel(i), md.getColumnTypeName(i).toUpperCase(Locale.ROOT), true));
          }
        } catch (SQLException e) {
          throw ErrorMapping.map(e);
        }
      }
      return new QueryResult(columns, List.of(), type, Map.of("numberOfBinds", order.size()));
    }
  }

  /** The statementTypeId a statement answers with. */
  static StatementType classify(List<Token> t) {
    if (t.get(0).isSymbol("(")) {
      return StatementType.SELECT;
    }
    String first = t.get(0).text().toUpperCase(Locale.ROOT);
    String second = t.size() > 1 ? t.get(1).text().toUpperCase(Locale.ROOT) : "";
    return switch (first) {
      case "SELECT", "WITH", "VALUES" -> StatementType.SELECT;
      case "INSERT" -> StatementType.INSERT;
      case "UPDATE" -> StatementType.UPDATE;
      case "DELETE" -> StatementType.DELETE;
      case "MERGE" -> StatementType.MERGE;
      case "COPY" -> StatementType.COPY;
      case "BEGIN", "START", "COMMIT", "ROLLBACK" -> StatementType.TCL;
      case "USE" -> StatementType.USE;
      case "SHOW" -> StatementType.SHOW;
      case "DESCRIBE", "DESC" -> StatementType.DESCRIBE;
      case "LIST", "LS" -> StatementType.LIST;
      case "REMOVE", "RM" -> StatementType.REMOVE;
      case "PUT" -> StatementType.PUT;
      case "GET" -> StatementType.GET;
      case "ALTER" -> second.equals("SESSION") ? StatementType.ALTER_SESSION : StatementType.DDL;
      default -> StatementType.DDL;
    };
  }

  private QueryResult dispatch(Session s, List<Token> t, String sql, JsonNode bindings) throws SQLException {
    String first = t.get(0).kind() == Kind.WORD ? t.get(0).text().toUpperCase(Locale.ROOT) : "";
    String second = t.size() > 1 && t.get(1).kind() == Kind.WORD ? t.get(1).text().toUpperCase(Locale.ROOT) : "";
    switch (first) {
      case "BEGIN", "START" -> {
        begin(s);
        return QueryResult.status(StatementType.TCL, "Statement executed successfully.");
      }
      case "COMMIT" -> {
        end(s, "COMMIT");
        return QueryResult.status(StatementType.TCL, "Statement executed successfully.");
      }
      case "ROLLBACK" -> {
        end(s, "ROLLBACK");
        return QueryResult.status(StatementType.TCL, "Statement executed successfully.");
      }
      case "USE" -> {
        return use(s, t);
      }
      case "SHOW" -> {
        if (second.equals("PARAMETERS")) {
          return showParameters(s, t);
        }
        throw SnowflakeError.unsupported("SHOW " + second);
      }
      case "ALTER" -> {
        if (second.equals("SESSION")) {
          return alterSession(s, t);
        }
      }
      case "PUT" -> {
        return StageCommands.put(this, s, sql);
      }
      case "GET" -> throw SnowflakeError.unsupported("GET");
      case "LIST", "LS" -> {
        return StageCommands.list(this, s, t);
      }
      case "REMOVE", "RM" -> {
        return StageCommands.remove(this, s, t);
      }
      case "COPY" -> {
        return CopyInto.execute(this, s, t);
      }
      case "TRUNCATE" -> {
        return truncate(s, t, bindings);
      }
      default -> {
      }
    }
    if (first.equals("CREATE") || first.equals("DROP")) {
      int k = 1;
      if (SnowflakeToDuckDb.matches(t, 1, new String[] {"OR", "REPLACE"})) {
        k = 3;
      }
      while (k < t.size() && (t.get(k).is("TEMPORARY") || t.get(k).is("TEMP") || t.get(k).is("TRANSIENT"))) {
        k++;
      }
      if (k < t.size() && t.get(k).is("STAGE")) {
        return StageCommands.createOrDrop(this, s, t, first.equals("CREATE"), k == 3, k + 1);
      }
      if (k < t.size() && t.get(k).is("DATABASE")) {
        return database(s, t, first.equals("CREATE"), k + 1);
      }
      if (k < t.size() && t.get(k).is("SCHEMA")) {
        return schema(s, t, first.equals("CREATE"), k + 1);
      }
    }
    if (first.equals("DESCRIBE") || first.equals("DESC") || first.equals("EXPLAIN")) {
      throw SnowflakeError.unsupported(first);
    }
    StatementType type = classify(t);
    List<Integer> order = new ArrayList<>();
    List<Token> bound = bindOrder(t, order);
    List<String> duck = SnowflakeToDuckDb.translate(bound, context(s));
    if (type == StatementType.DDL) {
      implicitCommit(s);
      try (Statement st = s.duck.createStatement()) {
        for (String statement : duck) {
          st.execute(statement);
        }
      }
      return QueryResult.status(type, ddlMessage(t));
    }
    implicitBegin(s);
    if (duck.size() != 1) {
      throw new IllegalStateException("one DuckDB statement expected for " + first);
    }
    return runDml(s, duck.get(0), type, rows(bindings, order));
  }

  private QueryResult runDml(Session s, String sql, StatementType type, List<List<Object>> rows) throws SQLException {
    if (type == StatementType.MERGE) {
      sql = sql + " RETURNING merge_action";
    }
    try (PreparedStatement ps = s.duck.prepareStatement(sql)) {
      if (type == StatementType.SELECT) {
        bind(ps, rows.isEmpty() ? List.of() : rows.get(0));
        try (ResultSet rs = ps.executeQuery()) {
          return Rowsets.read(rs, type);
        }
      }
      long inserted = 0;
      long updated = 0;
      long deleted = 0;
      for (List<Object> row : rows.isEmpty() ? List.of(List.<Object>of()) : rows) {
        bind(ps, row);
        if (type == StatementType.MERGE) {
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              switch (rs.getString(1)) {
                case "INSERT" -> inserted++;
                case "UPDATE" -> updated++;
                case "DELETE" -> deleted++;
                default -> { }
              }
            }
          }
        } else {
          inserted += ps.executeUpdate();
        }
      }
      return switch (type) {
        case MERGE -> {
          List<Column> cols = new ArrayList<>();
          List<String> row = new ArrayList<>();
          cols.add(Column.fixed("number of rows inserted"));
          row.add(Long.toString(inserted));
          if (sql.toUpperCase(Locale.ROOT).contains("UPDATE")) {
            cols.add(Column.fixed("number of rows updated"));
            row.add(Long.toString(updated));
          }
          if (sql.toUpperCase(Locale.ROOT).contains("DELETE")) {
            cols.add(Column.fixed("number of rows deleted"));
            row.add(Long.toString(deleted));
          }
          List<List<String>> out = new ArrayList<>();
          out.add(row);
          yield new QueryResult(cols, out, type);
        }
        case UPDATE -> QueryResult.count(type, "number of rows updated", inserted);
        case DELETE -> QueryResult.count(type, "number of rows deleted", inserted);
        default -> QueryResult.count(type, "number of rows inserted", inserted);
      };
    }
  }

  private static String ddlMessage(List<Token> t) {
    if (t.get(0).is("CREATE")) {
      for (int k = 1; k < t.size(); k++) {
        if (t.get(k).is("TABLE") || t.get(k).is("VIEW")) {
          int n = k + 1;
          if (SnowflakeToDuckDb.matches(t, n, new String[] {"IF", "NOT", "EXISTS"})) {
            n += 3;
          }
          int end = SnowflakeToDuckDb.qualifiedNameEnd(t, n);
          if (end > n) {
            String kind = t.get(k).is("TABLE") ? "Table" : "View";
            return kind + " " + t.get(end - 1).identifier() + " successfully created.";
          }
        }
      }
    }
    return "Statement executed successfully.";
  }

  // ---- transactions: Snowflake's rules on DuckDB's transactions ----

  void begin(Session s) throws SQLException {
    if (!s.inTransaction) {
      try (Statement st = s.duck.createStatement()) {
        st.execute("BEGIN TRANSACTION");
      }
      s.inTransaction = true;
    }
  }

  private void end(Session s, String how) throws SQLException {
    if (s.inTransaction) {
      s.inTransaction = false;
      try (Statement st = s.duck.createStatement()) {
        st.execute(how);
      }
    }
  }

  /** With AUTOCOMMIT off, the first DML or query opens a transaction. */
  void implicitBegin(Session s) throws SQLException {
    if (!s.autocommit) {
      begin(s);
    }
  }

  /** DDL commits the open transaction first, as in Snowflake. */
  void implicitCommit(Session s) throws SQLException {
    end(s, "COMMIT");
  }

  // ---- USE, ALTER SESSION, SHOW PARAMETERS ----

  private QueryResult use(Session s, List<Token> t) throws SQLException {
    int k = 1;
    String kind = "DATABASE";
    if (k < t.size() && (t.get(k).is("DATABASE") || t.get(k).is("SCHEMA") || t.get(k).is("WAREHOUSE") || t.get(k).is("ROLE"))) {
      kind = t.get(k).text().toUpperCase(Locale.ROOT);
      k++;
    }
    if (k >= t.size()) {
      throw SnowflakeError.compilation("USE needs a name");
    }
    int end = SnowflakeToDuckDb.qualifiedNameEnd(t, k);
    List<String> parts = new ArrayList<>();
    for (int i = k; i < end; i += 2) {
      parts.add(t.get(i).identifier());
    }
    String objectName = String.join(".", parts);
    switch (kind) {
      case "WAREHOUSE" -> {
        if (!warehouses.contains(objectName)) {
          throw notExists(objectName);
        }
        s.warehouse = objectName;
        return QueryResult.status(StatementType.USE, "Statement executed successfully.");
      }
      case "ROLE" -> {
        if (!roleExists(objectName)) {
          throw notExists(objectName);
        }
        s.role = objectName;
        return QueryResult.status(StatementType.USE, "Statement executed successfully.");
      }
      case "SCHEMA" -> {
        String db = parts.size() > 1 ? parts.get(0) : s.database;
        String sc = parts.get(parts.size() - 1);
        if (db == null || !schemaExists(db, sc)) {
          throw notExists(objectName);
        }
        useSchema(s, db, sc);
        return QueryResult.status(StatementType.USE, "Statement executed successfully.");
      }
      default -> {
        if (parts.size() == 2 && schemaExists(parts.get(0), parts.get(1))) {
          useSchema(s, parts.get(0), parts.get(1));
          return QueryResult.status(StatementType.USE, "Statement executed successfully.");
        }
        if (!databaseExists(objectName)) {
          throw notExists(objectName);
        }
        useDatabase(s, objectName);
        return QueryResult.status(StatementType.USE, "Statement executed successfully.");
      }
    }
  }

  private static SnowflakeError notExists(String name) {
    return new SnowflakeError("002043", "02000", "SQL compilation error:\nObject does not exist, or operation cannot be performed.");
  }

  /** USE DATABASE: its PUBLIC schema becomes current when there is one. */
  private void useDatabase(Session s, String db) throws SQLException {
    s.database = db;
    s.schema = null;
    try (Statement st = s.duck.createStatement()) {
      st.execute("USE " + q(db));
    }
    if (schemaExists(db, "PUBLIC")) {
      useSchema(s, db, "PUBLIC");
    }
  }

  private void useSchema(Session s, String db, String schema) throws SQLException {
    try (Statement st = s.duck.createStatement()) {
      st.execute("USE " + q(db) + "." + q(schema));
    }
    s.database = db;
    s.schema = schema;
  }

  private QueryResult alterSession(Session s, List<Token> t) throws SQLException {
    boolean unset = t.size() > 2 && t.get(2).is("UNSET");
    if (!(t.size() > 2 && (t.get(2).is("SET") || unset))) {
      throw SnowflakeError.compilation("ALTER SESSION needs SET or UNSET");
    }
    for (List<Token> item : SnowflakeToDuckDb.splitTopLevel(t.subList(3, t.size()))) {
      if (item.isEmpty()) {
        continue;
      }
      String key = item.get(0).identifier();
      if (unset) {
        s.parameters.remove(key);
        if (key.equals("AUTOCOMMIT")) {
          setAutocommit(s, true);
        }
        continue;
      }
      if (item.size() < 3 || !item.get(1).isSymbol("=")) {
        throw SnowflakeError.compilation("ALTER SESSION SET " + key + " needs '= value'");
      }
      Token v = item.get(2);
      String value = v.kind() == Kind.STRING ? v.stringValue() : v.text();
      s.parameters.put(key, value);
      if (key.equals("AUTOCOMMIT")) {
        setAutocommit(s, Boolean.parseBoolean(value));
      }
    }
    return QueryResult.status(StatementType.ALTER_SESSION, "Statement executed successfully.");
  }

  /** Session parameters given at login. */
  public void setSessionParameters(Session s, Map<String, String> parameters) {
    synchronized (s) {
      s.parameters.putAll(parameters);
      if (parameters.containsKey("AUTOCOMMIT")) {
        s.autocommit = Boolean.parseBoolean(parameters.get("AUTOCOMMIT"));
      }
    }
  }

  private void setAutocommit(Session s, boolean on) throws SQLException {
    if (on && !s.autocommit) {
      end(s, "COMMIT");
    }
    s.autocommit = on;
  }

  private QueryResult showParameters(Session s, List<Token> t) {
    Optional<Pattern> like = Optional.empty();
    for (int k = 2; k + 1 < t.size(); k++) {
      if (t.get(k).is("LIKE") && t.get(k + 1).kind() == Kind.STRING) {
        like = Optional.of(likePattern(t.get(k + 1).stringValue()));
      }
    }
    List<Column> cols = List.of(Column.text("key"), Column.text("value"), Column.text("default"), Column.text("level"),
        Column.text("description"), Column.text("type"));
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, String[]> p : PARAMETERS.entrySet()) {
      if (like.isPresent() && !like.get().matcher(p.getKey()).matches()) {
        continue;
      }
      String value = p.getValue()[0];
      String level = "";
      String account = accountParameters.get(p.getKey());
      if (account != null) {
        value = account;
        level = "ACCOUNT";
      }
      String session = s.parameters.get(p.getKey());
      if (session != null) {
        value = session;
        level = "SESSION";
      }
      rows.add(List.of(p.getKey(), value, p.getValue()[0], level, p.getValue()[2], p.getValue()[1]));
    }
    return new QueryResult(cols, rows, StatementType.SHOW);
  }

  /** An SQL LIKE pattern (case-insensitive, as SHOW matches) as a regex. */
  static Pattern likePattern(String like) {
    StringBuilder b = new StringBuilder();
    for (char c : like.toCharArray()) {
      switch (c) {
        case '%' -> b.append(".*");
        case '_' -> b.append('.');
        default -> b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(b.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  // ---- databases and schemas ----

  private QueryResult database(Session s, List<Token> t, boolean create, int k) throws SQLException {
    boolean ifClause = SnowflakeToDuckDb.matches(t, k, create ? new String[] {"IF", "NOT", "EXISTS"} : new String[] {"IF", "EXISTS"});
    if (ifClause) {
      k += create ? 3 : 2;
    }
    String db = t.get(k).identifier();
    implicitCommit(s);
    synchronized (this) {
      if (create) {
        if (databaseExists(db)) {
          if (!ifClause) {
            throw new SnowflakeError("002002", "42710", "SQL compilation error:\nObject '" + db + "' already exists.");
          }
          return QueryResult.status(StatementType.DDL, db + " already exists, statement succeeded.");
        }
        attach(db);
        // Snowflake makes a new database the session's current one.
        useDatabase(s, db);
        return QueryResult.status(StatementType.DDL, "Database " + db + " successfully created.");
      }
      if (!databaseExists(db)) {
        if (ifClause) {
          return QueryResult.status(StatementType.DDL, "Drop statement executed successfully (" + db + " already dropped).");
        }
        throw new SnowflakeError("002003", "02000", "SQL compilation error:\nDatabase '" + db + "' does not exist or not authorized.");
      }
      if (db.equals(s.database)) {
        try (Statement st = s.duck.createStatement()) {
          st.execute("USE memory.main");
        }
        s.database = null;
        s.schema = null;
      }
      synchronized (root) {
        try (Statement st = root.createStatement()) {
          st.execute("DETACH " + q(db));
        }
      }
      try {
        Files.deleteIfExists(databases.resolve(URLEncoder.encode(db, StandardCharsets.UTF_8) + ".duckdb"));
        Files.deleteIfExists(databases.resolve(URLEncoder.encode(db, StandardCharsets.UTF_8) + ".duckdb.wal"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return QueryResult.status(StatementType.DDL, db + " successfully dropped.");
    }
  }

  private QueryResult schema(Session s, List<Token> t, boolean create, int k) throws SQLException {
    boolean ifClause = SnowflakeToDuckDb.matches(t, k, create ? new String[] {"IF", "NOT", "EXISTS"} : new String[] {"IF", "EXISTS"});
    if (ifClause) {
      k += create ? 3 : 2;
    }
    int end = SnowflakeToDuckDb.qualifiedNameEnd(t, k);
    String db = end - k == 3 ? t.get(k).identifier() : s.database;
    String sc = t.get(end - 1).identifier();
    if (db == null) {
      throw new SnowflakeError("090105", "22000", "Cannot perform " + (create ? "CREATE" : "DROP")
          + " SCHEMA. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.");
    }
    implicitCommit(s);
    boolean existed = schemaExists(db, sc);
    try (Statement st = s.duck.createStatement()) {
      if (create) {
        if (existed && !ifClause) {
          throw new SnowflakeError("002002", "42710", "SQL compilation error:\nObject '" + sc + "' already exists.");
        }
        if (!existed) {
          st.execute("CREATE SCHEMA " + q(db) + "." + q(sc));
          // Snowflake makes a new schema the session's current one.
          useSchema(s, db, sc);
          return QueryResult.status(StatementType.DDL, "Schema " + sc + " successfully created.");
        }
        return QueryResult.status(StatementType.DDL, sc + " already exists, statement succeeded.");
      }
      if (!existed) {
        if (ifClause) {
          return QueryResult.status(StatementType.DDL, "Drop statement executed successfully (" + sc + " already dropped).");
        }
        throw new SnowflakeError("002003", "02000", "SQL compilation error:\nSchema '" + db + "." + sc + "' does not exist or not authorized.");
      }
      if (db.equals(s.database) && sc.equals(s.schema)) {
        st.execute("USE " + q(db));
        s.schema = null;
      }
      st.execute("DROP SCHEMA " + q(db) + "." + q(sc) + " CASCADE");
      return QueryResult.status(StatementType.DDL, sc + " successfully dropped.");
    }
  }

  private QueryResult truncate(Session s, List<Token> t, JsonNode bindings) throws SQLException {
    int k = 1;
    if (k < t.size() && t.get(k).is("TABLE")) {
      k++;
    }
    boolean ifExists = SnowflakeToDuckDb.matches(t, k, new String[] {"IF", "EXISTS"});
    if (ifExists) {
      k += 2;
    }
    int end = SnowflakeToDuckDb.qualifiedNameEnd(t, k);
    List<Token> name = t.subList(k, end);
    implicitCommit(s);
    String table = SnowflakeToDuckDb.join(SnowflakeToDuckDb.expressions(name, context(s)));
    try (Statement st = s.duck.createStatement()) {
      st.execute("DELETE FROM " + table);
    } catch (SQLException e) {
      if (!(ifExists && e.getMessage() != null && e.getMessage().contains("does not exist"))) {
        throw e;
      }
    }
    return QueryResult.status(StatementType.DDL, "Statement executed successfully.");
  }

  // ---- bindings ----

  /** Replaces {@code :n} binds with {@code ?}, recording which binding each {@code ?} takes (1-based). */
  static List<Token> bindOrder(List<Token> t, List<Integer> order) {
    List<Token> out = new ArrayList<>(t.size());
    int next = 1;
    for (Token tok : t) {
      if (tok.kind() == Kind.BIND) {
        order.add(tok.text().equals("?") ? next++ : Integer.parseInt(tok.text().substring(1)));
        out.add(new Token(Kind.BIND, "?"));
      } else {
        out.add(tok);
      }
    }
    return out;
  }

  /** The driver's bindings as rows of Java values (one row, or one per array element for a batch). */
  static List<List<Object>> rows(JsonNode bindings, List<Integer> order) {
    List<List<Object>> rows = new ArrayList<>();
    if (bindings == null || bindings.isNull() || bindings.isEmpty() || order.isEmpty()) {
      return rows;
    }
    int batch = 1;
    boolean isBatch = false;
    for (Integer i : order) {
      JsonNode b = bindings.get(Integer.toString(i));
      if (b == null) {
        throw new SnowflakeError("002049", "07002", "SQL compilation error: bind variable " + i + " not set.");
      }
      if (b.get("value").isArray()) {
        isBatch = true;
        batch = b.get("value").size();
      }
    }
    for (int r = 0; r < batch; r++) {
      List<Object> row = new ArrayList<>();
      for (Integer i : order) {
        JsonNode b = bindings.get(Integer.toString(i));
        JsonNode v = isBatch ? b.get("value").get(r) : b.get("value");
        row.add(bindValue(b.path("type").asText("TEXT"), v));
      }
      rows.add(row);
    }
    return rows;
  }

  static Object bindValue(String type, JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    String s = v.asText();
    return switch (type) {
      case "FIXED" -> new BigDecimal(s);
      case "REAL" -> Double.parseDouble(s);
      case "BOOLEAN" -> s.equals("1") || s.equalsIgnoreCase("true");
      case "DATE" -> LocalDate.ofInstant(Instant.ofEpochMilli(Long.parseLong(s)), ZoneOffset.UTC);
      case "TIME" -> LocalTime.ofNanoOfDay(Long.parseLong(s.split(" ")[0]));
      case "TIMESTAMP_NTZ" -> LocalDateTime.ofEpochSecond(Math.floorDiv(nanos(s), 1_000_000_000L),
          (int) Math.floorMod(nanos(s), 1_000_000_000L), ZoneOffset.UTC);
      case "TIMESTAMP_LTZ", "TIMESTAMP_TZ" -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(
          Math.floorDiv(nanos(s), 1_000_000_000L), Math.floorMod(nanos(s), 1_000_000_000L)), ZoneOffset.UTC);
      case "BINARY" -> HexFormat.of().parseHex(s);
      default -> s;
    };
  }

  private static long nanos(String s) {
    return new BigDecimal(s.split(" ")[0]).longValueExact();
  }

  static void bind(PreparedStatement ps, List<Object> row) throws SQLException {
    for (int i = 0; i < row.size(); i++) {
      Object o = row.get(i);
      if (o instanceof byte[] b) {
        ps.setBytes(i + 1, b);
      } else {
        ps.setObject(i + 1, o);
      }
    }
  }

  // ---- helpers ----

  TranslationContext context(Session s) {
    QueryEngine engine = this;
    return new TranslationContext() {
      @Override
      public Optional<String> database() {
        return s.database();
      }

      @Override
      public Optional<String> schema() {
        return s.schema();
      }

      @Override
      public Optional<String> warehouse() {
        return s.warehouse();
      }

      @Override
      public Optional<String> role() {
        return s.role();
      }

      @Override
      public String user() {
        return s.user;
      }

      @Override
      public String account() {
        return engine.account;
      }

      @Override
      public List<Path> stagedFiles(String stageReference, Optional<String> pattern) {
        StageLocation loc = engine.stages.resolve(stageReference, s.database(), s.schema(), s.user);
        return engine.stages.files(loc, pattern).stream().map(Stages.StagedFile::path).toList();
      }
    };
  }

  StageLocation stage(Session s, String reference) {
    return stages.resolve(reference, s.database(), s.schema(), s.user);
  }

  static String q(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static String listTime(long millis) {
    return LIST_TIME.format(ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
  }

  @Override
  public void close() {
    try {
      root.close();
    } catch (SQLException e) {
      // closing anyway
    }
  }
}
