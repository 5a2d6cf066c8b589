package org.flowmat.dialect.snowflake.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.flowmat.dialect.snowflake.fake.http.RequestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each injected fault, as the real driver sees it: what it retries, and what reaches the client. */
class FakeSnowflakeFaultsTest {
  static FakeSnowflake fake;

  @BeforeAll
  static void start() {
    fake = FakeSnowflake.start(FakeSnowflake.Options.defaults().withPassword("ALICE", "pw"));
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.faults().clear();
  }

  static Connection connect() throws SQLException {
    Properties p = fake.properties("alice");
    p.setProperty("password", "pw");
    return DriverManager.getConnection(fake.jdbcUrl(), p);
  }

  static long scalar(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The requests since {@code from} carrying this SQL text. */
  static List<RequestRecord> attempts(int from, String sql) {
    List<RequestRecord> log = fake.requests();
    return log.subList(from, log.size()).stream().filter(r -> sql.equals(r.sql())).toList();
  }

  @Test
  void serviceUnavailableIsRetriedByTheDriver() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      int from = fake.requests().size();
      fake.faults().serviceUnavailable(2);
      assertThat(scalar(st, "SELECT 503")).isEqualTo(503);
      assertThat(attempts(from, "SELECT 503")).extracting(RequestRecord::httpStatus).containsExactly(503, 503, 200);
    }
  }

  @Test
  void tooManyRequestsIsRetriedByTheDriver() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      int from = fake.requests().size();
      fake.faults().tooManyRequests(1);
      assertThat(scalar(st, "SELECT 429")).isEqualTo(429);
      assertThat(attempts(from, "SELECT 429")).extracting(RequestRecord::httpStatus).containsExactly(429, 200);
    }
  }

  @Test
  void expiredSessionIsRenewedWithTheMasterToken() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      int from = fake.requests().size();
      fake.faults().expireSession();
      assertThat(scalar(st, "SELECT 390112")).isEqualTo(390112);
      List<RequestRecord> log = fake.requests().subList(from, fake.requests().size());
      assertThat(log).extracting(r -> r.route() + ":" + (r.errorCode() == null ? "ok" : r.errorCode()))
          .containsSubsequence("query-request:390112", "token-request:ok", "query-request:ok");
      // The renewed token keeps working.
      assertThat(scalar(st, "SELECT 2")).isEqualTo(2);
    }
  }

  @Test
  void slowQueryHoldsTheAnswer() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      fake.faults().slowQuery(Duration.ofMillis(1500));
      long start = System.nanoTime();
      assertThat(scalar(st, "SELECT 7")).isEqualTo(7);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }
  }

  @Test
  void queryInProgressIsPolledUntilTheResult() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      int from = fake.requests().size();
      fake.faults().queryInProgress(2);
      assertThat(scalar(st, "SELECT 333333")).isEqualTo(333333);
      List<RequestRecord> log = fake.requests().subList(from, fake.requests().size());
      assertThat(log).extracting(r -> r.route() + ":" + (r.errorCode() == null ? "ok" : r.errorCode()))
          .containsExactly("query-request:333333", "query-result:333333", "query-result:ok");
    }
  }

  @Test
  void connectionDroppedBeforeExecutingIsRetriedAndRunsOnce() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("CREATE OR REPLACE TABLE dropped_before (id INTEGER)");
      int from = fake.requests().size();
      fake.faults().dropConnection(1, false);
      assertThat(st.executeUpdate("INSERT INTO dropped_before VALUES (1)")).isEqualTo(1);
      assertThat(attempts(from, "INSERT INTO dropped_before VALUES (1)")).hasSize(2);
      assertThat(scalar(st, "SELECT COUNT(*) FROM dropped_before")).isEqualTo(1);
    }
  }

  @Test
  void connectionDroppedAfterExecutingMakesTheRetryRunItAgain() throws Exception {
    // What a client must be ready for: the statement ran, the answer was lost, the driver sent it again.
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("CREATE OR REPLACE TABLE dropped_after (id INTEGER)");
      int from = fake.requests().size();
      fake.faults().dropConnection(1, true);
      assertThat(st.executeUpdate("INSERT INTO dropped_after VALUES (1)")).isEqualTo(1);
      assertThat(attempts(from, "INSERT INTO dropped_after VALUES (1)")).hasSize(2);
      assertThat(scalar(st, "SELECT COUNT(*) FROM dropped_after")).isEqualTo(2);
    }
  }
}
