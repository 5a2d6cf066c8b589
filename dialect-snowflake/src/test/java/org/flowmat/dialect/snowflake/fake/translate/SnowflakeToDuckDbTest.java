package org.flowmat.dialect.snowflake.fake.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The translation rules, one by one, on the SQL shapes a Snowflake connector generates. */
class SnowflakeToDuckDbTest {
  static final TranslationContext CTX = new TranslationContext() {
    @Override public Optional<String> database() { return Optional.of("FLOW"); }
    @Override public Optional<String> schema() { return Optional.of("PUBLIC"); }
    @Override public Optional<String> warehouse() { return Optional.of("WH"); }
    @Override public Optional<String> role() { return Optional.empty(); }
    @Override public String user() { return "ALICE"; }
    @Override public String account() { return "FAKE"; }
    @Override public List<Path> stagedFiles(String stage, Optional<String> pattern) {
      return stage.contains("empty") ? List.of() : List.of(Path.of("/st/" + stage.substring(1) + "/a.json.gz"));
    }
  };

  static String tr(String sql) {
    return SnowflakeToDuckDb.translate(sql, CTX);
  }

  @Test
  void unquotedNamesFoldToUpperCaseQuotedOnesAndLiteralsStay() {
    assertThat(tr("select id, \"Mixed\" from orders where name = 'ann'"))
        .isEqualTo("SELECT ID, \"Mixed\" FROM ORDERS WHERE NAME = 'ann'");
  }

  @Test
  void createTableTypesConstraintsAndOptions() {
    assertThat(tr("CREATE TABLE IF NOT EXISTS flow.public.t (id NUMBER(38,0) NOT NULL, n INTEGER, s TEXT COMMENT 'x', "
        + "f FLOAT, ts TIMESTAMP_LTZ(9), ntz TIMESTAMP_NTZ, tz TIMESTAMP_TZ, v VARIANT, o OBJECT, a ARRAY, b BINARY, "
        + "d DATE, dp DOUBLE PRECISION, vc VARCHAR(20), PRIMARY KEY (id)) CLUSTER BY (id) COMMENT = 'generated'"))
        .isEqualTo("CREATE TABLE IF NOT EXISTS FLOW.PUBLIC.T(ID DECIMAL(38,0) NOT NULL, N DECIMAL(38,0), S VARCHAR, "
            + "F DOUBLE, TS TIMESTAMPTZ, NTZ TIMESTAMP, TZ TIMESTAMPTZ, V JSON, O JSON, A JSON, B BLOB, D DATE, "
            + "DP DOUBLE, VC VARCHAR)");
  }

  @Test
  void aColumnNamedLikeATypeKeepsItsName() {
    assertThat(tr("CREATE TABLE t (text TEXT, date DATE)")).isEqualTo("CREATE TABLE T(TEXT VARCHAR, DATE DATE)");
  }

  @Test
  void namesThatAreDuckDbKeywordsAreQuotedWhereTheyAreNames() {
    assertThat(tr("CREATE TABLE t (array VARIANT, binary TEXT, at TIMESTAMP_LTZ, integer INTEGER)"))
        .isEqualTo("CREATE TABLE T(\"ARRAY\" JSON, \"BINARY\" VARCHAR, \"AT\" TIMESTAMPTZ, INTEGER DECIMAL(38,0))");
    assertThat(tr("SELECT l.array, $1[0] AS binary FROM t AS l WHERE at = 1 AND l.x IS NULL"))
        .isEqualTo("SELECT L.\"ARRAY\", (\"$1\"->>'$[0]') AS \"BINARY\" FROM T AS L WHERE \"AT\" = 1 AND L.X IS NULL");
    assertThat(tr("INSERT INTO t (array, at) VALUES (NULL, TRUE)"))
        .isEqualTo("INSERT INTO T(\"ARRAY\", \"AT\") VALUES(NULL, TRUE)");
  }

  @Test
  void transientTablesBecomePlainTables() {
    assertThat(tr("CREATE OR REPLACE TRANSIENT TABLE t (a TEXT)")).isEqualTo("CREATE OR REPLACE TABLE T(A VARCHAR)");
  }

  @Test
  void alterTableWithSeveralActionsBecomesOneStatementEach() {
    assertThat(SnowflakeToDuckDb.translate(SnowflakeToDuckDb.statements(
        "ALTER TABLE t ADD COLUMN a TEXT, b NUMBER(38,0) NOT NULL").get(0), CTX))
        .containsExactly("ALTER TABLE T ADD COLUMN A VARCHAR", "ALTER TABLE T ADD COLUMN B DECIMAL(38,0) NOT NULL");
    assertThat(SnowflakeToDuckDb.translate(SnowflakeToDuckDb.statements(
        "ALTER TABLE t ALTER COLUMN a DROP NOT NULL, COLUMN b DROP NOT NULL").get(0), CTX))
        .containsExactly("ALTER TABLE T ALTER COLUMN A DROP NOT NULL", "ALTER TABLE T ALTER COLUMN B DROP NOT NULL");
    assertThat(tr("ALTER TABLE t ALTER COLUMN a SET DATA TYPE TEXT")).isEqualTo("ALTER TABLE T ALTER COLUMN A SET DATA TYPE VARCHAR");
    assertThat(SnowflakeToDuckDb.translate(SnowflakeToDuckDb.statements("ALTER TABLE t CLUSTER BY (a)").get(0), CTX)).isEmpty();
  }

  @Test
  void castsTranslateTypes() {
    assertThat(tr("SELECT x::NUMBER(10,2), CAST(y AS TIMESTAMP_LTZ), z::VARIANT FROM t"))
        .isEqualTo("SELECT X::DECIMAL(10,2), CAST(Y AS TIMESTAMPTZ), Z::JSON FROM T");
  }

  @Test
  void stagedFileColumnsAndStages() {
    assertThat(tr("SELECT $1[0] AS id, $1:a.b, $1:\"odd key\"[2], $1[1]::VARIANT, $1 FROM @flow_v1/p/q"))
        .isEqualTo("SELECT (\"$1\"->>'$[0]') AS ID, (\"$1\"->>'$.a.b'), (\"$1\"->>'$.\"odd key\"[2]'), "
            + "(\"$1\"->'$[1]')::JSON, \"$1\" FROM (SELECT json AS \"$1\" FROM read_json_objects(['/st/flow_v1/p/q/a.json.gz'], "
            + "format = 'newline_delimited'))");
    assertThat(tr("SELECT NULLIF($1[3], PARSE_JSON('null')) FROM @empty"))
        .startsWith("SELECT NULLIF((\"$1\"->'$[3]'), json('null'))");
    assertThat(tr("SELECT $1[0] FROM @empty")).endsWith("FROM (SELECT CAST(NULL AS JSON) AS \"$1\" WHERE false)");
  }

  @Test
  void mergeLosesTheTargetAliasInUpdateSet() {
    assertThat(tr("MERGE INTO t AS l USING (SELECT $1[0] AS k FROM @s) AS r ON l.k = r.k "
        + "WHEN MATCHED AND r.d THEN DELETE WHEN MATCHED THEN UPDATE SET l.a = r.a, l.\"B\" = r.b "
        + "WHEN NOT MATCHED THEN INSERT (k, a) VALUES (r.k, r.a)"))
        .contains("UPDATE SET A = R.A, \"B\" = R.B WHEN NOT MATCHED THEN INSERT(K, A) VALUES(R.K, R.A)")
        .contains("ON L.K = R.K");
  }

  @Test
  void sessionFunctionsAndRenamedFunctions() {
    assertThat(tr("SELECT CURRENT_WAREHOUSE(), CURRENT_ROLE(), current_database(), CURRENT_SCHEMA(), "
        + "PARSE_JSON('{}'), IFF(a, 1, 2), TO_BINARY('CAFE', 'HEX'), TO_BINARY('yv4=', 'BASE64')"))
        .isEqualTo("SELECT 'WH', CAST(NULL AS VARCHAR), 'FLOW', 'PUBLIC', json('{}'), if(A, 1, 2), unhex('CAFE'), "
            + "from_base64('yv4=')");
  }

  @Test
  void informationSchemaIsScopedToTheDatabase() {
    assertThat(tr("SELECT column_name FROM other.information_schema.columns")).contains("table_catalog = 'OTHER'")
        .contains("AS DATA_TYPE");
    assertThat(tr("SELECT table_name FROM information_schema.tables")).contains("table_catalog = 'FLOW'");
  }

  @Test
  void statementsSplitAtTopLevelSemicolons() {
    assertThat(SnowflakeToDuckDb.statements("select ';'; select (1);")).hasSize(2);
    assertThat(SnowflakeToDuckDb.statements("-- only a comment\n")).isEmpty();
  }

  @Test
  void tokensJoinBackToTheOriginalText() {
    String sql = "SELECT \"a\"\"b\", 'it''s', $$raw$$, x::TEXT -- c\n FROM @~/p WHERE y >= ?";
    assertThat(SqlTokenizer.join(SqlTokenizer.tokenize(sql))).isEqualTo(sql.replace("-- c", " "));
  }
}
