package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbMemoryLimitTest {
  @TempDir Path dir;

  @Test
  void duckDbGetsMostOfWhatTheHeapLeavesAndNeverTheWholeMachine() {
    long mib = 1L << 20;
    assertThat(DuckDbClient.memoryLimitMiB(1024 * mib, 410 * mib)).as("a 1 GiB container").isEqualTo(491);
    assertThat(DuckDbClient.memoryLimitMiB(512 * mib, 600 * mib)).as("a heap as large as the machine").isEqualTo(128);
  }

  @Test
  void everyConnectionIsOpenedWithThatLimit() throws Exception {
    DuckDbEndpoint endpoint = DuckDbEndpoint.from(new ObjectMapper().createObjectNode()
        .put("database", dir.resolve("w.duckdb").toString()));
    try (DuckDbClient client = (DuckDbClient) endpoint.connect(false);
        Statement s = client.connection().createStatement();
        ResultSet r = s.executeQuery("SELECT current_setting('memory_limit')")) {
      r.next();
      long expected = DuckDbClient.memoryLimitMiB(
          ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
              .getTotalMemorySize(), Runtime.getRuntime().maxMemory());
      // DuckDB reports the limit in its own units (e.g. "491.0 MiB", "14.3 GiB"): compare within its rounding.
      String reported = r.getString(1);
      double value = Double.parseDouble(reported.split(" ")[0]);
      double inMib = reported.endsWith("GiB") ? value * 1024 : reported.endsWith("TiB") ? value * 1024 * 1024 : value;
      assertThat(inMib).as("memory_limit %s", reported).isBetween(expected * 0.95, expected * 1.05);
    }
  }
}
