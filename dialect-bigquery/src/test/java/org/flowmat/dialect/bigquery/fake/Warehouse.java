package org.flowmat.dialect.bigquery.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.flowmat.dialect.bigquery.fake.GoogleSql.Column;
import org.flowmat.dialect.bigquery.fake.GoogleSql.Kind;
import org.flowmat.dialect.bigquery.fake.GoogleSql.Partitioning;
import org.flowmat.dialect.bigquery.fake.GoogleSql.TableRef;
import org.flowmat.dialect.bigquery.fake.GoogleSql.Token;

/**
 * Datasets and tables of one fake project on an embedded DuckDB (a dataset is a DuckDB schema), with the BigQuery
 * metadata DuckDB has no place for (locations, declared types, partitioning, clustering, options); runs translated
 * scripts and estimates the bytes a statement scans.
 */
final class Warehouse implements AutoCloseable {
  record Dataset(String id, String location, Instant created, String description) {}

  /** What BigQuery keeps about a table beyond its DuckDB columns. */
  static final class TableMeta {
    final String dataset;
    final String table;
    final Instant created;
    volatile Instant modified;
    volatile Partitioning partitioning;
    volatile List<String> clustering;
    volatile Long partitionExpirationMs;
    volatile boolean requirePartitionFilter;
    volatile String description;
    volatile JsonNode labels;
    final Map<String, Column> declared = new ConcurrentHashMap<>();

    TableMeta(String dataset, String table) {
      this.dataset = dataset;
      this.table = table;
      this.created = Instant.now();
      this.modified = created;
      this.clustering = List.of();
    }
  }

  record Field(String name, String type, String mode, Integer precision, Integer scale, Long maxLength, String description) {}

  /** A TIMESTAMP cell, kept as microseconds so it renders either as float seconds or int64 micros. */
  record Micros(long value) {}

  record Rows(List<Field> schema, List<List<Object>> rows) {}

  record External(String name, String sql, long bytes) {}

  record Param(String name, String type, String value) {}

  record Outcome(GoogleSql.Statement statement, Long affected, Long inserted, Long updated, Long deleted, Rows rows,
                 List<Field> targetSchema, long bytes) {}

  record ScriptOutcome(List<Outcome> statements, long bytes) {
    Outcome last() {
      return statements.get(statements.size() - 1);
    }

    Optional<Rows> result() {
      for (int k = statements.size() - 1; k >= 0; k--) {
        if (statements.get(k).rows() != null) {
          return Optional.of(statements.get(k).rows());
        }
      }
      return Optional.empty();
    }
  }

  private final DuckDBConnection root;
  private final String project;
  private final String defaultLocation;
  private final Map<String, Dataset> datasets = new ConcurrentHashMap<>();
  private final Map<String, TableMeta> tables = new ConcurrentHashMap<>();
  /** Tables an open transaction has mutated (UPDATE, DELETE, MERGE, TRUNCATE), and which transaction. */
  private final Map<String, Object> mutatedBy = new ConcurrentHashMap<>();
  private final Faults faults;

  Warehouse(String project, String defaultLocation, Faults faults) throws SQLException {
    this.faults = faults;
    this.project = project;
    this.defaultLocation = defaultLocation;
    this.root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = root.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      for (String m : GoogleSql.MACROS) {
        s.execute(m);
      }
    }
  }

  String project() {
    return project;
  }

  String defaultLocation() {
    return defaultLocation;
  }

  Connection connection() throws SQLException {
    Connection c = root.duplicate();
    try (Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
    }
    return c;
  }

  @Override
  public void close() throws SQLException {
    root.close();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Datasets

  synchronized Dataset createDataset(String id, String location, String description, boolean ifNotExists) throws SQLException {
    Dataset existing = datasets.get(id);
    if (existing != null) {
      if (ifNotExists) {
        return existing;
      }
      throw ApiException.duplicate("Already Exists: Dataset " + project + ":" + id);
    }
    try (Connection c = connection(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + GoogleSql.quote(id));
    }
    Dataset d = new Dataset(id, location == null || location.isBlank() ? defaultLocation : location, Instant.now(), description);
    datasets.put(id, d);
    return d;
  }

  Optional<Dataset> dataset(String id) {
    return Optional.ofNullable(datasets.get(id));
  }

  List<Dataset> datasets() {
    return datasets.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
  }

  synchronized void deleteDataset(String id, boolean deleteContents) throws SQLException {
    if (!datasets.containsKey(id)) {
      throw ApiException.notFound("Not found: Dataset " + project + ":" + id);
    }
    boolean hasTables = tables.values().stream().anyMatch(t -> t.dataset.equals(id));
    if (hasTables && !deleteContents) {
      throw new ApiException(400, "resourceInUse", "Dataset " + project + ":" + id + " is still in use");
    }
    try (Connection c = connection(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + GoogleSql.quote(id) + " CASCADE");
    }
    tables.values().removeIf(t -> t.dataset.equals(id));
    datasets.remove(id);
  }

  Dataset requireDataset(String id) {
    return dataset(id).orElseThrow(() -> ApiException.notFound("Not found: Dataset " + project + ":" + id));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Tables

  Optional<TableMeta> table(String dataset, String table) {
    return Optional.ofNullable(tables.get(dataset + "." + table));
  }

  TableMeta requireTable(String dataset, String table) {
    requireDataset(dataset);
    return table(dataset, table)
        .orElseThrow(() -> ApiException.notFound("Not found: Table " + project + ":" + dataset + "." + table));
  }

  List<TableMeta> tables(String dataset) {
    return tables.values().stream().filter(t -> t.dataset.equals(dataset)).sorted((a, b) -> a.table.compareTo(b.table)).toList();
  }

  /** tables.insert: the table from a REST schema. */
  synchronized TableMeta createTable(String dataset, String table, List<Column> columns) throws SQLException {
    requireDataset(dataset);
    if (tables.containsKey(dataset + "." + table)) {
      throw ApiException.duplicate("Already Exists: Table " + project + ":" + dataset + "." + table);
    }
    List<String> defs = new ArrayList<>();
    for (Column c : columns) {
      defs.add(GoogleSql.quote(c.name()) + " " + GoogleSql.duckType(c) + (c.required() ? " NOT NULL" : ""));
    }
    try (Connection c = connection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + qualified(dataset, table) + " (" + String.join(", ", defs) + ")");
    }
    TableMeta meta = new TableMeta(dataset, table);
    columns.forEach(c -> meta.declared.put(c.name().toLowerCase(Locale.ROOT), c));
    tables.put(dataset + "." + table, meta);
    return meta;
  }

  synchronized void dropTable(String dataset, String table) throws SQLException {
    requireTable(dataset, table);
    try (Connection c = connection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE " + qualified(dataset, table));
    }
    tables.remove(dataset + "." + table);
  }

  /** tables.patch with a schema: new columns are added, REQUIRED may become NULLABLE; nothing else may change. */
  synchronized void patchSchema(TableMeta meta, List<Column> wanted) throws SQLException {
    Map<String, Field> current = new LinkedHashMap<>();
    for (Field f : schema(meta)) {
      current.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    List<String> ddl = new ArrayList<>();
    for (Column c : wanted) {
      Field f = current.get(c.name().toLowerCase(Locale.ROOT));
      if (f == null) {
        if (c.required()) {
          throw ApiException.invalid("Provided Schema does not match Table " + project + ":" + meta.dataset + "." + meta.table
              + ". Cannot add required fields to an existing schema. (field: " + c.name() + ")");
        }
        ddl.add("ALTER TABLE " + qualified(meta.dataset, meta.table) + " ADD COLUMN " + GoogleSql.quote(c.name()) + " "
            + GoogleSql.duckType(c));
      } else {
        if (!f.type().equals(c.bqType())) {
          throw ApiException.invalid("Provided Schema does not match Table " + project + ":" + meta.dataset + "." + meta.table
              + ". Field " + f.name() + " has changed type from " + f.type() + " to " + c.bqType());
        }
        if (f.mode().equals("NULLABLE") && c.required()) {
          throw ApiException.invalid("Provided Schema does not match Table " + project + ":" + meta.dataset + "." + meta.table
              + ". Field " + f.name() + " has changed mode from NULLABLE to REQUIRED");
        }
        if (f.mode().equals("REQUIRED") && !c.required()) {
          ddl.add("ALTER TABLE " + qualified(meta.dataset, meta.table) + " ALTER COLUMN " + GoogleSql.quote(f.name())
              + " DROP NOT NULL");
        }
      }
    }
    for (Field f : current.values()) {
      if (wanted.stream().noneMatch(c -> c.name().equalsIgnoreCase(f.name()))) {
        throw ApiException.invalid("Provided Schema does not match Table " + project + ":" + meta.dataset + "." + meta.table
            + ". Cannot remove field " + f.name() + " through a patch");
      }
    }
    try (Connection c = connection(); Statement s = c.createStatement()) {
      for (String d : ddl) {
        s.execute(d);
      }
    }
    for (Column c : wanted) {
      meta.declared.merge(c.name().toLowerCase(Locale.ROOT), c, (old, neu) -> neu);
    }
    meta.modified = Instant.now();
  }

  List<Field> schema(TableMeta meta) throws SQLException {
    try (Connection c = connection()) {
      return schema(c, meta);
    }
  }

  private static List<Field> schema(Connection c, TableMeta meta) throws SQLException {
    List<Field> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, is_nullable FROM information_schema.columns"
        + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      ps.setString(1, meta.dataset);
      ps.setString(2, meta.table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          Column declared = meta.declared.get(name.toLowerCase(Locale.ROOT));
          String type = GoogleSql.bqTypeOfDuck(rs.getString(2));
          Integer precision = null;
          Integer scale = null;
          Long maxLength = null;
          String description = null;
          if (declared != null && compatible(declared.bqType(), type)) {
            type = declared.bqType();
            precision = declared.precision();
            scale = declared.scale();
            maxLength = declared.maxLength();
            description = declared.description();
          }
          out.add(new Field(name, type, "YES".equals(rs.getString(3)) ? "NULLABLE" : "REQUIRED", precision, scale,
              maxLength, description));
        }
      }
    }
    return out;
  }

  private static boolean compatible(String declared, String fromDuck) {
    return declared.equals(fromDuck) || (Set.of("NUMERIC", "BIGNUMERIC").contains(declared)
        && Set.of("NUMERIC", "BIGNUMERIC").contains(fromDuck));
  }

  long numRows(TableMeta meta) throws SQLException {
    try (Connection c = connection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM " + qualified(meta.dataset, meta.table))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  long numBytes(TableMeta meta) throws SQLException {
    try (Connection c = connection()) {
      return bytes(c, meta, null, null);
    }
  }

  /** tabledata.list over a stored table, in insertion order. */
  Rows page(TableMeta meta, long offset, long limit, List<String> selected) throws SQLException {
    try (Connection c = connection()) {
      List<Field> schema = schema(c, meta);
      if (selected != null && !selected.isEmpty()) {
        schema = schema.stream().filter(f -> selected.stream().anyMatch(s -> s.equalsIgnoreCase(f.name()))).toList();
      }
      List<String> cols = schema.stream().map(f -> GoogleSql.quote(f.name())).toList();
      String sql = "SELECT " + (cols.isEmpty() ? "1" : String.join(", ", cols)) + " FROM "
          + qualified(meta.dataset, meta.table) + " ORDER BY rowid LIMIT " + limit + " OFFSET " + offset;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        return new Rows(schema, rows(rs, schema.size()));
      }
    }
  }

  static String qualified(String dataset, String table) {
    return GoogleSql.quote(dataset) + "." + GoogleSql.quote(table);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Scripts

  /**
   * Runs (or, dry, only checks and estimates) a script on its own connection; external tables become temp views on
   * that connection. A failure inside BEGIN … COMMIT rolls the transaction back; the script then fails as a whole.
   */
  ScriptOutcome run(List<GoogleSql.Statement> script, List<External> externals, List<Param> params, String location,
                    boolean dryRun) throws SQLException {
    try (Connection c = connection()) {
      for (External e : externals) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE OR REPLACE TEMP VIEW " + GoogleSql.quote(e.name()) + " AS " + e.sql());
        }
      }
      for (GoogleSql.Statement st : script) {
        for (TableRef ref : st.tables()) {
          checkLocation(ref, location);
        }
      }
      List<Outcome> outcomes = new ArrayList<>();
      long total = 0;
      boolean inTransaction = false;
      Object transaction = new Object();
      try {
        for (GoogleSql.Statement st : script) {
          long bytes = estimate(c, st, externals);
          total += bytes;
          if (dryRun) {
            outcomes.add(new Outcome(st, null, null, null, null, null, List.of(), bytes));
            continue;
          }
          if (inTransaction && st.kind().startsWith("CREATE") || inTransaction && st.kind().startsWith("DROP")
              || inTransaction && st.kind().equals("ALTER_TABLE")) {
            throw ApiException.invalidQuery("DDL statements on permanent tables are not supported in multi-statement"
                + " transactions (" + st.kind() + ")");
          }
          switch (st.kind()) {
            case "BEGIN_TRANSACTION" -> {
              if (inTransaction) {
                throw ApiException.invalidQuery("Nested transactions are not supported");
              }
              execute(c, st.duckSql().get(0));
              inTransaction = true;
            }
            case "COMMIT_TRANSACTION", "ROLLBACK_TRANSACTION" -> {
              if (!inTransaction) {
                throw ApiException.invalidQuery("There is no active transaction to "
                    + (st.kind().startsWith("COMMIT") ? "commit" : "roll back"));
              }
              if (st.kind().startsWith("COMMIT")) {
                faults.takeCommitHold().ifPresent(Faults.CommitHold::hold);
              }
              inTransaction = false;
              execute(c, st.duckSql().get(0));
              release(transaction);
            }
            default -> {
              // nothing before the statement runs
            }
          }
          if (st.kind().endsWith("_TRANSACTION")) {
            outcomes.add(new Outcome(st, null, null, null, null, null, List.of(), 0));
            continue;
          }
          if (MUTATIONS.contains(st.kind())) {
            claim(st.target(), transaction, inTransaction);
          }
          outcomes.add(runOne(c, st, params, bytes));
        }
        if (inTransaction) {
          throw ApiException.invalidQuery("Transaction started in this script was neither committed nor rolled back"
              + " before the script ended");
        }
      } catch (SQLException | RuntimeException e) {
        release(transaction);
        if (inTransaction) {
          try {
            execute(c, "ROLLBACK");
          } catch (SQLException ignored) {
            // the transaction may already be aborted by DuckDB
          }
        }
        if (e instanceof SQLException se) {
          throw mapError(se, script);
        }
        throw e;
      }
      return new ScriptOutcome(outcomes, total);
    }
  }

  private static final Set<String> MUTATIONS = Set.of("UPDATE", "DELETE", "MERGE", "TRUNCATE_TABLE");

  /**
   * BigQuery's transaction concurrency: while a transaction has mutated a table, another transaction that mutates it is
   * aborted, and a mutating DML statement outside a transaction waits (BigQuery queues it). Appends (INSERT) and reads
   * run concurrently with the transaction.
   */
  private void claim(TableRef target, Object transaction, boolean inTransaction) {
    String key = target.key();
    if (inTransaction) {
      Object holder = mutatedBy.putIfAbsent(key, transaction);
      if (holder != null && holder != transaction) {
        throw ApiException.invalidQuery("Transaction is aborted due to concurrent update against table " + project + ":"
            + key + ".");
      }
      return;
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (mutatedBy.containsKey(key) && mutatedBy.get(key) != transaction) {
      if (System.nanoTime() > deadline) {
        throw ApiException.invalidQuery("Could not serialize access to table " + project + ":" + key
            + " due to concurrent update");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApiException.invalidQuery("interrupted while queued behind a transaction on " + key);
      }
    }
  }

  private void release(Object transaction) {
    mutatedBy.values().removeIf(holder -> holder == transaction);
  }

  private void checkLocation(TableRef ref, String location) {
    Dataset d = datasets.get(ref.dataset());
    if (d == null) {
      throw ApiException.notFound("Not found: Dataset " + project + ":" + ref.dataset()
          + (location == null ? "" : " was not found in location " + location));
    }
    if (location != null && !d.location().equalsIgnoreCase(location)) {
      throw ApiException.notFound("Not found: Dataset " + project + ":" + ref.dataset() + " was not found in location "
          + location);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private Outcome runOne(Connection c, GoogleSql.Statement st, List<Param> params, long bytes) throws SQLException {
    TableRef target = st.target();
    switch (st.kind()) {
      case "SELECT" -> {
        try (PreparedStatement ps = prepare(c, st.duckSql().get(0), st.parameters(), params); ResultSet rs = ps.executeQuery()) {
          List<Field> schema = resultSchema(rs.getMetaData());
          return new Outcome(st, null, null, null, null, new Rows(schema, rows(rs, schema.size())), List.of(), bytes);
        }
      }
      case "INSERT", "UPDATE", "DELETE", "MERGE" -> {
        TableMeta meta = requireTable(target.dataset(), target.table());
        if (st.kind().equals("DELETE") || st.kind().equals("UPDATE")) {
          requireWhere(st);
        }
        long n;
        try (PreparedStatement ps = prepare(c, st.duckSql().get(0), st.parameters(), params)) {
          n = ps.executeUpdate();
        }
        meta.modified = Instant.now();
        return new Outcome(st, n, st.kind().equals("INSERT") ? n : null, st.kind().equals("UPDATE") ? n : null,
            st.kind().equals("DELETE") ? n : null, null, schema(c, meta), bytes);
      }
      case "TRUNCATE_TABLE" -> {
        TableMeta meta = requireTable(target.dataset(), target.table());
        execute(c, st.duckSql().get(0));
        meta.modified = Instant.now();
        return new Outcome(st, null, null, null, null, null, List.of(), bytes);
      }
      case "CREATE_SCHEMA" -> {
        boolean ifNotExists = st.duckSql().get(0).contains(" IF NOT EXISTS ");
        createDataset(target.dataset(), st.schemaLocation().isEmpty() ? null : st.schemaLocation(), null, ifNotExists);
        return new Outcome(st, null, null, null, null, null, List.of(), 0);
      }
      case "DROP_SCHEMA" -> {
        String sql = st.duckSql().get(0);
        Matcher m = Pattern.compile("\"((?:[^\"]|\"\")+)\"").matcher(sql);
        List<String> names = new ArrayList<>();
        while (m.find()) {
          names.add(m.group(1).replace("\"\"", "\""));
        }
        String id = names.isEmpty() ? sql.replaceAll("(?i).*SCHEMA\\s+(IF\\s+EXISTS\\s+)?", "").split("\\s")[0] : names.get(names.size() - 1);
        if (datasets.containsKey(id) || !sql.toUpperCase(Locale.ROOT).contains("IF EXISTS")) {
          deleteDataset(id, sql.toUpperCase(Locale.ROOT).contains("CASCADE"));
        }
        return new Outcome(st, null, null, null, null, null, List.of(), 0);
      }
      case "CREATE_TABLE", "CREATE_TABLE_AS_SELECT" -> {
        GoogleSql.CreateTable ct = st.create();
        requireDataset(target.dataset());
        synchronized (this) {
          TableMeta existing = tables.get(target.key());
          if (existing != null && !ct.orReplace() && !ct.ifNotExists()) {
            throw ApiException.duplicate("Already Exists: Table " + project + ":" + target.dataset() + "." + target.table());
          }
          if (existing != null && ct.ifNotExists()) {
            return new Outcome(st, null, null, null, null, null, List.of(), 0);
          }
          try (PreparedStatement ps = prepare(c, st.duckSql().get(0), st.parameters(), params)) {
            ps.execute();
          }
          TableMeta meta = new TableMeta(target.dataset(), target.table());
          ct.columns().forEach(col -> meta.declared.put(col.name().toLowerCase(Locale.ROOT), col));
          meta.partitioning = ct.partitioning();
          meta.clustering = ct.clustering();
          applyOptions(meta, ct.options());
          tables.put(target.key(), meta);
        }
        return new Outcome(st, null, null, null, null, null, List.of(), bytes);
      }
      case "DROP_TABLE", "DROP_VIEW" -> {
        boolean ifExists = st.source().toUpperCase(Locale.ROOT).contains(" IF EXISTS ");
        if (table(target.dataset(), target.table()).isEmpty()) {
          if (!ifExists) {
            throw ApiException.notFound("Not found: Table " + project + ":" + target.dataset() + "." + target.table());
          }
          return new Outcome(st, null, null, null, null, null, List.of(), 0);
        }
        dropTable(target.dataset(), target.table());
        return new Outcome(st, null, null, null, null, null, List.of(), 0);
      }
      case "ALTER_TABLE" -> {
        Optional<TableMeta> found = table(target.dataset(), target.table());
        if (found.isEmpty()) {
          if ("IF EXISTS".equals(st.schemaLocation())) {
            return new Outcome(st, null, null, null, null, null, List.of(), 0);
          }
          requireTable(target.dataset(), target.table());
        }
        TableMeta meta = found.get();
        GoogleSql.AlterTable at = st.alter();
        if (!at.retyped().isEmpty()) {
          Map<String, Field> current = new HashMap<>();
          for (Field f : schema(c, meta)) {
            current.put(f.name().toLowerCase(Locale.ROOT), f);
          }
          for (var e : at.retyped().entrySet()) {
            Field f = current.get(e.getKey().toLowerCase(Locale.ROOT));
            if (f == null) {
              throw ApiException.invalidQuery("Column " + e.getKey() + " not found in table " + target.key());
            }
            if (!widening(f.type(), e.getValue().bqType())) {
              throw ApiException.invalidQuery("ALTER TABLE ALTER COLUMN SET DATA TYPE requires that the existing column"
                  + " type (" + f.type() + ") is assignable to the new type (" + e.getValue().bqType() + ")");
            }
          }
        }
        for (String sql : st.duckSql()) {
          execute(c, sql);
        }
        at.added().forEach(col -> meta.declared.put(col.name().toLowerCase(Locale.ROOT), col));
        at.retyped().forEach((name, col) -> meta.declared.put(name.toLowerCase(Locale.ROOT), col));
        at.dropped().forEach(name -> meta.declared.remove(name.toLowerCase(Locale.ROOT)));
        if (at.options() != null) {
          applyOptions(meta, at.options());
        }
        meta.modified = Instant.now();
        return new Outcome(st, null, null, null, null, null, List.of(), 0);
      }
      case "ASSERT" -> {
        try (PreparedStatement ps = prepare(c, st.duckSql().get(0), st.parameters(), params); ResultSet rs = ps.executeQuery()) {
          boolean ok = rs.next() && rs.getBoolean(1) && !rs.wasNull();
          if (!ok) {
            throw ApiException.invalidQuery(st.assertMessage());
          }
        }
        return new Outcome(st, null, null, null, null, null, List.of(), bytes);
      }
      default -> throw ApiException.invalidQuery("The BigQuery fake cannot run " + st.kind());
    }
  }

  // BigQuery's coercions that ALTER COLUMN SET DATA TYPE allows.
  private static boolean widening(String from, String to) {
    return from.equals(to) || (from.equals("INTEGER") && Set.of("NUMERIC", "BIGNUMERIC", "FLOAT").contains(to))
        || (from.equals("NUMERIC") && Set.of("BIGNUMERIC", "FLOAT").contains(to));
  }

  private static void requireWhere(GoogleSql.Statement st) {
    boolean where = GoogleSql.tokenize(st.source()).stream().anyMatch(t -> t.is("WHERE"));
    if (!where) {
      throw ApiException.invalidQuery("Syntax error: " + st.kind() + " must have a WHERE clause");
    }
  }

  private static void applyOptions(TableMeta meta, GoogleSql.TableOptions o) {
    if (o.partitionExpirationMs() != null) {
      meta.partitionExpirationMs = o.partitionExpirationMs();
    }
    if (o.requirePartitionFilter() != null) {
      meta.requirePartitionFilter = o.requirePartitionFilter();
    }
    if (o.description() != null) {
      meta.description = o.description();
    }
  }

  private PreparedStatement prepare(Connection c, String sql, List<String> names, List<Param> params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    int positional = 0;
    List<Param> positionals = params.stream().filter(p -> p.name() == null || p.name().isEmpty()).toList();
    for (int k = 0; k < names.size(); k++) {
      String name = names.get(k);
      Param p;
      if (name == null) {
        if (positional >= positionals.size()) {
          throw ApiException.invalidQuery("Query has more positional parameters than the " + positionals.size() + " given");
        }
        p = positionals.get(positional++);
      } else {
        p = params.stream().filter(q -> name.equalsIgnoreCase(q.name())).findFirst()
            .orElseThrow(() -> ApiException.invalidQuery("Query parameter '" + name + "' not found"));
      }
      bind(ps, k + 1, p);
    }
    return ps;
  }

  private static void bind(PreparedStatement ps, int index, Param p) throws SQLException {
    if (p.value() == null) {
      ps.setObject(index, null);
      return;
    }
    String v = p.value();
    switch (GoogleSql.normalType(p.type())) {
      case "INTEGER" -> ps.setLong(index, Long.parseLong(v));
      case "FLOAT" -> ps.setDouble(index, Double.parseDouble(v));
      case "BOOLEAN" -> ps.setBoolean(index, Boolean.parseBoolean(v));
      case "NUMERIC", "BIGNUMERIC" -> ps.setBigDecimal(index, new BigDecimal(v));
      case "DATE" -> ps.setObject(index, LocalDate.parse(v));
      case "TIMESTAMP" -> ps.setObject(index, parseTimestamp(v));
      case "BYTES" -> ps.setBytes(index, Base64.getDecoder().decode(v));
      default -> ps.setString(index, v);
    }
  }

  static OffsetDateTime parseTimestamp(String v) {
    String s = v.trim().replace(' ', 'T');
    if (s.endsWith("UTC")) {
      s = s.substring(0, s.length() - 3) + "Z";
    }
    if (s.matches(".*[+-]\\d\\d$")) {
      s = s + ":00";
    }
    if (!s.endsWith("Z") && !s.matches(".*[+-]\\d\\d:\\d\\d$")) {
      s = s + "Z";
    }
    return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC);
  }

  static List<Field> resultSchema(ResultSetMetaData md) throws SQLException {
    List<Field> out = new ArrayList<>();
    for (int k = 1; k <= md.getColumnCount(); k++) {
      out.add(new Field(md.getColumnLabel(k), GoogleSql.bqTypeOfDuck(md.getColumnTypeName(k)), "NULLABLE", null, null, null, null));
    }
    return out;
  }

  private static List<List<Object>> rows(ResultSet rs, int width) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(width);
      for (int k = 1; k <= width; k++) {
        row.add(cell(rs, k, md.getColumnTypeName(k).toUpperCase(Locale.ROOT)));
      }
      rows.add(row);
    }
    return rows;
  }

  private static Object cell(ResultSet rs, int k, String duckType) throws SQLException {
    Object o = rs.getObject(k);
    if (o == null) {
      return null;
    }
    if (duckType.equals("TIMESTAMP WITH TIME ZONE")) {
      OffsetDateTime t = (OffsetDateTime) o;
      Instant i = t.toInstant();
      return new Micros(Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000));
    }
    if (duckType.equals("BLOB")) {
      return Base64.getEncoder().encodeToString(rs.getBytes(k));
    }
    if (o instanceof BigDecimal d) {
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    if (duckType.equals("TIMESTAMP")) {
      return rs.getString(k).replace(' ', 'T');
    }
    return rs.getString(k);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Bytes a statement scans: the referenced columns of every table it reads, over the partitions its literal
  // comparisons on the partition column leave (BigQuery's pruning), plus the size of the external objects it reads.

  private long estimate(Connection c, GoogleSql.Statement st, List<External> externals) throws SQLException {
    long total = 0;
    Set<String> seen = new LinkedHashSet<>();
    List<Token> tokens = GoogleSql.statements(GoogleSql.tokenize(st.source())).get(0);
    for (TableRef ref : st.tables()) {
      if (!seen.add(ref.key() + "/" + ref.alias())) {
        continue;
      }
      boolean written = ref == st.target() || (st.target() != null && ref.key().equals(st.target().key())
          && (st.kind().equals("INSERT") || st.kind().startsWith("CREATE") || st.kind().startsWith("DROP")
          || st.kind().equals("TRUNCATE_TABLE") || st.kind().equals("ALTER_TABLE")));
      if (written && !st.kind().equals("MERGE") && !st.kind().equals("UPDATE") && !st.kind().equals("DELETE")) {
        continue;
      }
      Optional<TableMeta> meta = table(ref.dataset(), ref.table());
      if (meta.isEmpty()) {
        continue;
      }
      String prune = null;
      Partitioning p = meta.get().partitioning;
      if (p != null) {
        List<String> conditions = partitionConditions(tokens, ref, p, schema(c, meta.get()));
        if (conditions == null && meta.get().requirePartitionFilter) {
          throw ApiException.invalidQuery("Cannot query over table '" + ref.dataset() + "." + ref.table() + "' without a"
              + " filter over column(s) '" + p.field() + "' that can be used for partition elimination");
        }
        prune = conditions == null || conditions.isEmpty() ? null : String.join(" AND ", conditions);
      }
      total += bytes(c, meta.get(), prune, st.words().contains("*") ? null : st.words());
    }
    for (External e : externals) {
      if (st.words().contains(e.name().toUpperCase(Locale.ROOT))) {
        total += e.bytes();
      }
    }
    return total;
  }

  /**
   * The comparisons of the partition column with literals, as conditions on the partition (null when the column is
   * never compared at all, which is what require_partition_filter refuses; empty when compared only with non-literals).
   */
  private static List<String> partitionConditions(List<Token> t, TableRef ref, Partitioning p, List<Field> schema) {
    Field field = schema.stream().filter(f -> f.name().equalsIgnoreCase(p.field())).findFirst().orElse(null);
    if (field == null) {
      return null;
    }
    String duckType = GoogleSql.duckType(field.type(), field.precision(), field.scale());
    List<String> out = null;
    for (int k = 0; k < t.size(); k++) {
      int[] end = new int[1];
      if (!isColumn(t, k, ref, p.field(), end)) {
        continue;
      }
      int after = end[0];
      String op = after < t.size() && t.get(after).kind() == Kind.PUNCT ? t.get(after).text() : null;
      String before = k > 0 && t.get(k - 1).kind() == Kind.PUNCT ? t.get(k - 1).text() : null;
      boolean between = after < t.size() && t.get(after).is("BETWEEN");
      boolean in = after < t.size() && t.get(after).is("IN");
      boolean compared = between || in || (op != null && Set.of("=", "<", ">", "<=", ">=").contains(op))
          || (before != null && Set.of("=", "<", ">", "<=", ">=").contains(before));
      if (!compared) {
        continue;
      }
      if (out == null) {
        out = new ArrayList<>();
      }
      String col = GoogleSql.quote(p.field());
      if (between) {
        String lo = literalAt(t, after + 1, duckType);
        String hi = lo == null ? null : literalAt(t, after + 2 + literalWidth(t, after + 1) , duckType);
        if (lo != null && hi != null) {
          out.add(bucket(p, col) + " >= " + bucket(p, lo));
          out.add(bucket(p, col) + " <= " + bucket(p, hi));
        }
      } else if (op != null && Set.of("=", "<", ">", "<=", ">=").contains(op)) {
        String lit = literalAt(t, after + 1, duckType);
        if (lit != null) {
          out.add(bucket(p, col) + " " + (op.equals("<") ? "<=" : op.equals(">") ? ">=" : op) + " " + bucket(p, lit));
        }
      } else if (before != null) {
        int start = k - 2;
        String lit = literalEndingAt(t, start, duckType);
        if (lit != null) {
          String flipped = switch (before) {
            case "<", "<=" -> ">=";
            case ">", ">=" -> "<=";
            default -> "=";
          };
          out.add(bucket(p, col) + " " + flipped + " " + bucket(p, lit));
        }
      }
    }
    return out;
  }

  private static boolean isColumn(List<Token> t, int k, TableRef ref, String field, int[] end) {
    Token x = t.get(k);
    if (!x.identifier()) {
      return false;
    }
    List<String> parts = new ArrayList<>();
    int j = k;
    while (j < t.size() && t.get(j).identifier()) {
      parts.addAll(List.of(t.get(j).value().split("\\.", -1)));
      j++;
      if (j < t.size() && t.get(j).punct(".") && j + 1 < t.size() && t.get(j + 1).identifier()) {
        j++;
      } else {
        break;
      }
    }
    if (k > 0 && t.get(k - 1).punct(".")) {
      return false;
    }
    end[0] = j;
    if (!parts.get(parts.size() - 1).equalsIgnoreCase(field)) {
      return false;
    }
    if (parts.size() == 1) {
      return true;
    }
    String qualifier = parts.get(parts.size() - 2);
    return qualifier.equalsIgnoreCase(ref.alias() == null ? ref.table() : ref.alias()) || qualifier.equalsIgnoreCase(ref.table());
  }

  private static int literalWidth(List<Token> t, int k) {
    return k + 1 < t.size() && t.get(k).kind() == Kind.WORD && t.get(k + 1).kind() == Kind.STRING ? 2 : 1;
  }

  private static String literalAt(List<Token> t, int k, String duckType) {
    if (k >= t.size()) {
      return null;
    }
    Token x = t.get(k);
    if (x.kind() == Kind.STRING) {
      return "CAST(" + GoogleSql.literal(x.value()) + " AS " + duckType + ")";
    }
    if (x.kind() == Kind.NUMBER) {
      return "CAST(" + x.text() + " AS " + duckType + ")";
    }
    if (x.kind() == Kind.WORD && k + 1 < t.size() && t.get(k + 1).kind() == Kind.STRING
        && Set.of("DATE", "TIMESTAMP", "DATETIME").contains(x.text().toUpperCase(Locale.ROOT))) {
      return "CAST(" + GoogleSql.literal(t.get(k + 1).value()) + " AS " + duckType + ")";
    }
    return null;
  }

  private static String literalEndingAt(List<Token> t, int k, String duckType) {
    if (k < 0) {
      return null;
    }
    if (t.get(k).kind() == Kind.STRING && k > 0 && t.get(k - 1).kind() == Kind.WORD) {
      String lit = literalAt(t, k - 1, duckType);
      if (lit != null) {
        return lit;
      }
    }
    return literalAt(t, k, duckType);
  }

  private static String bucket(Partitioning p, String expr) {
    if (p.timeUnit() == null) {
      return "((" + expr + " - " + p.rangeStart() + ") // " + p.rangeInterval() + ")";
    }
    return "date_trunc('" + p.timeUnit().toLowerCase(Locale.ROOT) + "', " + expr + ")";
  }

  /** BigQuery's logical sizes: 8 bytes a number or time, 1 a bool, 16/32 a (big) numeric, 2 + length a string. */
  private long bytes(Connection c, TableMeta meta, String where, Set<String> referenced) throws SQLException {
    List<String> terms = new ArrayList<>();
    for (Field f : schema(c, meta)) {
      if (referenced != null && !referenced.contains(f.name().toUpperCase(Locale.ROOT))) {
        continue;
      }
      String col = GoogleSql.quote(f.name());
      terms.add(switch (f.type()) {
        case "BOOLEAN" -> "CASE WHEN " + col + " IS NULL THEN 0 ELSE 1 END";
        case "NUMERIC" -> "CASE WHEN " + col + " IS NULL THEN 0 ELSE 16 END";
        case "BIGNUMERIC" -> "CASE WHEN " + col + " IS NULL THEN 0 ELSE 32 END";
        case "STRING", "JSON" -> "coalesce(strlen(CAST(" + col + " AS VARCHAR)) + 2, 0)";
        case "BYTES" -> "coalesce(octet_length(" + col + ") + 2, 0)";
        default -> "CASE WHEN " + col + " IS NULL THEN 0 ELSE 8 END";
      });
    }
    if (terms.isEmpty()) {
      return 0;
    }
    String sql = "SELECT coalesce(sum(" + String.join(" + ", terms) + "), 0) FROM " + qualified(meta.dataset, meta.table)
        + (where == null ? "" : " WHERE " + where);
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // DuckDB errors in BigQuery's words

  private ApiException mapError(SQLException e, List<GoogleSql.Statement> script) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    Matcher table = Pattern.compile("Table with name (\\S+) does not exist").matcher(m);
    if (table.find()) {
      String name = table.group(1);
      String qualifiedName = script.stream().flatMap(s -> s.tables().stream()).filter(r -> r.table().equalsIgnoreCase(name))
          .findFirst().map(r -> r.dataset() + "." + r.table()).orElse(name);
      return ApiException.notFound("Not found: Table " + project + ":" + qualifiedName + " was not found in location "
          + defaultLocation);
    }
    Matcher schema = Pattern.compile("Schema with name (\\S+) does not exist").matcher(m);
    if (schema.find()) {
      return ApiException.notFound("Not found: Dataset " + project + ":" + schema.group(1));
    }
    Matcher column = Pattern.compile("Referenced column \"?([^\" ]+)\"? not found").matcher(m);
    if (column.find()) {
      return ApiException.invalidQuery("Unrecognized name: " + column.group(1));
    }
    if (m.contains("Conflict") || m.contains("conflict")) {
      return ApiException.invalidQuery("Could not serialize access to table due to concurrent update: " + m);
    }
    Matcher notNull = Pattern.compile("NOT NULL constraint failed: (\\S+)").matcher(m);
    if (notNull.find()) {
      return ApiException.invalidQuery("Required field " + notNull.group(1) + " cannot be null");
    }
    if (m.contains("Parser Error")) {
      return ApiException.invalidQuery("Syntax error: " + m);
    }
    return ApiException.invalidQuery("Query error: " + m);
  }
}
