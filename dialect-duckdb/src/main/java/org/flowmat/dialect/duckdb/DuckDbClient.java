package org.flowmat.dialect.duckdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.NoSpaceLeftException;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.model.InfoSchema;
import org.flowmat.core.model.Names;
import org.flowmat.core.model.TablePath;
import org.flowmat.jdbc.JdbcClient;
import org.flowmat.jdbc.JdbcWarehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded DuckDB, through its JDBC driver and the shared {@link JdbcClient}: what is DuckDB's own is opening
 * the database (its single-writer file lock, MotherDuck's token) and recognising a full disk in its errors.
 */
final class DuckDbClient extends JdbcClient {
  private static final SqlTemplates SQL = DuckDbDialect.TEMPLATES;
  private static final Logger LOG = LoggerFactory.getLogger(DuckDbClient.class);
  static final Duration LOCK_WAIT = Duration.ofSeconds(5);
  private static final Duration LOCK_POLL = Duration.ofMillis(100);
  // IO Error: Could not set lock on file "/x/flow.duckdb": Conflicting lock is held in /usr/bin/java (PID 123) ...
  private static final Pattern LOCK_HELD = Pattern.compile("Conflicting lock is held in (.*?) \\(PID (\\d+)\\)");

  static {
    NativeLibraryLeftovers.removeStaleOnce(); // before the driver extracts its own copy
  }

  private DuckDbClient(Connection connection, String database) {
    super(connection, new JdbcWarehouse("DuckDB", SQL, Names::foldAscii, true,
        failure -> diskFull(failure, database).map(RuntimeException.class::cast)), Literals.ansi());
  }

  /** A database that does not exist yet: it will start with DuckDB's default schema and no tables. */
  static WarehouseClient absent() {
    return new WarehouseClient() {
      @Override
      public InfoSchema introspect(Collection<TablePath> tables) {
        return new InfoSchema(Set.of(DuckDbEndpoint.BUILTIN_SCHEMA), Map.of());
      }

      @Override
      public boolean transactionalDdl() {
        return true;
      }

      @Override
      public void execute(List<String> statements) {
        throw new IllegalStateException("Validate changes nothing, and nothing else reads an absent database");
      }

      @Override
      public <T> T transaction(Work<T> work) {
        throw new IllegalStateException("Validate changes nothing, and nothing else reads an absent database");
      }

      @Override
      public void close() {}
    };
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
        // DuckDB allocates outside the JVM's heap and would take 80 % of the machine's memory: in a container the
        // two together must stay under the limit, or the kernel kills the connector mid-transaction.
        s.execute("SET memory_limit = '" + memoryLimitMiB(totalMemory(), Runtime.getRuntime().maxMemory()) + "MiB'");
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

  /**
   * DuckDB's share of memory: 80 % of what the JVM's largest heap leaves of {@code total} (the container's limit, as
   * the JVM reads it from the cgroup), at least 128 MiB.
   */
  static long memoryLimitMiB(long total, long maxHeap) {
    long left = Math.max(0, total - maxHeap);
    return Math.max(128, left / 10 * 8 >> 20);
  }

  private static long totalMemory() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
  }

  /** A DuckDB error that is a full filesystem, naming the file DuckDB could not write. */
  private static java.util.Optional<NoSpaceLeftException> diskFull(Exception e, String database) {
    return NoSpaceLeftException.classify(e, database, "DuckDB database " + database);
  }
}
