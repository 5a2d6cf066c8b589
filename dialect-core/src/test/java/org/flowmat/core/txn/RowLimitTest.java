package org.flowmat.core.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.staging.LocalStagingArea;
import org.flowmat.core.staging.StagedFiles;
import org.flowmat.core.tuple.TupleValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowLimitTest {
  @TempDir Path dir;

  @Test
  void stagedRowsMeasureTheirLongestRowExactlyAcrossTheGeneratorsBuffer() throws Exception {
    StagedFiles files = new StagedFiles(new LocalStagingArea(dir), "store_0_1_n", "staging for binding 0", true);
    List<TupleValue> keys = List.of(TupleValue.Int.of(7));
    try (StagedRows rows = new StagedRows(files)) {
      rows.write(keys, List.of(), RawJson.of("{\"a\":\"" + "x".repeat(100_000) + "\"}"), true, false);
      rows.write(keys, List.of(), RawJson.of("{}"), true, false);
      rows.flush();
      long longestLine = Files.readAllLines(dir.resolve(files.finish().get(0))).stream()
          .max(Comparator.comparingInt(String::length)).orElseThrow().length() + 1;
      assertThat(rows.longest()).isEqualTo(longestLine);
    }
  }

  @Test
  void theReadersRowLimitFollowsTheLongestStagedRowWithMargin() {
    long mib = 1L << 20;
    assertThat(TransactionSql.rowLimit(300)).as("small rows: DuckDB's default").isEqualTo(16 * mib);
    assertThat(TransactionSql.rowLimit(8 * mib)).isEqualTo(16 * mib);
    assertThat(TransactionSql.rowLimit(8 * mib + 1)).as("twice the row, to a power of two").isEqualTo(32 * mib);
    assertThat(TransactionSql.rowLimit(17 * mib)).as("a 16 MiB document with its values").isEqualTo(64 * mib);
    assertThat(TransactionSql.rowLimit(0)).as("a plan that did not record its rows").isEqualTo(1L << 30);
    assertThat(TransactionSql.rowLimit(900 * mib)).as("never beyond the format's limit").isEqualTo(1L << 30);
  }
}
