package org.flowmat.core.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.flowmat.core.connector.NoSpaceLeftException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A staged file on a full device, without mounting anything: Linux's /dev/full fails every write with ENOSPC.
 * (DuckDbDiskFullIT fills a real small filesystem through connector sessions.)
 */
class NoSpaceLeftTest {
  private static final Path DEV_FULL = Path.of("/dev/full");
  @TempDir Path dir;

  @Test
  void aStagedWriteOnAFullDeviceNamesTheFileAndItsPurpose() throws Exception {
    assumeTrue(Files.isWritable(DEV_FULL), "no writable /dev/full on this system");
    LocalStagingArea staging = new LocalStagingArea(dir);
    Files.createSymbolicLink(dir.resolve("store_3_7.ndjson"), DEV_FULL);
    String path = staging.reference("store_3_7.ndjson");

    OutputStream out = NoSpaceLeftException.guard(staging.create("store_3_7.ndjson"), path, "staging for binding 3");
    assertThatThrownBy(() -> {
      out.write(new byte[100]);
      out.close(); // the buffered bytes reach the device
    }).isInstanceOf(NoSpaceLeftException.class)
        .hasMessageStartingWith("no space left on device writing " + path + " (staging for binding 3)");
  }

  @Test
  void otherFailuresStayAsTheyAre() throws Exception {
    OutputStream failing = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("Input/output error");
      }
    };
    assertThatThrownBy(() -> NoSpaceLeftException.guard(failing, "/x", "staging").write(1))
        .isExactlyInstanceOf(IOException.class).hasMessage("Input/output error");
  }

  @Test
  void duckDbsOutOfSpaceErrorNamesTheFileItCouldNotWrite() {
    SQLException duck = new SQLException(
        "TransactionContext Error: Failed to commit: Could not write file \"/data/flow.duckdb.wal\": No space left on device");
    assertThat(NoSpaceLeftException.classify(duck, "/data/flow.duckdb", "DuckDB database /data/flow.duckdb"))
        .hasValueSatisfying(e -> assertThat(e.getMessage()).startsWith(
            "no space left on device writing /data/flow.duckdb.wal (DuckDB database /data/flow.duckdb)"));
    assertThat(NoSpaceLeftException.classify(new SQLException("Constraint Error: duplicate key"), "/d", "x")).isEmpty();
  }
}
