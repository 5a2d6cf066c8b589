package org.flowmat.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.ExistingTable;
import org.flowmat.core.model.InfoSchema;
import org.flowmat.core.model.TablePath;

/**
 * A {@link WarehouseClient} over one JDBC connection, shared by the dialects whose warehouse has a driver (DuckDB,
 * Snowflake): introspection through the information schema (the warehouse's own queries, from its templates),
 * statements, and transactions that commit whole or roll back. What differs between warehouses is in
 * {@link JdbcWarehouse}.
 */
public class JdbcClient implements WarehouseClient {
  private final Connection connection;
  private final JdbcWarehouse warehouse;
  private final Literals literals;

  public JdbcClient(Connection connection, JdbcWarehouse warehouse, Literals literals) {
    this.connection = connection;
    this.warehouse = warehouse;
    this.literals = literals;
  }

  /** The connection, for a dialect's own settings and for tests that read back what the client wrote. */
  public Connection connection() {
    return connection;
  }

  @Override
  public InfoSchema introspect(Collection<TablePath> tables) throws SQLException {
    Set<String> requestedSchemas = new LinkedHashSet<>();
    tables.forEach(t -> requestedSchemas.add(t.components().get(0)));
    Map<String, Object> model = Map.of("schemas", requestedSchemas.stream().map(s -> Map.of("schema", literals.string(s))).toList());
    Set<String> schemas = new HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(warehouse.templates().render("info_schema_schemata", model))) {
      while (r.next()) {
        schemas.add(r.getString(1));
      }
    }
    Map<List<String>, TablePath> wanted = new HashMap<>();
    for (TablePath path : tables) {
      wanted.put(warehouse.key(path.components()), path);
    }
    Map<TablePath, List<ExistingColumn>> columns = new HashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(warehouse.templates().render("info_schema_columns", model))) {
      while (r.next()) {
        TablePath path = wanted.get(warehouse.key(List.of(r.getString(1), r.getString(2))));
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
    return warehouse.transactionalDdl();
  }

  @Override
  public void execute(List<String> statements) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(!warehouse.transactionalDdl());
    int index = 0;
    try (Statement s = connection.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
        index++;
      }
      if (warehouse.transactionalDdl()) {
        connection.commit();
      }
    } catch (SQLException e) {
      String changed = warehouse.transactionalDdl() ? "nothing was changed"
          : index + " statement" + (index == 1 ? " was" : "s were") + " applied; rerunning Apply resumes";
      if (warehouse.transactionalDdl()) {
        rollback(e);
      }
      classified(e);
      if (index == statements.size()) {
        throw new ConnectorException(warehouse.name() + " could not commit " + statements.size() + " statements ("
            + changed + "): " + e.getMessage(), e);
      }
      throw new ConnectorException(warehouse.name() + " rejected statement " + (index + 1) + " of " + statements.size()
          + " (" + changed + "): " + e.getMessage() + "\n" + statements.get(index), e);
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
      classified(e);
      throw e;
    } finally {
      if (committed) {
        connection.setAutoCommit(autoCommit);
      } else {
        restoreAutoCommit(autoCommit);
      }
    }
  }

  private void classified(Exception e) {
    warehouse.classify().classify(e).ifPresent(explained -> {
      throw explained;
    });
  }

  /**
   * Rolls back after {@code failure}. A commit that failed may already have ended the transaction, so a "no
   * transaction is active" can follow: it must not hide the failure that matters.
   */
  private void rollback(Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** Back to {@code autoCommit} after a failure; a driver may refuse when no transaction is active. */
  private void restoreAutoCommit(boolean autoCommit) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException ignored) {
      // The session ends with the failure being thrown; the connection is closed next.
    }
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
    connection.close();
  }
}
