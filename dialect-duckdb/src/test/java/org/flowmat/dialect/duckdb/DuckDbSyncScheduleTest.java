package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowmat.core.spec.SerPolicy;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import org.flowmat.runtime.session.DelayScheduler;
import org.flowmat.runtime.session.Session;
import org.flowmat.runtime.session.ValidatedForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync schedule through a real DuckDB connector session in-process: the clock and the timer are the test's, so
 * that a delay is observed as a request to the timer instead of by waiting.
 */
class DuckDbSyncScheduleTest {
  @TempDir Path dir;

  /** The test's clock, fixed. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T10:02:00Z"), ZoneOffset.UTC);

  /** A timer that records what it was asked to delay, and runs it when the test says so. */
  static final class ManualTimer implements DelayScheduler {
    final BlockingQueue<Duration> delays = new LinkedBlockingQueue<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    volatile Runnable task;

    @Override
    public Runnable schedule(Duration delay, Runnable task) {
      this.task = task;
      delays.add(delay);
      return () -> cancelled.set(true);
    }
  }

  /** A session on its own thread, fed request by request, its responses in a queue. */
  private static final class Running {
    final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    final Session session;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Running(ManualTimer timer) {
      session = new Session(new SqlConnector(new DuckDbDialect(), SerPolicy.NONE), responses::add, ValidatedForm.CURRENT)
          .scheduling(CLOCK, timer);
      Thread t = new Thread(() -> {
        try {
          session.run();
          done.complete(null);
        } catch (Throwable e) {
          done.completeExceptionally(e);
        }
      }, "session");
      t.setDaemon(true);
      t.start();
    }

    Running send(Request... requests) throws Exception {
      for (Request r : requests) {
        session.accept(r);
      }
      return this;
    }

    String next() throws Exception {
      Response r = responses.poll(Wire.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(r).as("a response").isNotNull();
      return r.getAllFields().keySet().iterator().next().getJsonName();
    }

    void end() throws Exception {
      session.end();
      done.get(Wire.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private Wire applied(ObjectNode config) throws Exception {
    Wire wire = Wire.of(config);
    Running apply = new Running(new ManualTimer()).send(wire.spec(), wire.apply());
    assertThat(apply.next()).isEqualTo("spec");
    assertThat(apply.next()).isEqualTo("applied");
    apply.end();
    return wire;
  }

  /** Open, the recovery Acknowledge, then one small transaction and its Acknowledge; returns the running session. */
  private static Running streamOneTransaction(Wire wire, ManualTimer timer) throws Exception {
    Running s = new Running(timer).send(wire.spec(), wire.open("{}"), Wire.ack());
    assertThat(s.next()).isEqualTo("spec");
    assertThat(s.next()).isEqualTo("opened");
    assertThat(s.next()).as("the recovery commit is never delayed").isEqualTo("acknowledged");
    s.send(Wire.flush());
    assertThat(s.next()).isEqualTo("flushed");
    s.send(Wire.store(1, 9.5, "a"), Wire.commit());
    assertThat(s.next()).isEqualTo("startedCommit");
    s.send(Wire.ack());
    return s;
  }

  @Test
  void defaultZeroFrequencyNeverDelays() throws Exception {
    Path db = dir.resolve("flow.duckdb");
    ManualTimer timer = new ManualTimer();
    Running s = streamOneTransaction(applied(Wire.config(db)), timer);
    assertThat(s.next()).isEqualTo("acknowledged");
    s.end();
    assertThat(timer.delays).as("DuckDB's default syncFrequency is 0s").isEmpty();
    assertThat(Wire.rows(db, "SELECT id FROM orders")).containsExactly("1");
  }

  @Test
  void streamingTransactionHoldsAcknowledgedUntilTheNextSync() throws Exception {
    Path db = dir.resolve("flow.duckdb");
    ObjectNode config = Wire.config(db);
    config.putObject("syncSchedule").put("syncFrequency", "15m");
    ManualTimer timer = new ManualTimer();
    Running s = streamOneTransaction(applied(config), timer);
    // Recovery acknowledged at 10:02 (the fixed clock): the next sync is 10:15.
    assertThat(timer.delays.poll(Wire.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Duration.ofMinutes(13));
    assertThat(s.responses).as("Acknowledged is held").isEmpty();
    s.session.accept(Wire.flush()); // the next transaction's Flush waits for Acknowledged
    timer.task.run();
    assertThat(s.next()).isEqualTo("acknowledged");
    assertThat(s.next()).isEqualTo("flushed");
    s.send(Wire.commit());
    assertThat(s.next()).isEqualTo("startedCommit");
    s.send(Wire.ack());
    assertThat(timer.delays.poll(Wire.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("a commit without Stores, but the"
        + " history is still small").isEqualTo(Duration.ofMinutes(13));
    // End of input cuts the wait short: Acknowledged goes out and the session ends cleanly.
    s.end();
    assertThat(timer.cancelled).isTrue();
    assertThat(s.next()).isEqualTo("acknowledged");
    assertThat(Wire.rows(db, "SELECT id FROM orders")).containsExactly("1");
  }

  @Test
  void sigtermWhileWaitingStopsAtOnceEvenWithAFlushPending() throws Exception {
    Path db = dir.resolve("flow.duckdb");
    ObjectNode config = Wire.config(db);
    config.putObject("syncSchedule").put("syncFrequency", "4h");
    ManualTimer timer = new ManualTimer();
    Running s = streamOneTransaction(applied(config), timer);
    assertThat(timer.delays.poll(Wire.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isPositive();
    s.session.accept(Wire.flush());
    // What the launcher's SIGTERM handler does (ConnectorLauncher): fail the input.
    s.session.fail(new org.flowmat.core.connector.ConnectorException("terminated by SIGTERM"));
    assertThatThrownBy(() -> s.done.get(Wire.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .hasRootCauseMessage("terminated by SIGTERM");
    assertThat(timer.cancelled).isTrue();
    assertThat(s.responses).as("no Acknowledged, no Flushed").isEmpty();
    assertThat(Wire.rows(db, "SELECT id FROM orders")).as("the apply itself was done").containsExactly("1");
  }

  @Test
  void validateRefusesABadScheduleNamingTheProperty() throws Exception {
    SqlConnector connector = new SqlConnector(new DuckDbDialect(), SerPolicy.NONE);
    ObjectNode config = Wire.config(dir.resolve("flow.duckdb"));
    config.putObject("syncSchedule").put("syncFrequency", "5m").put("timezone", "Nowhere/Atlantis")
        .put("fastSyncStartTime", "09:00").put("fastSyncStopTime", "17:00");
    org.flowmat.core.connector.ValidateRequest validate =
        org.flowmat.runtime.mapping.ProtoMapping.validate(Wire.of(config).validate().getValidate());
    assertThatThrownBy(() -> connector.validate(validate))
        .hasMessageContaining("syncSchedule.timezone 'Nowhere/Atlantis'");
    config.putObject("syncSchedule").put("syncFrequency", "10m");
    assertThatThrownBy(() -> connector.endpoint(config)).as("the schema's enum").hasMessageContaining("syncFrequency");
  }

  @Test
  void everyDialectPublishesTheSameScheduleWithItsDefault() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.Map<String, String> defaults = java.util.Map.of("duckdb", "PT0S", "snowflake", "PT30M", "bigquery", "PT30M");
    com.fasterxml.jackson.databind.JsonNode duckdb = null;
    for (String d : java.util.List.of("duckdb", "snowflake", "bigquery")) {
      com.fasterxml.jackson.databind.JsonNode schema = json.readTree(Wire.root().resolve("dialect-" + d
          + "/src/main/resources/org/flowmat/dialect/" + d + "/endpoint-config.schema.json").toFile());
      assertThat(SqlConnector.defaultSyncFrequency(schema)).as(d).hasToString(defaults.get(d));
      com.fasterxml.jackson.databind.node.ObjectNode block =
          ((com.fasterxml.jackson.databind.node.ObjectNode) schema.path("properties").path("syncSchedule")).deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) block.path("properties").path("syncFrequency"))
          .remove(java.util.List.of("default", "description"));
      assertThat(block.path("properties").path("syncFrequency").path("enum").toString())
          .isEqualTo("[\"0s\",\"30s\",\"5m\",\"15m\",\"30m\",\"1h\",\"2h\",\"4h\"]");
      if (duckdb == null) {
        duckdb = block;
      }
      assertThat(block).as("%s's syncSchedule, but for the default", d).isEqualTo(duckdb);
    }
  }
}
