package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.testing.HostileNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile names on a real in-memory DuckDB: each becomes exactly one table and one column of exactly that name,
 * holding its own literal, and nothing else in the database changes. DuckDB folds the case of ASCII letters (and
 * only those), so a name whose ASCII case differs from an earlier one's names the same table.
 */
class DuckDbHostileNamesTest {
  private static final long SEED = 0xbad_5eedL;
  private static final String SCHEMA = "hostile \"schema\"; DROP TABLE main.flowmat_sentinel; --";
  private static final Identifiers IDS = new DuckDbDialect().identifiers();
  private static final Literals LITERALS = new DuckDbDialect().literals();

  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
    execute("CREATE TABLE main.flowmat_sentinel (x INTEGER)");
    execute("INSERT INTO main.flowmat_sentinel VALUES (42)");
    execute("CREATE SCHEMA " + IDS.quote(SCHEMA));
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void everyNameMakesExactlyItsOwnTableAndColumnAndChangesNothingElse() throws SQLException {
    List<String> names = new ArrayList<>(HostileNames.catalog());
    names.addAll(HostileNames.random(SEED, 300));
    Map<String, String> tableOf = new HashMap<>(); // ASCII-folded name → the name that created the table
    Map<String, List<String>> rows = new LinkedHashMap<>(); // creating name → values inserted, in order
    int twins = 0;
    for (String name : names) {
      String table = IDS.quote(SCHEMA) + "." + IDS.quote(name);
      String create = "CREATE TABLE " + table + " (" + IDS.quote(name) + " VARCHAR)";
      Set<String> before = tables();
      String owner = tableOf.putIfAbsent(fold(name), name);
      if (owner == null) {
        execute(create);
        Set<String> added = new TreeSet<>(tables());
        added.removeAll(before);
        assertThat(added).as("tables created by %s", create).containsExactly(name);
        assertThat(columns(name)).as("columns of %s", table).containsExactly(name);
        owner = name;
      } else {
        twins++;
        Throwable error = catchThrowable(() -> execute(create));
        assertThat(error).as("%s after %s (same name to DuckDB)", create, owner)
            // Not "already exists": the driver garbles and cuts messages holding characters beyond U+FFFF.
            .isInstanceOf(SQLException.class).hasMessageContaining("Catalog Error: Table with name");
        assertThat(tables()).isEqualTo(before);
        assertThat(columns(owner)).containsExactly(owner);
      }

      execute("INSERT INTO " + table + " VALUES (" + LITERALS.string(name) + ")");
      rows.computeIfAbsent(owner, k -> new ArrayList<>()).add(name);
      List<String> values = new ArrayList<>();
      try (Statement s = connection.createStatement();
          ResultSet r = s.executeQuery("SELECT " + IDS.quote(name) + " FROM " + table + " ORDER BY rowid")) {
        while (r.next()) {
          values.add(r.getString(1));
        }
      }
      assertThat(values).as("values of %s", table).isEqualTo(rows.get(owner));
      assertSentinelIntact();
    }
    assertThat(tables()).hasSize(rows.size());
    assertThat(twins).as("case twins exercised").isGreaterThan(10);
  }

  @Test
  void onlyAsciiCaseIsFolded() throws SQLException {
    for (List<String> pair : List.of(List.of("Ä", "ä"), List.of("\u212A", "k"), List.of("İ", "i"), List.of("ẞ", "ß"))) {
      execute("CREATE TABLE " + IDS.quote(SCHEMA) + "." + IDS.quote(pair.get(0)) + " (x INTEGER)");
      execute("CREATE TABLE " + IDS.quote(SCHEMA) + "." + IDS.quote(pair.get(1)) + " (x INTEGER)");
    }
    assertThat(tables()).containsExactlyInAnyOrder("Ä", "ä", "\u212A", "k", "İ", "i", "ẞ", "ß");
  }

  @Test
  void aNulCannotReachDuckDbAsAnIdentifierAndALiteralWithOneFailsCleanly() throws SQLException {
    for (String name : HostileNames.withNul()) {
      assertThat(catchThrowable(() -> IDS.quote(name))).isInstanceOf(IllegalArgumentException.class);
      String literal;
      try {
        literal = LITERALS.string(name);
      } catch (IllegalArgumentException rejected) {
        continue; // the safest answer
      }
      // Literals.ansi() renders it; DuckDB's parser stops at the NUL, inside the still-open string.
      Throwable error = catchThrowable(() -> execute("INSERT INTO main.flowmat_sentinel VALUES (length(" + literal + "))"));
      assertThat(error).as("literal %s", literal.replace("\0", "\\0")).isInstanceOf(SQLException.class)
          .hasMessageContaining("unterminated quoted string");
      assertSentinelIntact();
    }
  }

  private void assertSentinelIntact() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT list(x) FROM main.flowmat_sentinel")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("[42]");
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /** The tables of the hostile schema, exactly as DuckDB stores their names. */
  private Set<String> tables() throws SQLException {
    Set<String> out = new TreeSet<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT table_name FROM information_schema.tables"
        + " WHERE table_catalog = current_database() AND table_schema = ?")) {
      s.setString(1, SCHEMA);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    }
    return out;
  }

  private List<String> columns(String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT column_name FROM information_schema.columns"
        + " WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      s.setString(1, SCHEMA);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    }
    return out;
  }

  /** DuckDB's identity of a name: ASCII letters folded, everything else as is. */
  private static String fold(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (char c : name.toCharArray()) {
      b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return b.toString();
  }
}
