package org.flowmat.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.InfoSchema;
import org.flowmat.core.model.TablePath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared JDBC client on a real embedded database (DuckDB in memory), with this test's own templates. */
class JdbcClientTest {
  private static final SqlTemplates SQL = new SqlTemplates("jdbc-test", JdbcClientTest.class.getClassLoader());

  private Connection connection;
  private JdbcClient client;

  @BeforeEach
  void open() throws Exception {
    connection = DriverManager.getConnection("jdbc:duckdb:");
    client = client(JdbcWarehouse.ErrorClassifier.NONE);
  }

  private JdbcClient client(JdbcWarehouse.ErrorClassifier errors) {
    return new JdbcClient(connection, new JdbcWarehouse("TestDB", SQL, s -> s.toLowerCase(Locale.ROOT), true, errors),
        Literals.ansi());
  }

  @AfterEach
  void close() throws Exception {
    connection.close();
  }

  @Test
  void introspectionFindsRequestedTablesByTheWarehousesNameRuleWithWhatTypeNamesHide() throws Exception {
    client.execute(List.of("CREATE SCHEMA s", "CREATE TABLE s.orders (id BIGINT NOT NULL, amount DECIMAL(18,3), note VARCHAR)",
        "CREATE TABLE s.other (x INTEGER)"));
    TablePath requested = TablePath.of("S", "Orders");
    InfoSchema info = client.introspect(List.of(requested, TablePath.of("s", "missing")));

    assertThat(info.tables()).containsOnlyKeys(requested);
    List<ExistingColumn> columns = info.table(requested).orElseThrow().columns();
    assertThat(columns).extracting(ExistingColumn::name).containsExactly("id", "amount", "note");
    assertThat(columns.get(0).nullable()).isFalse();
    assertThat(columns.get(1).type()).startsWith("DECIMAL");
    assertThat(columns.get(1).precision()).isEqualTo(OptionalInt.of(18));
    assertThat(columns.get(1).scale()).isEqualTo(OptionalInt.of(3));
    assertThat(columns.get(2).nullable()).isTrue();
    assertThat(info.schemas()).contains("s");
  }

  @Test
  void aRejectedStatementChangesNothingAndIsNamed() throws Exception {
    assertThatThrownBy(() -> client.execute(List.of("CREATE TABLE t (x INTEGER)", "CREATE TABLE t (x INTEGER)")))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("TestDB rejected statement 2 of 2 (nothing was changed)")
        .hasMessageEndingWith("CREATE TABLE t (x INTEGER)");
    assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'")).isZero();
  }

  @Test
  void aTransactionCommitsWholeOrRollsBackAndTheWarehousesOwnErrorIsThrown() throws Exception {
    client.execute(List.of("CREATE TABLE t (x INTEGER)"));
    long changed = client.transaction(txn -> txn.update("INSERT INTO t VALUES (1), (2)"));
    assertThat(changed).isEqualTo(2);

    JdbcClient explaining = client(failure -> Optional.of(new ConnectorException("explained: " + failure.getMessage())));
    assertThatThrownBy(() -> explaining.transaction(txn -> {
      txn.update("INSERT INTO t VALUES (3)");
      return txn.update("INSERT INTO t VALUES ('not a number')");
    })).isInstanceOf(ConnectorException.class).hasMessageStartingWith("explained: ");
    assertThat(count("SELECT count(*) FROM t")).isEqualTo(2);

    long[] sum = {0};
    client.transaction(txn -> {
      txn.query("SELECT x, NULL FROM t ORDER BY x", row -> {
        sum[0] += row.number(0);
        assertThat(row.isNull(1)).isTrue();
      });
      return null;
    });
    assertThat(sum[0]).isEqualTo(3);
  }

  private long count(String sql) throws Exception {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
