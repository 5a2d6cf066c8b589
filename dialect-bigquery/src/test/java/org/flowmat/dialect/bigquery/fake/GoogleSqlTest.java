package org.flowmat.dialect.bigquery.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.flowmat.dialect.bigquery.fake.GoogleSql.Context;
import org.junit.jupiter.api.Test;

/** The GoogleSQL → DuckDB rules, statement by statement, and the translated SQL run on DuckDB. */
class GoogleSqlTest {
  private static final Context CTX = new Context(null, Set.of("flow_temp_table_0"));

  private static GoogleSql.Statement one(String sql) {
    List<GoogleSql.Statement> out = GoogleSql.translate(sql, CTX);
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private static String duck(String sql) {
    return String.join("; ", one(sql).duckSql());
  }

  @Test
  void backtickPathsDropTheProjectInTablePositionOnly() {
    assertThat(duck("SELECT l.`id`, r.`v` FROM `proj.ds.tbl` AS l JOIN `proj`.`ds`.`other` r ON l.`id` = r.`id`"))
        .isEqualTo("SELECT l.\"id\", r.\"v\" FROM \"ds\".\"tbl\" AS l JOIN \"ds\".\"other\" r ON l.\"id\" = r.\"id\"");
    GoogleSql.Statement s = one("SELECT * FROM ds.a, `p.ds.b` WHERE true");
    assertThat(s.tables()).extracting(GoogleSql.TableRef::key).containsExactly("ds.a", "ds.b");
    assertThat(one("SELECT x FROM flow_temp_table_0").tables()).isEmpty();
    assertThat(duck("SELECT x FROM flow_temp_table_0")).isEqualTo("SELECT x FROM \"flow_temp_table_0\"");
    assertThatThrownBy(() -> duck("SELECT x FROM lonely")).hasMessageContaining("must be qualified with a dataset");
    assertThat(String.join("", GoogleSql.translate("SELECT x FROM lonely", new Context("dflt", Set.of())).get(0).duckSql()))
        .isEqualTo("SELECT x FROM \"dflt\".\"lonely\"");
  }

  @Test
  void stringsInEitherQuoteBecomeDuckDbLiterals() {
    assertThat(duck("SELECT \"it's\", 'a\\'b', '''x\"y''', r'\\d+', b'ab'"))
        .isEqualTo("SELECT 'it''s', 'a''b', 'x\"y', '\\d+', 'ab'::BLOB");
  }

  @Test
  void typesMapToDuckDb() {
    assertThat(duck("SELECT CAST(a AS INT64), CAST(b AS FLOAT64), CAST(c AS BOOL), CAST(d AS STRING), SAFE_CAST(e AS NUMERIC),"
        + " CAST(f AS BIGNUMERIC(38, 0)), CAST(g AS BYTES), CAST(h AS DATETIME), CAST(i AS TIMESTAMP) FROM ds.t"))
        .isEqualTo("SELECT CAST(a AS BIGINT), CAST(b AS DOUBLE), CAST(c AS BOOLEAN), CAST(d AS VARCHAR), TRY_CAST(e AS DECIMAL(38,9)),"
            + " CAST(f AS DECIMAL(38,0)), CAST(g AS BLOB), CAST(h AS TIMESTAMP), CAST(i AS TIMESTAMPTZ) FROM \"ds\".\"t\"");
  }

  @Test
  void createTableCutsPartitionClusterAndOptionsIntoMetadata() {
    GoogleSql.Statement s = one("CREATE TABLE IF NOT EXISTS `p.ds.orders` (`id` INT64 NOT NULL, `amount` BIGNUMERIC(38,0),"
        + " `doc` JSON OPTIONS(description=\"the doc\"), `name` STRING(10), `ts` TIMESTAMP, `day` DATE)"
        + " PARTITION BY DATE(`ts`) CLUSTER BY `id`, `name` OPTIONS(require_partition_filter=true, partition_expiration_days=1.5)");
    assertThat(s.kind()).isEqualTo("CREATE_TABLE");
    assertThat(s.duckSql()).containsExactly("CREATE TABLE IF NOT EXISTS \"ds\".\"orders\" (\"id\" BIGINT NOT NULL,"
        + " \"amount\" DECIMAL(38,0), \"doc\" JSON, \"name\" VARCHAR, \"ts\" TIMESTAMPTZ, \"day\" DATE)");
    GoogleSql.CreateTable c = s.create();
    assertThat(c.partitioning()).isEqualTo(new GoogleSql.Partitioning("ts", "DAY", null, null, null));
    assertThat(c.clustering()).containsExactly("id", "name");
    assertThat(c.options().requirePartitionFilter()).isTrue();
    assertThat(c.options().partitionExpirationMs()).isEqualTo(129_600_000L);
    assertThat(c.columns()).extracting(GoogleSql.Column::bqType)
        .containsExactly("INTEGER", "BIGNUMERIC", "JSON", "STRING", "TIMESTAMP", "DATE");
    assertThat(c.columns().get(1).precision()).isEqualTo(38);
    assertThat(c.columns().get(2).description()).isEqualTo("the doc");
    assertThat(c.columns().get(3).maxLength()).isEqualTo(10L);

    assertThat(one("CREATE TABLE ds.m (d DATE) PARTITION BY DATE_TRUNC(d, MONTH)").create().partitioning().timeUnit())
        .isEqualTo("MONTH");
    assertThat(one("CREATE TABLE ds.r (k INT64) PARTITION BY RANGE_BUCKET(k, GENERATE_ARRAY(-10, 10, 5))").create().partitioning())
        .isEqualTo(new GoogleSql.Partitioning("k", null, -10L, 10L, 5L));
    assertThatThrownBy(() -> one("CREATE TABLE ds.x (k STRING) PARTITION BY k"))
        .hasMessageContaining("PARTITION BY expression must be");
    assertThatThrownBy(() -> one("CREATE TABLE ds.x (a INT64, b INT64, c INT64, d INT64, e INT64) CLUSTER BY a, b, c, d, e"))
        .hasMessageContaining("Too many clustering columns");
    assertThatThrownBy(() -> one("CREATE TABLE ds.x (a INT64) CLUSTER BY zz")).hasMessageContaining("Invalid field: zz");
  }

  @Test
  void mergeDropsTheTargetQualifierInSetButKeepsItInPredicates() {
    assertThat(duck("MERGE INTO `p.ds.t` AS l USING flow_temp_table_0 AS r ON l.`k` = r.`k` AND l.`ts` >= '2024-01-01'"
        + " WHEN MATCHED AND r.`_flow_delete` THEN DELETE"
        + " WHEN MATCHED THEN UPDATE SET l.`v` = r.`v`, l.`w` = coalesce(r.`w`, l.`w`)"
        + " WHEN NOT MATCHED THEN INSERT (`k`, `v`, `w`) VALUES (r.`k`, r.`v`, r.`w`)"))
        .isEqualTo("MERGE INTO \"ds\".\"t\" AS l USING \"flow_temp_table_0\" AS r ON l.\"k\" = r.\"k\" AND l.\"ts\" >= '2024-01-01'"
            + " WHEN MATCHED AND r.\"_flow_delete\" THEN DELETE"
            + " WHEN MATCHED THEN UPDATE SET \"v\" = r.\"v\", \"w\" = coalesce(r.\"w\", l.\"w\")"
            + " WHEN NOT MATCHED THEN INSERT (\"k\", \"v\", \"w\") VALUES (r.\"k\", r.\"v\", r.\"w\")");
    GoogleSql.Statement m = one("MERGE `p.ds.t` l USING flow_temp_table_0 r ON l.k = r.k WHEN NOT MATCHED THEN INSERT ROW");
    assertThat(m.target().key()).isEqualTo("ds.t");
    assertThat(m.tables().get(0).alias()).isEqualTo("l");
  }

  @Test
  void insertWithoutIntoAndDeleteWithoutFromNameTheirTarget() {
    assertThat(one("INSERT `p.ds.t` (a) SELECT a FROM flow_temp_table_0").target().key()).isEqualTo("ds.t");
    assertThat(one("DELETE `p.ds.t` WHERE a = 1").target().key()).isEqualTo("ds.t");
    assertThat(one("DELETE FROM ds.t WHERE a = 1").target().key()).isEqualTo("ds.t");
    assertThat(duck("INSERT INTO `p.ds.t` (`a`) VALUES (1)")).isEqualTo("INSERT INTO \"ds\".\"t\"(\"a\") VALUES (1)");
    assertThat(one("TRUNCATE TABLE `p.ds.t`").target().key()).isEqualTo("ds.t");
    assertThat(duck("TRUNCATE TABLE `p.ds.t`")).isEqualTo("TRUNCATE TABLE \"ds\".\"t\"");
    assertThat(one("(SELECT 1) UNION ALL (SELECT 2)").kind()).isEqualTo("SELECT");
  }

  @Test
  void scriptsSplitIntoTransactionControlAndStatementsAndParametersBecomeJdbcMarkers() {
    List<GoogleSql.Statement> script = GoogleSql.translate("BEGIN TRANSACTION; -- a comment; not a statement\n"
        + "UPDATE ds.t SET v = @v WHERE k = ?; ASSERT (SELECT count(*) FROM ds.fence WHERE f = @f) = 1 AS 'fenced';"
        + " COMMIT TRANSACTION;", CTX);
    assertThat(script).extracting(GoogleSql.Statement::kind)
        .containsExactly("BEGIN_TRANSACTION", "UPDATE", "ASSERT", "COMMIT_TRANSACTION");
    assertThat(script.get(1).parameters()).containsExactly("v", null);
    assertThat(script.get(1).duckSql()).containsExactly("UPDATE \"ds\".\"t\" SET v = ? WHERE k = ?");
    assertThat(script.get(2).assertMessage()).isEqualTo("fenced");
    assertThat(script.get(2).duckSql()).containsExactly(
        "SELECT CAST(((SELECT count(*) FROM \"ds\".\"fence\" WHERE f = ?) = 1) AS BOOLEAN)");
    assertThatThrownBy(() -> GoogleSql.translate("DECLARE x INT64 DEFAULT 1; SELECT x", CTX))
        .hasMessageContaining("does not support DECLARE");
  }

  @Test
  void alterTableSplitsActionsAndKeepsDeclaredTypes() {
    GoogleSql.Statement s = one("ALTER TABLE `p.ds.t` ADD COLUMN IF NOT EXISTS `n` BIGNUMERIC, ADD COLUMN `s` STRING,"
        + " ALTER COLUMN `k` DROP NOT NULL, ALTER COLUMN `i` SET DATA TYPE NUMERIC, SET OPTIONS(require_partition_filter=false)");
    assertThat(s.duckSql()).containsExactly(
        "ALTER TABLE \"ds\".\"t\" ADD COLUMN IF NOT EXISTS \"n\" DECIMAL(38,9)",
        "ALTER TABLE \"ds\".\"t\" ADD COLUMN \"s\" VARCHAR",
        "ALTER TABLE \"ds\".\"t\" ALTER COLUMN \"k\" DROP NOT NULL",
        "ALTER TABLE \"ds\".\"t\" ALTER COLUMN \"i\" SET DATA TYPE DECIMAL(38,9)");
    assertThat(s.alter().added()).extracting(GoogleSql.Column::bqType).containsExactly("BIGNUMERIC", "STRING");
    assertThat(s.alter().options().requirePartitionFilter()).isFalse();
  }

  @Test
  void functionsMapToDuckDbAndTheTranslationRunsThere() throws Exception {
    String sql = duck("SELECT TO_JSON_STRING(PARSE_JSON('{\"a\": 1}')) AS j, JSON_VALUE(PARSE_JSON('{\"a\": \"x\"}'), '$.a') AS v,"
        + " TIMESTAMP_TRUNC(TIMESTAMP '2024-05-06 07:08:09+00', DAY) AS d, DATE(TIMESTAMP '2024-05-06 23:00:00+00') AS dd,"
        + " SAFE_CAST('x' AS INT64) AS bad, x FROM UNNEST(GENERATE_ARRAY(1, 3)) AS x ORDER BY x");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      for (String m : GoogleSql.MACROS) {
        st.execute(m);
      }
      try (ResultSet rs = st.executeQuery(sql)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("j")).isEqualTo("{\"a\":1}");
        assertThat(rs.getString("v")).isEqualTo("x");
        assertThat(rs.getObject("d", java.time.OffsetDateTime.class).toInstant()).isEqualTo(java.time.Instant.parse("2024-05-06T00:00:00Z"));
        assertThat(rs.getString("dd")).isEqualTo("2024-05-06");
        assertThat(rs.getObject("bad")).isNull();
        assertThat(rs.getLong("x")).isEqualTo(1);
        assertThat(rs.next()).isTrue();
        assertThat(rs.next()).isTrue();
        assertThat(rs.next()).isFalse();
      }
    }
  }

  @Test
  void typeNamesRoundTripBetweenTheRestApiAndDuckDb() {
    for (String t : List.of("INTEGER", "FLOAT", "BOOLEAN", "STRING", "BYTES", "DATE", "TIME", "DATETIME", "TIMESTAMP", "JSON")) {
      assertThat(GoogleSql.bqTypeOfDuck(GoogleSql.duckType(t, null, null))).as(t).isEqualTo(t);
    }
    assertThat(GoogleSql.bqTypeOfDuck(GoogleSql.duckType("BIGNUMERIC", 38, 0))).isEqualTo("BIGNUMERIC");
    assertThat(GoogleSql.bqTypeOfDuck(GoogleSql.duckType("NUMERIC", null, null))).isEqualTo("NUMERIC");
    assertThat(GoogleSql.normalType("INT64")).isEqualTo("INTEGER");
    assertThatThrownBy(() -> GoogleSql.normalType("GEOGRAPHY")).hasMessageContaining("Type not found");
  }
}
