package org.flowmat.dialect.snowflake.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import net.snowflake.client.jdbc.SnowflakeConnection;
import org.flowmat.dialect.snowflake.fake.http.RequestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake through the real snowflake-jdbc driver, as a connector would use it. Loopback only. */
class FakeSnowflakeDriverTest {
  static final String PASSWORD = "s3cret-pw";
  static KeyPair keys;
  static KeyPair otherKeys;
  static FakeSnowflake fake;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    keys = gen.generateKeyPair();
    otherKeys = gen.generateKeyPair();
    fake = FakeSnowflake.start(FakeSnowflake.Options.defaults()
        .withPassword("ALICE", PASSWORD)
        .withPublicKey("BOB", keys.getPublic()));
  }

  @AfterAll
  static void stop() {
    try {
      // The driver made no requests the fake does not model (telemetry is off, platform detection never reaches it).
      assertThat(fake.requests()).extracting(RequestRecord::route)
          .containsOnly("login-request", "query-request", "session-delete");
    } finally {
      fake.close();
    }
  }

  static Connection password() throws SQLException {
    Properties p = fake.properties("alice");
    p.setProperty("password", PASSWORD);
    return DriverManager.getConnection(fake.jdbcUrl(), p);
  }

  static Connection keyPair() throws SQLException {
    Properties p = fake.properties("bob");
    p.put("privateKey", keys.getPrivate());
    return DriverManager.getConnection(fake.jdbcUrl(), p);
  }

  static List<List<String>> rows(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      List<List<String>> out = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
      return out;
    }
  }

  static byte[] gzipLines(String... lines) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      for (String l : lines) {
        gz.write((l + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void passwordLoginSeesTheSessionContext() throws Exception {
    int from = fake.requests().size();
    try (Connection c = password()) {
      // The driver logs in and sends nothing else until the first statement (3.27.1, JSON results).
      assertThat(fake.requests().subList(from, fake.requests().size())).extracting(RequestRecord::route)
          .containsExactly("login-request");
      assertThat(rows(c, "SELECT CURRENT_WAREHOUSE(), CURRENT_ROLE(), CURRENT_DATABASE(), CURRENT_SCHEMA()"))
          .containsExactly(List.of("FAKE_WH", "FAKE_ROLE", "FLOW", "PUBLIC"));
    }
  }

  @Test
  void wrongPasswordIsRefusedWithSnowflakesCode() {
    Properties p = fake.properties("alice");
    p.setProperty("password", "wrong");
    assertThatThrownBy(() -> DriverManager.getConnection(fake.jdbcUrl(), p))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(390100));
  }

  @Test
  void keyPairLoginThroughTheDriversOwnPrivateKeyProperty() throws Exception {
    try (Connection c = keyPair()) {
      assertThat(rows(c, "SELECT CURRENT_USER()")).containsExactly(List.of("BOB"));
    }
  }

  @Test
  void keyPairLoginWithBase64Key() throws Exception {
    Properties p = fake.properties("bob");
        // The driver wants the base64 of the PEM text, not of the DER bytes.
    p.setProperty("private_key_base64", Base64.getEncoder().encodeToString(
        FakeSnowflakeMain.pem(keys.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII)));
    try (Connection c = DriverManager.getConnection(fake.jdbcUrl(), p)) {
      assertThat(rows(c, "SELECT 1")).containsExactly(List.of("1"));
    }
  }

  @Test
  void keyPairLoginWithAnEncryptedKeyAndPassphrase() throws Exception {
    // An encrypted PKCS#8 PEM ("ENCRYPTED PRIVATE KEY", PBES2 with AES-256) and the driver's private_key_pwd.
    char[] passphrase = "correct horse".toCharArray();
    byte[] salt = new byte[16];
    new java.security.SecureRandom().nextBytes(salt);
    javax.crypto.spec.PBEParameterSpec spec = new javax.crypto.spec.PBEParameterSpec(salt, 10000,
        new javax.crypto.spec.IvParameterSpec(new byte[16]));
    String alg = "PBEWithHmacSHA256AndAES_256";
    javax.crypto.SecretKey pbeKey = javax.crypto.SecretKeyFactory.getInstance(alg)
        .generateSecret(new javax.crypto.spec.PBEKeySpec(passphrase));
    javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(alg);
    cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, pbeKey, spec);
    byte[] encrypted = cipher.doFinal(keys.getPrivate().getEncoded());
    // Java 17 names the parameters by the cipher's name, which EncryptedPrivateKeyInfo cannot map to an OID: as PBES2.
    java.security.AlgorithmParameters pbes2 = java.security.AlgorithmParameters.getInstance("PBES2");
    pbes2.init(cipher.getParameters().getEncoded());
    byte[] der = new javax.crypto.EncryptedPrivateKeyInfo(pbes2, encrypted).getEncoded();
    String pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    Properties p = fake.properties("bob");
    p.setProperty("private_key_base64", Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));
    p.setProperty("private_key_pwd", new String(passphrase));
    // Without it the driver asks the JDK for a "PBES2" SecretKeyFactory, which the JDK does not have.
    System.setProperty("net.snowflake.jdbc.enableBouncyCastle", "true");
    try (Connection c = DriverManager.getConnection(fake.jdbcUrl(), p)) {
      assertThat(rows(c, "SELECT CURRENT_USER()")).containsExactly(List.of("BOB"));
    } finally {
      System.clearProperty("net.snowflake.jdbc.enableBouncyCastle");
    }
  }

  @Test
  void keyPairWithAnotherKeyIsRefused() {
    Properties p = fake.properties("bob");
    p.put("privateKey", otherKeys.getPrivate());
    assertThatThrownBy(() -> DriverManager.getConnection(fake.jdbcUrl(), p))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(390144));
  }

  @Test
  void createInsertSelectWithSnowflakeTypes() throws Exception {
    try (Connection c = password(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS TYPES_TEST");
      st.execute("CREATE TABLE types_test.t (id NUMBER(38,0) NOT NULL, name TEXT, price FLOAT, ok BOOLEAN, d DATE, "
          + "ts TIMESTAMP_LTZ, ntz TIMESTAMP_NTZ, doc VARIANT, bin BINARY, amount NUMBER(10,2), PRIMARY KEY (id))");
      assertThat(st.executeUpdate("INSERT INTO types_test.t (id, name, price, ok, d, ts, ntz, doc, bin, amount) VALUES "
          + "(1, 'one', 1.5, true, '2024-02-03', '2024-01-01T10:00:00Z', '2024-01-01 10:00:00', PARSE_JSON('{\"a\":1}'), "
          + "TO_BINARY('CAFE', 'HEX'), 12.34), (2, 'two', NULL, false, NULL, NULL, NULL, NULL, NULL, NULL)")).isEqualTo(2);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO types_test.t (id, name, ts) VALUES (?, ?, ?)")) {
        ps.setLong(1, 3);
        ps.setString(2, "thr'ee");
        ps.setTimestamp(3, Timestamp.from(Instant.parse("2025-05-05T05:05:05.123Z")));
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      try (ResultSet rs = st.executeQuery("SELECT id, name, price, ok, d, ts, ntz, doc, bin, amount FROM types_test.t ORDER BY id")) {
        assertThat(rs.getMetaData().getColumnName(1)).isEqualTo("ID");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong("ID")).isEqualTo(1);
        assertThat(rs.getString("NAME")).isEqualTo("one");
        assertThat(rs.getDouble("PRICE")).isEqualTo(1.5);
        assertThat(rs.getBoolean("OK")).isTrue();
        assertThat(rs.getDate("D").toLocalDate()).isEqualTo(LocalDate.of(2024, 2, 3));
        assertThat(rs.getTimestamp("TS").toInstant()).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
        assertThat(rs.getString("DOC")).isEqualTo("{\"a\":1}");
        assertThat(rs.getBytes("BIN")).containsExactly(0xCA, 0xFE);
        assertThat(rs.getBigDecimal("AMOUNT")).isEqualByComparingTo(new BigDecimal("12.34"));
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean("OK")).isFalse();
        assertThat(rs.getObject("PRICE")).isNull();
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("NAME")).isEqualTo("thr'ee");
        assertThat(rs.getTimestamp("TS").toInstant()).isEqualTo(Instant.parse("2025-05-05T05:05:05.123Z"));
        assertThat(rs.next()).isFalse();
      }
      // NOT NULL holds, as in Snowflake.
      assertThatThrownBy(() -> st.executeUpdate("INSERT INTO types_test.t (name) VALUES ('no id')"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(100072));
    }
  }

  @Test
  void batchInsertSendsArrayBindings() throws Exception {
    try (Connection c = password(); Statement st = c.createStatement()) {
      st.execute("CREATE OR REPLACE TABLE batch_t (id INTEGER, v TEXT)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_t (id, v) VALUES (?, ?)")) {
        for (int i = 0; i < 5; i++) {
          ps.setInt(1, i);
          ps.setString(2, "v" + i);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        assertThat(counts).hasSize(5);
      }
      assertThat(rows(c, "SELECT COUNT(*), SUM(id) FROM batch_t")).containsExactly(List.of("5", "10"));
    }
  }

  @Test
  void uploadStreamCopyIntoSelectFromStageMergeListRemove() throws Exception {
    try (Connection c = keyPair(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS STAGING");
      st.execute("USE SCHEMA STAGING");
      st.execute("CREATE STAGE IF NOT EXISTS flow_v1");
      st.execute("CREATE TABLE orders (id INTEGER NOT NULL, customer TEXT, total NUMBER(10,2), doc VARIANT)");
      SnowflakeConnection sf = c.unwrap(SnowflakeConnection.class);
      sf.uploadStream("@flow_v1", "run1/store", new ByteArrayInputStream(gzipLines(
          "{\"id\":1,\"customer\":\"ann\",\"total\":10.5,\"doc\":{\"k\":1}}",
          "{\"ID\":2,\"Customer\":\"bo\",\"total\":3,\"doc\":[1,2]}")), "part-0.json.gz", false);
      try (ResultSet rs = st.executeQuery("LIST @flow_v1/run1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("name")).isEqualTo("flow_v1/run1/store/part-0.json.gz");
        assertThat(rs.getLong("size")).isPositive();
        assertThat(rs.next()).isFalse();
      }
      int loaded = st.executeUpdate("COPY INTO orders FROM @flow_v1/run1/store FILE_FORMAT = (TYPE = JSON) "
          + "MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE");
      assertThat(loaded).isEqualTo(2);
      assertThat(rows(c, "SELECT id, customer, total, doc FROM orders ORDER BY id"))
          .containsExactly(List.of("1", "ann", "10.50", "{\"k\":1}"), List.of("2", "bo", "3.00", "[1,2]"));
      // Load history: the same file is not loaded twice, unless FORCE.
      assertThat(st.executeUpdate("COPY INTO orders FROM @flow_v1/run1/store FILE_FORMAT = (TYPE = JSON) "
          + "MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE")).isZero();

      // Keys staged as JSON arrays, read with $1[i] the way a Load query joins them.
      sf.uploadStream("@flow_v1", "run1/load", new ByteArrayInputStream(gzipLines("[2]", "[3]")), "keys.json.gz", false);
      assertThat(rows(c, "SELECT o.id, o.customer FROM orders AS o JOIN (SELECT $1[0] AS id FROM @flow_v1/run1/load) AS r "
          + "ON o.id = r.id")).containsExactly(List.of("2", "bo"));
      // Variant paths are case-sensitive: the second line's key is "ID".
      assertThat(rows(c, "SELECT $1:id::INTEGER, $1:doc FROM @flow_v1/run1/store ORDER BY 1"))
          .containsExactly(List.of("1", "{\"k\":1}"), java.util.Arrays.asList(null, "[1,2]"));

      // MERGE from staged rows: update 2, delete 1, insert 4.
      sf.uploadStream("@flow_v1", "run1/merge", new ByteArrayInputStream(gzipLines(
          "[2,\"bo2\",4.25,{\"v\":2},false]", "[1,null,null,null,true]", "[4,\"dee\",1,\"x\",false]")), "m.json.gz", false);
      int merged = st.executeUpdate("MERGE INTO orders AS l USING (SELECT $1[0] AS id, $1[1] AS customer, $1[2] AS total, "
          + "$1[3]::VARIANT AS doc, $1[4] AS del FROM @flow_v1/run1/merge) AS r ON l.id = r.id "
          + "WHEN MATCHED AND r.del THEN DELETE "
          + "WHEN MATCHED THEN UPDATE SET l.customer = r.customer, l.total = r.total, l.doc = r.doc "
          + "WHEN NOT MATCHED AND NOT r.del THEN INSERT (id, customer, total, doc) VALUES (r.id, r.customer, r.total, r.doc)");
      assertThat(merged).isEqualTo(3);
      assertThat(rows(c, "SELECT id, customer, total, doc FROM orders ORDER BY id"))
          .containsExactly(List.of("2", "bo2", "4.25", "{\"v\":2}"), List.of("4", "dee", "1.00", "\"x\""));

      // COPY with a transformation and FILES, as a delta-updates store would.
      st.execute("CREATE TABLE deltas (id INTEGER, customer TEXT)");
      assertThat(st.executeUpdate("COPY INTO deltas (id, customer) FROM (SELECT $1[0], $1[1] FROM @flow_v1/run1) "
          + "FILE_FORMAT = (TYPE = JSON) FILES = ('merge/m.json.gz')")).isEqualTo(3);
      assertThat(rows(c, "SELECT COUNT(*) FROM deltas")).containsExactly(List.of("3"));

      try (ResultSet rs = st.executeQuery("REMOVE @flow_v1/run1 PATTERN = '.*load.*'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("flow_v1/run1/load/keys.json.gz");
        assertThat(rs.getString(2)).isEqualTo("removed");
      }
      st.execute("REMOVE @flow_v1/run1");
      assertThat(rows(c, "LIST @flow_v1")).isEmpty();
    }
  }

  @Test
  void userAndTableStages() throws Exception {
    try (Connection c = password(); Statement st = c.createStatement()) {
      st.execute("CREATE OR REPLACE TABLE staged_t (doc VARIANT)");
      SnowflakeConnection sf = c.unwrap(SnowflakeConnection.class);
      sf.uploadStream("@~", "mine", new ByteArrayInputStream(gzipLines("{\"a\":1}")), "u.json.gz", false);
      sf.uploadStream("@%staged_t", "", new ByteArrayInputStream(gzipLines("{\"b\":2}", "{\"b\":3}")), "t.json.gz", false);
      assertThat(rows(c, "LIST @~/mine")).extracting(r -> r.get(0)).containsExactly("mine/u.json.gz");
      assertThat(st.executeUpdate("COPY INTO staged_t FROM @%staged_t FILE_FORMAT = (TYPE = JSON)")).isEqualTo(2);
      assertThat(st.executeUpdate("COPY INTO staged_t FROM @~/mine FILE_FORMAT = (TYPE = JSON)")).isEqualTo(1);
      assertThat(rows(c, "SELECT COUNT(*) FROM staged_t")).containsExactly(List.of("3"));
    }
  }

  @Test
  void putOfALocalFileGzipsIntoTheStage(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("rows.json");
    Files.writeString(file, "{\"x\":1}\n");
    try (Connection c = password(); Statement st = c.createStatement()) {
      st.execute("CREATE STAGE IF NOT EXISTS put_stage");
      st.execute("PUT file://" + file + " @put_stage/p");
      assertThat(rows(c, "LIST @put_stage")).extracting(r -> r.get(0)).containsExactly("put_stage/p/rows.json.gz");
      assertThat(rows(c, "SELECT $1:x FROM @put_stage")).containsExactly(List.of("1"));
    }
  }

  @Test
  void informationSchemaSpeaksSnowflakeTypes() throws Exception {
    try (Connection c = password(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS INFO_TEST");
      st.execute("CREATE OR REPLACE TABLE info_test.things (id INTEGER NOT NULL, label TEXT, doc VARIANT, "
          + "at_ts TIMESTAMP_LTZ, f FLOAT, b BOOLEAN, bin BINARY, \"Mixed Case\" DATE)");
      st.execute("ALTER TABLE info_test.things ADD COLUMN extra TEXT, more NUMBER(38,0)");
      assertThat(rows(c, "SELECT column_name, data_type, is_nullable, numeric_precision, numeric_scale "
          + "FROM flow.information_schema.columns WHERE table_schema = 'INFO_TEST' AND table_name = 'THINGS' "
          + "ORDER BY ordinal_position")).containsExactly(
              List.of("ID", "NUMBER", "NO", "38", "0"),
              java.util.Arrays.asList("LABEL", "TEXT", "YES", null, null),
              java.util.Arrays.asList("DOC", "VARIANT", "YES", null, null),
              java.util.Arrays.asList("AT_TS", "TIMESTAMP_LTZ", "YES", null, null),
              java.util.Arrays.asList("F", "FLOAT", "YES", null, null),
              java.util.Arrays.asList("B", "BOOLEAN", "YES", null, null),
              java.util.Arrays.asList("BIN", "BINARY", "YES", null, null),
              java.util.Arrays.asList("Mixed Case", "DATE", "YES", null, null),
              java.util.Arrays.asList("EXTRA", "TEXT", "YES", null, null),
              List.of("MORE", "NUMBER", "YES", "38", "0"));
      st.execute("ALTER TABLE info_test.things ALTER COLUMN id DROP NOT NULL");
      assertThat(rows(c, "SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'INFO_TEST' "
          + "AND column_name = 'ID'")).containsExactly(List.of("YES"));
      assertThat(rows(c, "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'INFO_TEST'"))
          .containsExactly(List.of("THINGS", "BASE TABLE"));
      assertThat(rows(c, "SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('INFO_TEST', 'PUBLIC', "
          + "'main') ORDER BY 1")).containsExactly(List.of("INFO_TEST"), List.of("PUBLIC"));
    }
  }

  @Test
  void showParametersAndAlterSession() throws Exception {
    try (Connection c = password(); Statement st = c.createStatement()) {
      assertThat(rows(c, "SHOW PARAMETERS LIKE 'QUOTED_IDENTIFIERS_IGNORE_CASE' IN ACCOUNT"))
          .extracting(r -> r.get(0) + "=" + r.get(1)).containsExactly("QUOTED_IDENTIFIERS_IGNORE_CASE=false");
      st.execute("ALTER SESSION SET QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE, QUERY_TAG = 'flowmat-test'");
      try (ResultSet rs = st.executeQuery("SHOW PARAMETERS LIKE 'quoted_identifiers%'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("value")).isEqualTo("TRUE");
        assertThat(rs.getString("level")).isEqualTo("SESSION");
      }
      st.execute("SELECT 42");
      List<RequestRecord> log = fake.requests();
      assertThat(log.get(log.size() - 1).queryTag()).isEqualTo("flowmat-test");
    }
    // A query tag given as a connection property reaches the session at login.
    Properties p = fake.properties("alice");
    p.setProperty("password", PASSWORD);
    p.setProperty("query_tag", "tag-at-login");
    try (Connection c = DriverManager.getConnection(fake.jdbcUrl(), p); Statement st = c.createStatement()) {
      st.execute("SELECT 43");
      List<RequestRecord> log = fake.requests();
      assertThat(log.get(log.size() - 1).queryTag()).isEqualTo("tag-at-login");
    }
  }

  @Test
  void transactionsCommitAndRollBack() throws Exception {
    try (Connection c = password(); Connection other = password(); Statement st = c.createStatement()) {
      st.execute("CREATE OR REPLACE TABLE tx_t (id INTEGER)");
      st.execute("BEGIN");
      st.executeUpdate("INSERT INTO tx_t VALUES (1)");
      assertThat(rows(other, "SELECT COUNT(*) FROM tx_t")).containsExactly(List.of("0"));
      st.execute("COMMIT");
      assertThat(rows(other, "SELECT COUNT(*) FROM tx_t")).containsExactly(List.of("1"));
      st.execute("BEGIN TRANSACTION");
      st.executeUpdate("DELETE FROM tx_t");
      st.execute("ROLLBACK");
      assertThat(rows(other, "SELECT COUNT(*) FROM tx_t")).containsExactly(List.of("1"));
      // The driver's setAutoCommit(false) turns Snowflake's AUTOCOMMIT off: DML waits for commit().
      c.setAutoCommit(false);
      st.executeUpdate("INSERT INTO tx_t VALUES (2)");
      assertThat(rows(other, "SELECT COUNT(*) FROM tx_t")).containsExactly(List.of("1"));
      c.commit();
      assertThat(rows(other, "SELECT COUNT(*) FROM tx_t")).containsExactly(List.of("2"));
      c.setAutoCommit(true);
      // COMMIT without a transaction is fine in Snowflake.
      st.execute("COMMIT");
    }
  }

  @Test
  void errorsReachTheClientAsSqlExceptionsWithSnowflakeCodes() throws Exception {
    try (Connection c = password(); Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeQuery("SELECT * FROM no_such_table"))
          .isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(2003);
            assertThat(e.getSQLState()).isEqualTo("42S02");
            assertThat(e.getMessage()).contains("NO_SUCH_TABLE").contains("does not exist");
          });
      assertThatThrownBy(() -> st.executeQuery("SELEC 1"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1003));
      assertThatThrownBy(() -> st.execute("SELECT 1; SELECT 2"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(8));
      assertThatThrownBy(() -> st.execute("LIST @no_such_stage"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2003));
      // The session is still usable after errors.
      assertThat(rows(c, "SELECT 'still here'")).containsExactly(List.of("still here"));
    }
  }

  @Test
  void sessionsRunConcurrently() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          try (Connection c = n % 2 == 0 ? password() : keyPair(); Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE TABLE conc_" + n + " (id INTEGER)");
            for (int k = 0; k < 5; k++) {
              st.executeUpdate("INSERT INTO conc_" + n + " VALUES (" + k + ")");
            }
            return rows(c, "SELECT COUNT(*) FROM conc_" + n).get(0).get(0);
          }
        }));
      }
      for (var r : results) {
        assertThat(r.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("5");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closingTheConnectionDeletesTheSession() throws Exception {
    int before = fake.openSessions();
    Connection c = password();
    assertThat(fake.openSessions()).isEqualTo(before + 1);
    c.close();
    assertThat(fake.openSessions()).isEqualTo(before);
    assertThat(fake.requests()).extracting(RequestRecord::route).contains("session-delete");
  }
}
