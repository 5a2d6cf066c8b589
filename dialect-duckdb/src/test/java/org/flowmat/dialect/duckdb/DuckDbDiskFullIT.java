package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import com.google.protobuf.ByteString;
import org.flowmat.runtime.local.ProcessChannel;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: the database and its staging on a 4 MiB tmpfs (mounted when this runs as root, as CI
 * does; skipped with the reason otherwise). Staging that fills the disk and a DuckDB commit that cannot write its
 * WAL both end the session with "no space left on device writing <path> (...)", commit nothing, and a restart
 * after space is freed applies the committed plan exactly once.
 */
class DuckDbDiskFullIT {
  @TempDir Path tmp;
  private Path disk;
  private boolean mounted;

  @BeforeEach
  void mountSmallDisk() throws Exception {
    disk = Files.createDirectories(tmp.resolve("small-disk"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString())
        .redirectErrorStream(true).start();
    String output = new String(mount.getInputStream().readAllBytes());
    mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    assumeTrue(mounted, "cannot mount a 4 MiB tmpfs for a full disk (needs root, as in CI): " + output.strip());
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void stagingThatFillsTheDiskIsNamedAndLeavesNothingBehind() throws Exception {
    Path database = disk.resolve("flow.duckdb");
    Wire wire = Wire.of(Wire.config(database));
    wire.applied();

    String note = "x".repeat(16 * 1024);
    try (ProcessChannel session = Wire.start()) {
      for (Request r : List.of(wire.spec(), wire.open("{}"), Wire.ack(), Wire.flush())) {
        session.send(r);
      }
      Wire.expect(session, "spec", "opened", "acknowledged", "flushed");
      try {
        for (int id = 1; id <= 1000; id++) { // 16 MiB of rows for a 4 MiB disk
          session.send(Wire.store(id, id, note));
        }
        session.send(Wire.commit());
        session.closeInput();
      } catch (IOException e) {
        // The connector exited on the full disk before reading everything.
      }
      assertThat(session.awaitExit(Wire.TIMEOUT)).isEqualTo(1);
      assertThat(Wire.lastMessage(session)).as("stderr %s", session.stderr())
          .startsWith("no space left on device writing " + database + ".staging/")
          .contains("(staging for binding 0)");
    }
    // Nothing was committed, and the rows staged for the failed transaction gave their space back.
    assertThat(Wire.rows(database, "SELECT count(*) FROM main.orders")).containsExactly("0");
    assertThat(Files.getFileStore(disk).getUsableSpace()).as("free bytes after the failed session")
        .isGreaterThan(2L << 20);
  }

  @Test
  void aDuckDbCommitOnAFullDiskIsNamedAndTheRestartAppliesThePlan() throws Exception {
    Path database = disk.resolve("flow.duckdb");
    Wire wire = Wire.of(Wire.config(database));
    wire.applied();

    String state;
    Path filler = disk.resolve("filler");
    try (ProcessChannel session = Wire.start()) {
      for (Request r : List.of(wire.spec(), wire.open("{}"), Wire.ack(), Wire.flush(),
          Wire.store(1, 1.5, noise(1)), Wire.store(2, 2.5, noise(2)), Wire.store(3, 3.5, noise(3)), Wire.commit())) {
        session.send(r);
      }
      state = Wire.expect(session, "spec", "opened", "acknowledged", "flushed", "startedCommit")
          .getStartedCommit().getState().getUpdatedJson().toStringUtf8();
      // Flow has committed the plan (its rows, 96 KiB, are staged); then the disk fills before the connector applies it.
      fill(filler);
      session.send(Wire.ack());
      session.closeInput();
      assertThat(session.awaitExit(Wire.TIMEOUT)).isEqualTo(1);
      assertThat(Wire.lastMessage(session)).as("stderr %s", session.stderr())
          .startsWith("no space left on device writing " + database)
          .contains("(DuckDB database " + database + ")")
          .doesNotContain("no transaction is active");
    }
    assertThat(Wire.rows(database, "SELECT count(*) FROM main.orders")).as("nothing half-committed").containsExactly("0");

    Files.delete(filler);
    try (ProcessChannel session = Wire.start()) {
      for (Request r : List.of(wire.spec(), wire.open(state), Wire.ack())) {
        session.send(r);
      }
      Wire.expect(session, "spec", "opened", "acknowledged");
      session.closeInput();
      assertThat(session.awaitExit(Wire.TIMEOUT)).as("stderr %s", session.stderr()).isZero();
    }
    assertThat(Wire.rows(database, "SELECT id, total FROM main.orders ORDER BY id"))
        .containsExactly("1|1.5", "2|2.5", "3|3.5");
  }

  @Test
  void anApplyOnAFullDiskIsNamedAndChangesNothing() throws Exception {
    Path database = disk.resolve("flow.duckdb");
    Wire wire = Wire.of(Wire.config(database));
    wire.applied();
    fill(disk.resolve("filler"));
    // The next publication adds tables: DuckDB's commit of the DDL cannot write its WAL.
    Flow.MaterializationSpec.Builder next = wire.spec.toBuilder();
    for (int i = 0; i < 40; i++) {
      next.addBindings(wire.spec.getBindings(0).toBuilder()
          .setResourceConfigJson(ByteString.copyFromUtf8("{\"table\":\"orders_" + i + "\"}"))
          .clearResourcePath().addResourcePath("main").addResourcePath("orders_" + i).setStateKey("orders_" + i + ".v0"));
    }
    try (ProcessChannel apply = Wire.start()) {
      apply.send(wire.spec());
      apply.send(Request.newBuilder().setApply(Request.Apply.newBuilder().setMaterialization(next).setVersion("v2")
          .setLastMaterialization(wire.spec).setLastVersion("v1")).build());
      apply.closeInput();
      assertThat(apply.awaitExit(Wire.TIMEOUT)).isEqualTo(1);
      assertThat(Wire.lastMessage(apply)).as("stderr %s", apply.stderr())
          .startsWith("no space left on device writing " + database)
          .contains("(DuckDB database " + database + ")");
    }
    assertThat(Wire.rows(database, "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'orders_%'"))
        .as("no table of the failed Apply").containsExactly("0");
  }


  /** 32 KiB of text that does not compress, so DuckDB's commit must write more than a page of WAL. */
  private static String noise(long seed) {
    java.util.Random random = new java.util.Random(seed);
    StringBuilder text = new StringBuilder();
    while (text.length() < 32 * 1024) {
      text.append(Long.toHexString(random.nextLong()));
    }
    return text.toString();
  }

  /** Writes {@code file} until its filesystem is full. */
  private static void fill(Path file) throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      assertThat(e.getMessage()).containsIgnoringCase("no space left");
    }
  }
}
