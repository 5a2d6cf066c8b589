package org.flowmat.dialect.snowflake.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import net.snowflake.client.jdbc.SnowflakeConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statement shapes a Snowflake materialization connector issues (the kind Estuary's materialize-snowflake renders:
 * quoted schema, table options, column comments, names like ARRAY/BINARY/INTEGER, key-range Load joins on staged key
 * arrays, MERGE with NULLIF(.., PARSE_JSON('null')) and a delete flag, COPY with a transformation), through the driver.
 */
class FakeSnowflakeConnectorSqlTest {
  static FakeSnowflake fake;

  @BeforeAll
  static void start() {
    fake = FakeSnowflake.start(FakeSnowflake.Options.defaults().withPassword("FLOW_USER", "pw"));
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  static Connection connect() throws SQLException {
    Properties p = fake.properties("flow_user");
    p.setProperty("password", "pw");
    return DriverManager.getConnection(fake.jdbcUrl(), p);
  }

  @Test
  void preflightChecksSeeWhatAConnectorChecks() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      assertThat(FakeSnowflakeDriverTest.rows(c, "SELECT CURRENT_WAREHOUSE(), CURRENT_ROLE(), CURRENT_DATABASE(), "
          + "CURRENT_SCHEMA()")).containsExactly(List.of("FAKE_WH", "FAKE_ROLE", "FLOW", "PUBLIC"));
      assertThat(FakeSnowflakeDriverTest.rows(c, "SELECT schema_name FROM flow.information_schema.schemata "
          + "WHERE schema_name = 'PUBLIC'")).containsExactly(List.of("PUBLIC"));
      assertThat(FakeSnowflakeDriverTest.rows(c, "SHOW PARAMETERS LIKE 'QUOTED_IDENTIFIERS_IGNORE_CASE'"))
          .extracting(r -> r.get(1)).containsExactly("false");
      // An account set up the way a connector must refuse.
      fake.setAccountParameter("QUOTED_IDENTIFIERS_IGNORE_CASE", "true");
      try {
        assertThat(FakeSnowflakeDriverTest.rows(c, "SHOW PARAMETERS LIKE 'QUOTED_IDENTIFIERS_IGNORE_CASE' IN ACCOUNT"))
            .extracting(r -> r.get(1) + "/" + r.get(3)).containsExactly("true/ACCOUNT");
      } finally {
        fake.setAccountParameter("QUOTED_IDENTIFIERS_IGNORE_CASE", "false");
      }
      // A warehouse or database that does not exist is not current, as in Snowflake.
      assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class,
          () -> st.execute("USE WAREHOUSE no_such_wh")).getErrorCode()).isEqualTo(2043);
    }
    Properties p = fake.properties("flow_user");
    p.setProperty("password", "pw");
    try (Connection c = DriverManager.getConnection(fake.jdbcUrl().replace("warehouse=FAKE_WH", "warehouse=NOPE")
        .replace("db=FLOW", "db=NOPE"), p)) {
      assertThat(FakeSnowflakeDriverTest.rows(c, "SELECT CURRENT_WAREHOUSE(), CURRENT_DATABASE()"))
          .containsExactly(Arrays.asList(null, null));
    }
  }

  @Test
  void createLoadMergeCopyAsAConnectorWould() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS \"my-schema\"");
      st.execute("CREATE TABLE IF NOT EXISTS \"my-schema\".key_value (\n\tkey1 INTEGER NOT NULL,\n\t\"key!str\" TEXT NOT NULL,\n"
          + "\tarray VARIANT,\n\tbinary TEXT,\n\tinteger INTEGER,\n\tnumber FLOAT,\n\tflow_published_at TIMESTAMP_LTZ NOT NULL,\n"
          + "\tflow_document VARIANT NOT NULL,\n\n\tPRIMARY KEY (key1, \"key!str\")\n)\nDEFAULT_DDL_COLLATION = ''");
      st.execute("COMMENT ON TABLE \"my-schema\".key_value IS 'made for a test'");
      st.execute("COMMENT ON COLUMN \"my-schema\".key_value.array IS 'projection of /array'");
      st.execute("CREATE STAGE IF NOT EXISTS flow_v1");
      SnowflakeConnection sf = c.unwrap(SnowflakeConnection.class);

      // Store: rows as JSON arrays in binding column order, the last element the delete flag.
      sf.uploadStream("@flow_v1", "mat/0000/store", new ByteArrayInputStream(FakeSnowflakeDriverTest.gzipLines(
          "[1,\"a\",[1,2],\"Ymlu\",7,1.5,\"2024-01-01T00:00:00Z\",{\"key1\":1},false]",
          "[2,\"b\",\"text in a variant\",null,null,null,\"2024-01-02T00:00:00Z\",{\"key1\":2},false]")), "s.json.gz", false);
      String mergeShape = "NULLIF($1[i], PARSE_JSON('null')) keeps a JSON string a VARIANT string";
      String merge = "MERGE INTO \"my-schema\".key_value AS l\nUSING (\n\tSELECT $1[0] AS key1, $1[1] AS \"key!str\", "
          + "NULLIF($1[2], PARSE_JSON('null')) AS array, $1[3] AS binary, $1[4] AS integer, $1[5] AS number, "
          + "$1[6] AS flow_published_at, $1[7]::VARIANT AS flow_document, $1[8] AS _flow_delete\n\tFROM @flow_v1/mat/0000/store\n) AS r\n"
          + "ON \n\tl.key1 = r.key1 AND l.key1 >= 1 AND l.key1 <= 100\n\tAND l.\"key!str\" = r.\"key!str\"\n"
          + "WHEN MATCHED AND r._flow_delete=true THEN\n\tDELETE\nWHEN MATCHED THEN\n\tUPDATE SET l.array = r.array, "
          + "l.binary = r.binary, l.integer = r.integer, l.number = r.number, l.flow_published_at = r.flow_published_at, "
          + "l.flow_document = r.flow_document\nWHEN NOT MATCHED AND r._flow_delete=false THEN\n\tINSERT (key1, \"key!str\", "
          + "array, binary, integer, number, flow_published_at, flow_document)\n\tVALUES (r.key1, r.\"key!str\", r.array, "
          + "r.binary, r.integer, r.number, r.flow_published_at, r.flow_document)";
      assertThat(st.executeUpdate(merge)).isEqualTo(2);
      assertThat(FakeSnowflakeDriverTest.rows(c, "SELECT array FROM \"my-schema\".key_value ORDER BY key1")).as(mergeShape)
          .containsExactly(List.of("[1,2]"), List.of("\"text in a variant\""));

      // Load: the staged keys joined to the table within the key range.
      sf.uploadStream("@flow_v1", "mat/0000/load", new ByteArrayInputStream(FakeSnowflakeDriverTest.gzipLines(
          "[1,\"a\"]", "[3,\"c\"]")), "k.json.gz", false);
      assertThat(FakeSnowflakeDriverTest.rows(c, "SELECT 0, TO_JSON(\"my-schema\".key_value.flow_document)\n"
          + "\tFROM \"my-schema\".key_value\n\tJOIN (\n\t\tSELECT $1[0] AS key1, $1[1] AS \"key!str\"\n\t\tFROM @flow_v1/mat/0000/load\n"
          + "\t) AS r\n\tON \"my-schema\".key_value.key1 = r.key1 AND \"my-schema\".key_value.key1 >= 1 "
          + "AND \"my-schema\".key_value.key1 <= 100\n\tAND \"my-schema\".key_value.\"key!str\" = r.\"key!str\""))
          .containsExactly(List.of("0", "{\"key1\":1}"));

      // A second MERGE: update key 1, delete key 2.
      sf.uploadStream("@flow_v1", "mat/0001/store", new ByteArrayInputStream(FakeSnowflakeDriverTest.gzipLines(
          "[1,\"a\",{\"x\":1},null,8,2.5,\"2024-02-01T00:00:00Z\",{\"key1\":1,\"v\":2},false]",
          "[2,\"b\",null,null,null,null,\"2024-02-01T00:00:00Z\",{\"key1\":2},true]")), "s.json.gz", false);
      assertThat(st.executeUpdate(merge.replace("mat/0000/store", "mat/0001/store"))).isEqualTo(2);
      assertThat(FakeSnowflakeDriverTest.rows(c, "SELECT key1, \"key!str\", array, binary, integer, number, flow_document "
          + "FROM \"my-schema\".key_value ORDER BY key1"))
          .containsExactly(Arrays.asList("1", "a", "{\"x\":1}", null, "8", "2.5", "{\"key1\":1,\"v\":2}"));

      // Delta updates: COPY INTO with a transformation, then the staged files are removed.
      st.execute("CREATE TABLE IF NOT EXISTS \"my-schema\".delta_updates (theKey TEXT NOT NULL, aValue INTEGER, "
          + "flow_published_at TIMESTAMP_LTZ NOT NULL)");
      sf.uploadStream("@flow_v1", "mat/0002/delta", new ByteArrayInputStream(FakeSnowflakeDriverTest.gzipLines(
          "[\"k\",1,\"2024-01-01T00:00:00Z\"]", "[\"k\",2,\"2024-01-01T00:00:01Z\"]")), "d.json.gz", false);
      assertThat(st.executeUpdate("COPY INTO \"my-schema\".delta_updates (\n\ttheKey, aValue, flow_published_at\n) FROM (\n"
          + "\tSELECT $1[0] AS theKey, $1[1] AS aValue, $1[2] AS flow_published_at\n\tFROM @flow_v1/mat/0002/delta\n)"
          + " FILE_FORMAT = (TYPE = JSON, BINARY_FORMAT = BASE64) ON_ERROR = ABORT_STATEMENT")).isEqualTo(2);
      assertThat(FakeSnowflakeDriverTest.rows(c, "SELECT thekey, SUM(avalue) FROM \"my-schema\".delta_updates GROUP BY thekey"))
          .containsExactly(List.of("k", "3"));
      st.execute("REMOVE @flow_v1/mat/");
      assertThat(FakeSnowflakeDriverTest.rows(c, "LIST @flow_v1")).isEmpty();
    }
  }
}
