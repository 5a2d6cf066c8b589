package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flowmat.core.apply.ApplyPlanner;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.model.Column;
import org.flowmat.core.model.InfoSchema;
import org.flowmat.core.model.Table;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.MaterializationSpec;
import org.flowmat.core.testing.GoldenSqlContract;
import org.flowmat.core.testing.GoldenSqlContract.Evolution;
import org.flowmat.core.testing.GoldenSqlContract.Section;
import org.flowmat.core.testing.HostileNames;
import org.junit.jupiter.api.Test;

/** The golden SQL is not only text: it runs on a real in-memory DuckDB and makes exactly the catalog's names. */
class DuckDbGoldenSqlExecutesTest {
  private final Dialect dialect = new DuckDbDialect();
  private final Endpoint endpoint = new DuckDbEndpoint(":memory:", DuckDbEndpoint.BUILTIN_SCHEMA, false);

  @Test
  void applyPlanRunsAndCreatesEveryTableAndColumnWithItsExactName() throws SQLException {
    List<String> statements = GoldenSqlContract.applyPlan(dialect, endpoint);
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      for (String sql : statements) {
        try (Statement s = connection.createStatement()) {
          s.execute(sql);
        } catch (SQLException e) {
          fail("DuckDB rejected a golden statement: " + e.getMessage() + "\n" + sql);
        }
      }

      ApplyPlanner planner = new ApplyPlanner(dialect, endpoint);
      assertThat(columns(connection, planner.markersTable())).extracting(c -> c.get(0))
          .containsExactly("materialization", "key_begin", "key_end", "fence", "applied_plan");
      MaterializationSpec spec = GoldenSqlContract.baseline();
      for (int i = 0; i < spec.bindings().size(); i++) {
        Table table = Table.derive(i, spec.bindings().get(i), dialect.identifiers(), dialect.types());
        assertThat(exactly(connection, "SELECT schema_name FROM information_schema.schemata"
            + " WHERE catalog_name = current_database() AND schema_name = ?",
            table.path().schema())).as("schema %s", table.path().schema()).isEqualTo(1);
        assertThat(exactly(connection,
            "SELECT table_name FROM information_schema.tables"
                + " WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ?",
            table.path().schema(), table.path().table())).as("table %s", table.path()).isEqualTo(1);

        List<List<String>> expected = new ArrayList<>();
        for (Column c : table.columns()) {
          expected.add(List.of(c.name(), c.nullable() ? "YES" : "NO"));
        }
        List<List<String>> found = columns(connection, table.path());
        assertThat(found.stream().map(c -> List.of(c.get(0), c.get(2))).toList())
            .as("columns (name, nullable) of %s", table.path()).isEqualTo(expected);
        for (int j = 0; j < found.size(); j++) {
          Column c = table.columns().get(j);
          assertThat(c.type().acceptsExisting(found.get(j).get(1)))
              .as("%s.%s is %s, which its type %s must accept", table.path(), c.name(), found.get(j).get(1), c.type().ddl())
              .isTrue();
        }
      }
    }
  }

  /**
   * Each evolution of the golden file, on a warehouse its baseline was applied to: the live information schema asks
   * for the same statements as the synthetic one the golden file was planned against, they run, and planning again
   * afterwards (the new spec now being the last one) yields nothing.
   */
  @Test
  void everyEvolutionRunsOnTheTablesApplyMadeAndLeavesNothingToDo() throws Exception {
    for (Evolution evolution : GoldenSqlContract.evolutions()) {
      try (DuckDbClient client = (DuckDbClient) endpoint.connect(false)) {
        ApplyPlanner planner = new ApplyPlanner(dialect, endpoint);
        client.execute(planner.plan(evolution.last(), Optional.empty(), new InfoSchema(Set.of(), Map.of())));

        List<String> golden = GoldenSqlContract.plan(dialect, endpoint, evolution);
        InfoSchema live = client.introspect(planner.tablesOf(evolution.next()));
        assertThat(planner.plan(evolution.next(), Optional.of(evolution.last()), live))
            .as("live plan of '%s'", evolution.title()).isEqualTo(golden);
        client.execute(golden);

        InfoSchema after = client.introspect(planner.tablesOf(evolution.next()));
        assertThat(planner.plan(evolution.next(), Optional.of(evolution.next()), after))
            .as("plan after '%s' ran", evolution.title()).isEmpty();
      }
    }
  }

  @Test
  void everyCatalogNameReadsBackAsItsOwnLiteralUnderItsOwnIdentifier() throws SQLException {
    Section names = GoldenSqlContract.sections(dialect, endpoint).stream()
        .filter(s -> s.title().startsWith("3.")).findFirst().orElseThrow();
    List<String> catalog = HostileNames.catalog();
    assertThat(names.statements()).hasSize(catalog.size());
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      for (int i = 0; i < catalog.size(); i++) {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(names.statements().get(i))) {
          assertThat(r.next()).isTrue();
          assertThat(r.getMetaData().getColumnCount()).isEqualTo(1);
          assertThat(r.getMetaData().getColumnLabel(1)).isEqualTo(catalog.get(i));
          assertThat(r.getString(1)).isEqualTo(catalog.get(i));
        }
      }
    }
  }

  /** (name, data type, nullable) of each column of the table, in ordinal order; the path is matched exactly. */
  private static List<List<String>> columns(Connection connection, TablePath path) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
            + " WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ?"
            + " ORDER BY ordinal_position")) {
      s.setString(1, path.schema());
      s.setString(2, path.table());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(List.of(r.getString(1), r.getString(2), r.getString(3)));
        }
      }
    }
    return out;
  }

  private static int exactly(Connection connection, String query, String... parameters) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(query)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      int rows = 0;
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          assertThat(r.getString(1)).isEqualTo(parameters[parameters.length - 1]);
          rows++;
        }
      }
      return rows;
    }
  }
}
