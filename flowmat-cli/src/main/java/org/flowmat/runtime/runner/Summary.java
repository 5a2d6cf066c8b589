package org.flowmat.runtime.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.proto.Flow;

/**
 * The end of a run: per table what the connector reported doing (its transaction stats: rows inserted, updated and
 * deleted, bytes staged, time per phase), the rows it holds, and a few rows of each. A local DuckDB file is read directly (its JDBC driver is on
 * the runner's class path); other warehouses show the row counts Flow's model expects.
 */
final class Summary {
  private static final int MAX_VALUE = 40;
  private final PrintWriter out;
  private final String dialect;
  private final ObjectNode config;
  private final Flow.MaterializationSpec spec;
  private final LocalRuntime runtime;
  private final int sampleRows;
  private final ConnectorEvents events;

  Summary(PrintWriter out, String dialect, ObjectNode config, Flow.MaterializationSpec spec, LocalRuntime runtime,
      int sampleRows, ConnectorEvents events) {
    this.events = events;
    this.out = out;
    this.dialect = dialect;
    this.config = config;
    this.spec = spec;
    this.runtime = runtime;
    this.sampleRows = sampleRows;
  }

  /** Loads DuckDB's driver and native library on a background thread; the summary then needs not wait for it. */
  static void preload() {
    Thread t = new Thread(() -> {
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
        c.isValid(1);
      } catch (Exception | LinkageError ignored) {
        // The summary reports the same problem, if there is one, when it opens the database.
      }
    }, "duckdb-preload");
    t.setDaemon(true);
    t.start();
  }

  static String bytes(long n) {
    return n < 1 << 20 ? String.format(java.util.Locale.ROOT, "%,.1f KiB", n / 1024.0)
        : String.format(java.util.Locale.ROOT, "%,.1f MiB", n / (1024.0 * 1024));
  }

  void print() throws Exception {
    for (Flow.MaterializationSpec.Binding b : spec.getBindingsList()) {
      String table = String.join(".", b.getResourcePathList());
      events.table(table).ifPresent(t -> out.println(String.format(java.util.Locale.ROOT,
          "  %-32s %,d inserted, %,d updated, %,d deleted%s in %d transaction(s); staged %s; load %.2f s, store %.2f s, apply %.2f s",
          table, t.inserted, t.updated, t.deleted, t.merged > 0 ? String.format(java.util.Locale.ROOT, ", %,d merged", t.merged) : "",
          t.transactions, bytes(t.loadBytes + t.storeBytes), t.loadMs / 1000, t.storeMs / 1000, t.applyMs / 1000)));
    }
    if (!dialect.equals("duckdb") || config.path("database").asText().startsWith("md:")) {
      for (int b = 0; b < spec.getBindingsCount(); b++) {
        long expected = runtime.isDeltaUpdates(b) ? runtime.expected().deltaRows(b).size() : runtime.expected().table(b).size();
        out.printf("  %-32s %,d rows expected%n", String.join(".", spec.getBindings(b).getResourcePathList()), expected);
      }
      return;
    }
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + config.path("database").asText(), readOnly);
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      for (Flow.MaterializationSpec.Binding b : spec.getBindingsList()) {
        String table = String.join(".", b.getResourcePathList().stream().map(p -> '"' + p.replace("\"", "\"\"") + '"').toList());
        tables.add(table);
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
          r.next();
          out.printf("  %-32s %,d rows%n", String.join(".", b.getResourcePathList()), r.getLong(1));
        }
      }
      for (int i = 0; i < tables.size() && sampleRows > 0; i++) {
        out.printf("%n%s (first %d rows):%n", String.join(".", spec.getBindings(i).getResourcePathList()), sampleRows);
        try (ResultSet r = s.executeQuery("SELECT * EXCLUDE (flow_document) FROM " + tables.get(i) + " LIMIT " + sampleRows)) {
          ResultSetMetaData meta = r.getMetaData();
          while (r.next()) {
            StringBuilder row = new StringBuilder(" ");
            for (int col = 1; col <= meta.getColumnCount(); col++) {
              String value = r.getString(col);
              if (value != null && value.length() > MAX_VALUE) {
                value = value.substring(0, MAX_VALUE - 1) + "…";
              }
              row.append(' ').append(meta.getColumnName(col)).append('=').append(value);
            }
            out.println(row);
          }
        }
      }
    }
  }
}
