package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.flowmat.runtime.local.ProcessChannel;
import org.flowmat.runtime.proto.Materialize.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validate, as a publication runs it, in a second process while the materialization's session holds the DuckDB
 * file: it waits up to {@link DuckDbClient#LOCK_WAIT} for the file, so it succeeds when the session ends meanwhile,
 * and otherwise says exactly what holds the file and what to do.
 */
class DuckDbLockIT {
  @TempDir Path dir;

  @Test
  void validateWhileTheSessionHoldsTheFileSaysWhoHoldsItAndWhatToDo() throws Exception {
    Wire wire = Wire.of(Wire.config(dir.resolve("flow.duckdb"))).applied();
    try (ProcessChannel session = Wire.start()) {
      openSession(wire, session);
      try (ProcessChannel validate = Wire.start()) {
        validate.send(wire.spec());
        validate.send(wire.validate());
        validate.closeInput();
        assertThat(validate.awaitExit(Wire.TIMEOUT)).isEqualTo(1);
        assertThat(Wire.lastMessage(validate))
            .startsWith("DuckDB database '" + dir.resolve("flow.duckdb") + "' is locked by another process (PID "
                + session.pid() + ", ")
            .contains("still after 5 s")
            .contains("disable the task, publish the change, then enable it again");
      }
      session.closeInput();
      assertThat(session.awaitExit(Wire.TIMEOUT)).as("stderr %s", session.stderr()).isZero();
    }
  }

  @Test
  void validateWaitsForTheSessionToReleaseTheFile() throws Exception {
    Wire wire = Wire.of(Wire.config(dir.resolve("flow.duckdb"))).applied();
    try (ProcessChannel session = Wire.start();
        ProcessChannel validate = Wire.start(java.util.Map.of("LOG_LEVEL", "debug"))) {
      openSession(wire, session);
      validate.send(wire.spec());
      validate.send(wire.validate());
      validate.closeInput();
      Wire.expect(validate, "spec");
      long deadline = System.nanoTime() + 4_000_000_000L;
      while (validate.stderr().stream().noneMatch(l -> l.contains("database locked by another process; waiting"))) {
        assertThat(System.nanoTime()).as("Validate waits for the file; stderr %s", validate.stderr()).isLessThan(deadline);
        Thread.sleep(20);
      }
      session.closeInput(); // the session ends, releasing the file while Validate waits
      assertThat(session.awaitExit(Wire.TIMEOUT)).isZero();
      Response validated = Wire.expect(validate, "validated");
      assertThat(validated.getValidated().getBindings(0).getResourcePathList()).containsExactly("main", "orders");
      assertThat(validate.awaitExit(Wire.TIMEOUT)).as("stderr %s", validate.stderr()).isZero();
    }
  }

  private static void openSession(Wire wire, ProcessChannel session) throws Exception {
    session.send(wire.spec());
    session.send(wire.open("{}"));
    session.send(Wire.ack());
    Wire.expect(session, "spec", "opened", "acknowledged");
  }
}
