package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.flowmat.core.dialect.ColumnType;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Migration;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.FieldType;
import org.flowmat.core.model.FlatType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DuckDB's type table, and every migration it allows, run on a real DuckDB database file. */
class DuckDbTypesTest {
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;
  private static final DuckDbTypes TYPES = new DuckDbTypes();
  private static final Identifiers IDS = new DuckDbDialect().identifiers();
  private static final List<String> FORMATS =
      List.of("", "date", "date-time", "time", "uuid", "integer", "number", "email", "duration", "ipv4");
  /** A hostile column name, so that the migration's cast expression is checked with quoting too. */
  private static final String COLUMN = "v \"x\"; --";

  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("types.duckdb"));
    // Casting TIMESTAMPTZ to text renders it in the session's zone; pin it so that the expected text is stable.
    execute("SET TimeZone = 'UTC'");
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  // ---- the mapping table ----

  @ParameterizedTest(name = "{0} format={1} key={2} wide={3} maxLength={4} -> {5}")
  @CsvSource(delimiter = '|', nullValues = "-", emptyValue = "", textBlock = """
      NEVER          |           | false | false | 0  | JSON
      NEVER          |           | true  | false | 0  | JSON
      BOOLEAN        |           | false | false | 0  | BOOLEAN
      BOOLEAN        |           | true  | false | 0  | BOOLEAN
      INTEGER        |           | false | false | 0  | BIGINT
      INTEGER        |           | true  | false | 0  | BIGINT
      INTEGER        |           | false | true  | 0  | HUGEINT
      INTEGER        |           | true  | true  | 0  | HUGEINT
      NUMBER         |           | false | false | 0  | DOUBLE
      NUMBER         |           | true  | false | 0  | DOUBLE
      STRING         |           | false | false | 0  | VARCHAR
      STRING         |           | true  | false | 0  | VARCHAR
      STRING         | date      | false | false | 0  | DATE
      STRING         | date      | true  | false | 0  | VARCHAR
      STRING         | date-time | false | false | 0  | TIMESTAMPTZ
      STRING         | date-time | true  | false | 0  | VARCHAR
      STRING         | time      | false | false | 0  | TIME
      STRING         | time      | true  | false | 0  | VARCHAR
      STRING         | uuid      | false | false | 0  | UUID
      STRING         | uuid      | true  | false | 0  | VARCHAR
      STRING         | email     | false | false | 0  | VARCHAR
      STRING         | duration  | true  | false | 0  | VARCHAR
      STRING         | ipv4      | false | false | 0  | VARCHAR
      STRING_INTEGER | integer   | false | true  | 0  | HUGEINT
      STRING_INTEGER | integer   | true  | true  | 0  | VARCHAR
      STRING_INTEGER | integer   | false | true  | 20 | HUGEINT
      STRING_INTEGER | integer   | true  | true  | 38 | HUGEINT
      STRING_INTEGER | integer   | false | true  | 38 | HUGEINT
      STRING_INTEGER | integer   | false | true  | 39 | VARCHAR
      STRING_INTEGER | integer   | true  | true  | 39 | VARCHAR
      STRING_INTEGER | uint32    | false | false | 0  | BIGINT
      STRING_INTEGER | uint32    | true  | false | 10 | HUGEINT
      STRING_INTEGER | uint64    | false | true  | 0  | HUGEINT
      STRING_INTEGER | uint64    | true  | true  | 0  | VARCHAR
      STRING_NUMBER  | number    | false | false | 0  | DOUBLE
      STRING_NUMBER  | number    | true  | false | 0  | DOUBLE
      BINARY         |           | false | false | 0  | BLOB
      BINARY         |           | true  | false | 0  | BLOB
      OBJECT         |           | false | false | 0  | JSON
      OBJECT         |           | true  | false | 0  | JSON
      ARRAY          |           | false | false | 0  | JSON
      ARRAY          |           | true  | false | 0  | JSON
      MULTIPLE       |           | false | false | 0  | JSON
      MULTIPLE       |           | true  | false | 0  | JSON
      """)
  void mapsFieldsToColumnTypes(FlatType flat, String format, boolean key, boolean wide, long maxLength, String ddl) {
    assertThat(TYPES.map(field(flat, format, key, wide, maxLength)).ddl()).isEqualTo(ddl);
  }

  @Test
  void theMappingTableCoversEveryFlatTypeAsKeyAndValueAndOnlyStringsHeedTheirFormat() {
    Set<FlatType> seen = EnumSet.noneOf(FlatType.class);
    for (FlatType flat : FlatType.values()) {
      for (boolean key : List.of(false, true)) {
        Set<String> ddls = new TreeSet<>();
        for (String format : FORMATS) {
          ColumnType type = TYPES.map(field(flat, format, key, false, 0));
          assertThat(DuckDbTypes.all()).as("%s %s is one of the dialect's column types", flat, format).contains(type);
          ddls.add(type.ddl());
        }
        if (flat != FlatType.STRING) {
          assertThat(ddls).as("%s key=%s whatever its format", flat, key).hasSize(1);
        }
        seen.add(flat);
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(FlatType.values());
  }

  @Test
  void everyColumnTypeIsCreatedAndThenRecognizedInTheInformationSchema() throws SQLException {
    Map<String, String> reported = reportedTypes();
    for (ColumnType type : DuckDbTypes.all()) {
      assertThat(type.acceptsExisting(reported.get(type.ddl())))
          .as("%s is reported as %s", type.ddl(), reported.get(type.ddl())).isTrue();
    }
  }

  // ---- migrations ----

  /** A migration with a value before and its text after, as DuckDB renders it with CAST(... AS VARCHAR). */
  record Case(String from, String value, String to, String expected) {}

  private static final List<Case> CASES = List.of(
      new Case("BIGINT", "42", "DOUBLE", "42.0"),
      new Case("BIGINT", "9223372036854775807", "HUGEINT", "9223372036854775807"),
      new Case("BIGINT", "-42", "VARCHAR", "-42"),
      new Case("BIGINT", "42", "JSON", "42"),
      new Case("HUGEINT", "170141183460469231731687303715884105727", "DOUBLE", "1.7014118346046923e+38"),
      new Case("HUGEINT", "170141183460469231731687303715884105727", "VARCHAR", "170141183460469231731687303715884105727"),
      new Case("HUGEINT", "-170141183460469231731687303715884105727", "JSON", "-170141183460469231731687303715884105727"),
      new Case("DOUBLE", "1.5", "VARCHAR", "1.5"),
      new Case("DOUBLE", "-0.25", "JSON", "-0.25"),
      new Case("BOOLEAN", "true", "VARCHAR", "true"),
      new Case("BOOLEAN", "false", "JSON", "false"),
      new Case("DATE", "DATE '2024-02-29'", "VARCHAR", "2024-02-29"),
      new Case("DATE", "DATE '2024-02-29'", "JSON", "\"2024-02-29\""),
      new Case("TIMESTAMPTZ", "TIMESTAMPTZ '2024-01-02T03:04:05.5Z'", "VARCHAR", "2024-01-02T03:04:05.500000Z"),
      // As the RFC 3339 text Flow sends, not DuckDB's own rendering of a timestamp.
      new Case("TIMESTAMPTZ", "TIMESTAMPTZ '2024-01-02T03:04:05Z'", "JSON", "\"2024-01-02T03:04:05.000000Z\""),
      new Case("TIME", "TIME '03:04:05'", "VARCHAR", "03:04:05"),
      new Case("TIME", "TIME '23:59:59.25'", "JSON", "\"23:59:59.25\""),
      new Case("UUID", "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'", "VARCHAR", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
      new Case("UUID", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "JSON", "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\""),
      new Case("BLOB", "'\\xAA\\xBB\\xCC'::BLOB", "VARCHAR", "qrvM"),
      // As the base64 string Flow sends for bytes.
      new Case("BLOB", "'\\xAA\\xBB\\xCC'::BLOB", "JSON", "\"qrvM\""),
      new Case("VARCHAR", "'plain text'", "JSON", "\"plain text\""),
      new Case("VARCHAR", "'qrvM'", "BLOB", "\\xAA\\xBB\\xCC"),
      new Case("JSON", "'{\"a\": [1, \"x\"]}'", "VARCHAR", "{\"a\": [1, \"x\"]}"));

  @Test
  void everyAllowedMigrationRunsOnDuckDbAndConvertsItsValue() throws SQLException {
    Map<String, String> reported = reportedTypes(); // DDL → information-schema name
    for (Case c : CASES) {
      ColumnType target = type(c.to());
      Migration migration = TYPES.migration(existing(reported.get(c.from())), target)
          .orElseThrow(() -> new AssertionError("no migration " + c.from() + " -> " + c.to()));
      String table = "m_" + c.from().toLowerCase(Locale.ROOT) + "_" + c.to().toLowerCase(Locale.ROOT);
      String column = IDS.quote(COLUMN);
      execute("CREATE TABLE " + table + " (" + column + " " + c.from() + ")");
      execute("INSERT INTO " + table + " VALUES (" + c.value() + "), (NULL)");

      String alter = DuckDbDialect.TEMPLATES.render("alter_column_type",
          Map.of("table", table, "column", column, "type", target.ddl(), "cast", migration.cast(column)));
      execute(alter);

      assertThat(query("SELECT data_type FROM information_schema.columns WHERE table_name = '" + table + "'"))
          .as("type after %s", alter).singleElement().matches(target::acceptsExisting);
      List<String> values = query("SELECT CAST(" + column + " AS VARCHAR) FROM " + table + " ORDER BY rowid");
      assertThat(values).as("values after %s", alter).containsExactly(c.expected(), null);
    }
  }

  @Test
  void theCasesAreExactlyTheMigrationsDuckDbTypesOffers() throws SQLException {
    Map<String, String> reported = reportedTypes();
    Set<String> offered = new TreeSet<>();
    Set<String> names = new TreeSet<>(reported.values());
    names.addAll(reported.keySet());
    for (String existing : names) {
      for (ColumnType target : DuckDbTypes.all()) {
        Optional<Migration> m = TYPES.migration(existing(existing), target);
        if (m.isPresent()) {
          assertThat(reported).as("migration from %s, a type name DuckDB reports", existing).containsValue(existing);
          assertThat(m.get().direct()).isTrue();
          String ddl = reported.entrySet().stream().filter(e -> e.getValue().equals(existing)).findFirst().orElseThrow().getKey();
          offered.add(ddl + " -> " + target.ddl());
        }
      }
    }
    Set<String> tested = new TreeSet<>(CASES.stream().map(c -> c.from() + " -> " + c.to()).toList());
    assertThat(tested).isEqualTo(offered);
  }

  /** Text that is or looks like JSON, escapes, controls and non-BMP characters: each becomes exactly its JSON string. */
  @Test
  void aStringColumnBecomesJsonHoldingEachTextAsExactlyItsJsonString() throws Exception {
    List<String> texts = List.of("not json", "42", "true", "null", "{\"a\": 1}", "[1, 2]", "\"quoted\"", "back\\slash",
        "line\nbreak\ttab\r", "\u0001\u001f controls", "ünïcødé 名前", "emoji \uD83D\uDE00", "", " ");
    execute("CREATE TABLE s (i INTEGER, v VARCHAR)");
    try (java.sql.PreparedStatement insert = connection.prepareStatement("INSERT INTO s VALUES (?, ?)")) {
      for (int i = 0; i < texts.size(); i++) {
        insert.setInt(1, i);
        insert.setString(2, texts.get(i));
        insert.execute();
      }
    }
    Migration migration = TYPES.migration(existing("VARCHAR"), DuckDbTypes.JSON).orElseThrow();
    execute(DuckDbDialect.TEMPLATES.render("alter_column_type",
        Map.of("table", "s", "column", "v", "type", "JSON", "cast", migration.cast("v"))));
    List<String> json = query("SELECT CAST(v AS VARCHAR) FROM s ORDER BY i");
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    for (int i = 0; i < texts.size(); i++) {
      com.fasterxml.jackson.databind.JsonNode node = mapper.readTree(json.get(i));
      assertThat(node.isTextual()).as("%s became %s", texts.get(i), json.get(i)).isTrue();
      assertThat(node.textValue()).isEqualTo(texts.get(i));
    }
    // What the migration must not be: a plain cast, which reads the text as JSON.
    execute("CREATE TABLE t (v VARCHAR)");
    execute("INSERT INTO t VALUES ('not json')");
    assertThatThrownBy(() -> execute("ALTER TABLE t ALTER COLUMN v TYPE JSON USING CAST(v AS JSON)"))
        .isInstanceOf(SQLException.class).hasMessageContaining("Malformed JSON");
  }

  /** A string-integer value keeps a VARCHAR column made for it before; a key does not (text never equals a number). */
  @Test
  void stringIntegerValuesKeepALegacyVarcharColumnAndKeysDoNot() {
    assertThat(TYPES.map(field(FlatType.STRING_INTEGER, "integer", false, true, 0)).acceptsExisting("VARCHAR")).isTrue();
    assertThat(TYPES.map(field(FlatType.STRING_INTEGER, "uint32", false, false, 0)).acceptsExisting("VARCHAR")).isTrue();
    assertThat(TYPES.map(field(FlatType.STRING_INTEGER, "integer", true, true, 20)).acceptsExisting("VARCHAR")).isFalse();
    assertThat(TYPES.map(field(FlatType.INTEGER, "", false, true, 0)).acceptsExisting("VARCHAR")).isFalse();
  }

  /** Flow's unsigned formats: on a string, or a string with its integer twin. */
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      uint32  | string         | BIGINT
      uint64  | string         | HUGEINT
      uint64  | integer,string | HUGEINT
      uint32  | integer,string | BIGINT
      integer | string         | HUGEINT
      number  | string         | DOUBLE
      """)
  void unsignedFormatsAreIntegers(String format, String types, String ddl) {
    org.flowmat.core.spec.Projection p = org.flowmat.core.testing.FixtureCatalog.formatted(
        "n", "/n", org.flowmat.core.spec.Exists.MAY, format, false, types.split(","));
    FieldType type = FieldType.of(p, false);
    assertThat(type.flat()).isIn(FlatType.STRING_INTEGER, FlatType.STRING_NUMBER);
    assertThat(TYPES.map(type).ddl()).isEqualTo(ddl);
  }

  @Test
  void narrowingAndUnknownTypesHaveNoMigration() {
    assertThat(TYPES.migration(existing("INTEGER"), DuckDbTypes.BIGINT)).isEmpty();
    assertThat(TYPES.migration(existing("VARCHAR"), DuckDbTypes.BIGINT)).isEmpty();
    assertThat(TYPES.migration(existing("VARCHAR"), DuckDbTypes.DOUBLE)).as("text is not a number").isEmpty();
    assertThat(TYPES.migration(existing("JSON"), DuckDbTypes.JSON)).isEmpty();
    assertThat(TYPES.migration(existing("DOUBLE"), DuckDbTypes.BIGINT)).as("narrowing").isEmpty();
    assertThat(TYPES.migration(existing("STRUCT(a INTEGER)"), DuckDbTypes.VARCHAR)).isEmpty();
  }

  // ---- helpers ----

  private static FieldType field(FlatType flat, String format, boolean key, boolean wide, long maxLength) {
    return new FieldType(flat, format == null ? "" : format, key, key, false, wide, maxLength);
  }

  private static ColumnType type(String ddl) {
    return DuckDbTypes.all().stream().filter(t -> t.ddl().equals(ddl)).findFirst().orElseThrow();
  }

  /** Each column type's DDL → the type name DuckDB's information schema reports for a column created with it. */
  private Map<String, String> reportedTypes() throws SQLException {
    List<String> definitions = new ArrayList<>();
    for (int i = 0; i < DuckDbTypes.all().size(); i++) {
      definitions.add("c" + i + " " + DuckDbTypes.all().get(i).ddl());
    }
    execute("CREATE TABLE IF NOT EXISTS every_type (" + String.join(", ", definitions) + ")");
    List<String> reported = query("SELECT data_type FROM information_schema.columns WHERE table_name = 'every_type'"
        + " ORDER BY ordinal_position");
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < reported.size(); i++) {
      out.put(DuckDbTypes.all().get(i).ddl(), reported.get(i));
    }
    return out;
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  private List<String> query(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  /** A column of type {@code type} as DuckDB's introspection reports one. */
  private static ExistingColumn existing(String type) {
    return new ExistingColumn("v", type, true);
  }
}
