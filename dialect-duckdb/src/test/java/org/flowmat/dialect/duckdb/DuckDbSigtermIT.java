package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowmat.runtime.local.ProcessChannel;
import org.flowmat.runtime.proto.Materialize.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, as Flow stops a container, sent to bin/materialize-duckdb mid-session: the process ends with exit code
 * 143 and "terminated by SIGTERM ..." as its last stderr line, nothing is half-applied, and the next session
 * recovers the committed plan exactly once.
 */
class DuckDbSigtermIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void betweenStartCommitAndAcknowledgeThePlanWaitsForTheNextSession() throws Exception {
    Path database = dir.resolve("flow.duckdb");
    Wire wire = Wire.of(Wire.config(database));
    wire.applied();

    String state;
    try (ProcessChannel session = Wire.start()) {
      send(session, wire.spec(), wire.open("{}"), Wire.ack(), Wire.flush(), Wire.store(1, 1.5, "a"),
          Wire.store(2, 2.5, "b"), Wire.commit());
      state = Wire.expect(session, "spec", "opened", "acknowledged", "flushed", "startedCommit")
          .getStartedCommit().getState().getUpdatedJson().toStringUtf8();
      terminate(session);
      assertThat(session.awaitExit(Wire.TIMEOUT)).as("stderr %s", session.stderr()).isEqualTo(143);
      JsonNode last = lastLine(session);
      assertThat(last.path("msg").asText()).startsWith("terminated by SIGTERM: stopped cleanly")
          .contains("the next session applies it");
      assertThat(last.path("level").asText()).isEqualTo("info");
      assertThat(session.stderr()).noneMatch(l -> l.contains("\"level\":\"error\""));
    }
    assertThat(Wire.rows(database, "SELECT count(*) FROM main.orders")).containsExactly("0");

    recover(wire, state);
    assertThat(Wire.rows(database, "SELECT id, total FROM main.orders ORDER BY id")).containsExactly("1|1.5", "2|2.5");
  }

  @Test
  void duringAnAcknowledgeThePlanIsAppliedWholeOrNotAtAll() throws Exception {
    Path database = dir.resolve("flow.duckdb");
    Wire wire = Wire.of(Wire.config(database));
    wire.applied();

    int rows = 50_000; // enough that the apply is still running when the signal comes
    String state;
    try (ProcessChannel session = Wire.start()) {
      List<Request> requests = new ArrayList<>(List.of(wire.spec(), wire.open("{}"), Wire.ack(), Wire.flush()));
      for (int id = 1; id <= rows; id++) {
        requests.add(Wire.store(id, id, "n"));
      }
      requests.add(Wire.commit());
      send(session, requests.toArray(Request[]::new));
      state = Wire.expect(session, "spec", "opened", "acknowledged", "flushed", "startedCommit")
          .getStartedCommit().getState().getUpdatedJson().toStringUtf8();
      session.send(Wire.ack());
      terminate(session);
      assertThat(session.awaitExit(Wire.TIMEOUT)).as("stderr %s", session.stderr()).isEqualTo(143);
      assertThat(lastLine(session).path("msg").asText()).startsWith("terminated by SIGTERM: stopped cleanly");
    }
    assertThat(Wire.rows(database, "SELECT count(*) FROM main.orders")).as("all or nothing")
        .containsAnyOf("0", String.valueOf(rows));

    recover(wire, state);
    assertThat(Wire.rows(database, "SELECT count(*), count(DISTINCT id) FROM main.orders"))
        .containsExactly(rows + "|" + rows);
  }

  @Test
  void idleBetweenTransactions() throws Exception {
    Path database = dir.resolve("flow.duckdb");
    Wire wire = Wire.of(Wire.config(database));
    wire.applied();
    try (ProcessChannel session = Wire.start()) {
      send(session, wire.spec(), wire.open("{}"), Wire.ack());
      Wire.expect(session, "spec", "opened", "acknowledged");
      terminate(session);
      assertThat(session.awaitExit(Wire.TIMEOUT)).isEqualTo(143);
      assertThat(lastLine(session).path("msg").asText())
          .isEqualTo("terminated by SIGTERM: stopped cleanly; 0 transaction(s) committed; the one in progress was not,"
              + " and Flow sends it again");
    }
  }

  /** SIGTERM: what {@link ProcessHandle#destroy} sends on Linux (bin/materialize-duckdb execs the JVM). */
  private static void terminate(ProcessChannel session) {
    ProcessHandle.of(session.pid()).orElseThrow().destroy();
  }

  private static JsonNode lastLine(ProcessChannel session) throws Exception {
    List<String> lines = session.stderr();
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  private static void send(ProcessChannel session, Request... requests) throws Exception {
    for (Request r : requests) {
      session.send(r);
    }
  }

  private static void recover(Wire wire, String state) throws Exception {
    try (ProcessChannel session = Wire.start()) {
      send(session, wire.spec(), wire.open(state), Wire.ack());
      Wire.expect(session, "spec", "opened", "acknowledged");
      session.closeInput();
      assertThat(session.awaitExit(Wire.TIMEOUT)).as("stderr %s", session.stderr()).isZero();
    }
  }
}
