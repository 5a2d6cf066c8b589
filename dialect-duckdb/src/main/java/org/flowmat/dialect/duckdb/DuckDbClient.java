package org.flowmat.dialect.duckdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.NoSpaceLeftException;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.ExistingTable;
import org.flowmat.core.model.InfoSchema;
import org.flowmat.core.model.Names;
import org.flowmat.core.model.TablePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded DuckDB, through its JDBC driver. */
final class DuckDbClient implements WarehouseClient {
  private static final SqlTemplates SQL = DuckDbDialect.TEMPLATES;
  private static final Logger LOG = LoggerFactory.getLogger(DuckDbClient.class);
  static final Duration LOCK_WAIT = Duration.ofSeconds(5);
  private static final Duration LOCK_POLL = Duration.ofMillis(100);
  // IO Error: Could not set lock on file "/x/flow.duckdb": Conflicting lock is held in /usr/bin/java (PID 123) ...
  private static final Pattern LOCK_HELD = Pattern.compile("Conflicting lock is held in (.*?) \\(PID (\\d+)\\)");

  static {
    NativeLibraryLeftovers.removeStaleOnce(); // before the driver extracts its own copy
  }

  private final Connection connection; // null when the database does not exist yet
  private final String database;

  private DuckDbClient(Connection connection, String database) {
    this.connection = connection;
    this.database = database;
  }

  static DuckDbClient absent() {
    return new DuckDbClient(null, null);
  }

  static DuckDbClient open(DuckDbEndpoint endpoint, boolean readOnly) {
    Properties properties = new Properties();
    if (readOnly) {
      properties.setProperty("duckdb.read_only", "true");
    }
    if (endpoint.token() != null && endpoint.motherDuck()) {
      // A connection property, not part of the URL: DuckDB's errors echo the URL, never its properties.
      properties.setProperty("motherduck_token", endpoint.token());
    }
    String url = "jdbc:duckdb:" + (endpoint.inMemory() ? "" : endpoint.database());
    try {
      Connection connection = connect(url, properties, endpoint);
      try (Statement s = connection.createStatement()) {
        // Casts of timestamps to text (migrations, loads without a document) must not depend on the host's zone.
        s.execute("SET TimeZone = 'UTC'");
      }
      return new DuckDbClient(connection, endpoint.database());
    } catch (SQLException e) {
      diskFull(e, endpoint.database()).ifPresent(full -> {
        throw full;
      });
      throw new ConnectorException("cannot open DuckDB database '" + endpoint.databaseForMessages() + "': "
          + e.getMessage(), e);
    }
  }

  /**
   * Opens the database, waiting up to {@link #LOCK_WAIT} while another process holds it. DuckDB lets one process
   * open a file for writing and no other process even read it meanwhile; the holder is most often this
   * materialization's own task (a publication's Validate and Apply run beside it, and a restarted shard may start
   * while its predecessor is still stopping), which releases the file when its session ends.
   */
  private static Connection connect(String url, Properties properties, DuckDbEndpoint endpoint) throws SQLException {
    long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
    while (true) {
      try {
        return DriverManager.getConnection(url, properties);
      } catch (SQLException e) {
        Matcher holder = e.getMessage() == null ? null : LOCK_HELD.matcher(e.getMessage());
        if (holder == null || !holder.find()) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new ConnectorException("DuckDB database '" + endpoint.databaseForMessages() + "' is locked by another"
              + " process (PID " + holder.group(2) + ", " + holder.group(1) + "), still after " + LOCK_WAIT.toSeconds()
              + " s: DuckDB lets one process at a time open a database file, and no other process can read it"
              + " meanwhile. If that process is this materialization's running task, disable the task, publish the"
              + " change, then enable it again; otherwise stop that process, or materialize into another file", e);
        }
        LOG.atDebug().addKeyValue("pid", holder.group(2)).log("database locked by another process; waiting");
        try {
          Thread.sleep(LOCK_POLL.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  Connection connection() {
    return connection;
  }

  @Override
  public InfoSchema introspect(Collection<TablePath> tables) throws SQLException {
    if (connection == null) {
      // A database that does not exist yet: it will start with DuckDB's default schema and no tables.
      return new InfoSchema(Set.of(DuckDbEndpoint.BUILTIN_SCHEMA), Map.of());
    }
    Set<String> schemas = new HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(SQL.render("info_schema_schemata", Map.of()))) {
      while (r.next()) {
        schemas.add(r.getString(1));
      }
    }
    // DuckDB folds case: match requested paths to stored names case-insensitively.
    Map<List<String>, TablePath> wanted = new HashMap<>();
    for (TablePath path : tables) {
      wanted.put(path.components().stream().map(Names::foldAscii).toList(), path);
    }
    Map<TablePath, List<ExistingColumn>> columns = new HashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(SQL.render("info_schema_columns", Map.of()))) {
      while (r.next()) {
        List<String> key = List.of(Names.foldAscii(r.getString(1)), Names.foldAscii(r.getString(2)));
        TablePath path = wanted.get(key);
        if (path != null) {
          columns.computeIfAbsent(path, p -> new ArrayList<>())
              .add(new ExistingColumn(r.getString(3), r.getString(4).toUpperCase(Locale.ROOT), r.getString(5).equals("YES"),
                  optionalInt(r, 6), optionalInt(r, 7), optionalInt(r, 8)));
        }
      }
    }
    Map<TablePath, ExistingTable> found = new HashMap<>();
    columns.forEach((path, cols) -> found.put(path, new ExistingTable(path, cols)));
    return new InfoSchema(schemas, found);
  }

  private static OptionalInt optionalInt(ResultSet r, int column) throws SQLException {
    int value = r.getInt(column);
    return r.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
  }

  @Override
  public boolean transactionalDdl() {
    return true;
  }

  @Override
  public void execute(List<String> statements) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    int index = 0;
    try (Statement s = connection.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
        index++;
      }
      connection.commit();
    } catch (SQLException e) {
      rollback(e);
      diskFull(e, database).ifPresent(full -> {
        throw full;
      });
      if (index == statements.size()) {
        throw new ConnectorException("DuckDB could not commit " + statements.size() + " statements (nothing was changed): "
            + e.getMessage(), e);
      }
      throw new ConnectorException("DuckDB rejected statement " + (index + 1) + " of " + statements.size() + " (nothing was"
          + " changed): " + e.getMessage() + "\n" + statements.get(index), e);
    } finally {
      restoreAutoCommit(autoCommit);
    }
  }

  @Override
  public <T> T transaction(Work<T> work) throws Exception {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    boolean committed = false;
    try {
      T result = work.run(new JdbcTxn());
      connection.commit();
      committed = true;
      return result;
    } catch (Exception e) {
      rollback(e);
      diskFull(e, database).ifPresent(full -> {
        throw full;
      });
      throw e;
    } finally {
      if (committed) {
        connection.setAutoCommit(autoCommit);
      } else {
        restoreAutoCommit(autoCommit);
      }
    }
  }

  /**
   * Rolls back after {@code failure}. A commit that failed has already ended DuckDB's transaction, so "cannot
   * rollback - no transaction is active" follows: it must not hide the failure that matters.
   */
  private void rollback(Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** Back to {@code autoCommit} after a failure; DuckDB may refuse ("cannot commit - no transaction is active"). */
  private void restoreAutoCommit(boolean autoCommit) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException ignored) {
      // The session ends with the failure being thrown; the connection is closed next.
    }
  }

  /** A DuckDB error that is a full filesystem, naming the file DuckDB could not write. */
  private static java.util.Optional<NoSpaceLeftException> diskFull(Exception e, String database) {
    return NoSpaceLeftException.classify(e, database, "DuckDB database " + database);
  }

  /** Statements of one transaction on the shared connection. */
  private final class JdbcTxn implements Txn {
    @Override
    public long update(String sql) throws SQLException {
      try (Statement s = connection.createStatement()) {
        return s.executeUpdate(sql);
      }
    }

    @Override
    public void query(String sql, RowHandler rows) throws Exception {
      try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
        Row row = new Row() {
          @Override
          public String string(int column) throws SQLException {
            return r.getString(column + 1);
          }

          @Override
          public long number(int column) throws SQLException {
            return r.getLong(column + 1);
          }

          @Override
          public boolean isNull(int column) throws SQLException {
            r.getObject(column + 1);
            return r.wasNull();
          }
        };
        while (r.next()) {
          rows.row(row);
        }
      }
    }
  }

  @Override
  public void close() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }
}
