package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowmat.runtime.runner.FlowmatCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The newcomer's main job, end to end: {@code flowmat run examples/orders} drives bin/materialize-duckdb as a child
 * process, and the tables must hold the example's documents reduced per key (computed here independently: last write
 * wins, a deletion removes the key), also with two shards and with the connector killed along the way.
 */
class FlowmatRunnerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path EXAMPLE = ROOT.resolve("examples").resolve("orders");

  @TempDir Path dir;

  @ParameterizedTest(name = "run {0}")
  @ValueSource(strings = {"", "--shards=2", "--kill-at=write:40", "--kill-at=read:7", "--kill-at=write:2500"})
  void runMaterializesTheExampleExactly(String option) throws Exception {
    Path database = dir.resolve("orders.duckdb");
    Path config = dir.resolve("config.json");
    Files.writeString(config, JSON.createObjectNode().put("database", database.toString()).put("hardDelete", true).toString());
    List<String> args = new ArrayList<>(List.of("run", EXAMPLE.toString(), "--config", config.toString(), "--txn-docs", "1500"));
    if (!option.isEmpty()) {
      args.add(option);
    }
    Result result = cli(args);
    assertThat(result.exit).as("stderr: %s%nstdout: %s", result.err, result.out).isZero();
    assertThat(result.out).contains("done in").contains("main.orders");
    if (option.startsWith("--kill-at")) {
      assertThat(result.out).contains("1 kill(s) recovered");
    }

    Map<Long, JsonNode> expected = reduced(EXAMPLE.resolve("orders.jsonl"), "order_id");
    Map<Long, JsonNode> actual = new LinkedHashMap<>();
    for (String doc : DuckDbTransactorSmokeTest.rows(database, "SELECT CAST(flow_document AS VARCHAR) FROM main.orders")) {
      JsonNode node = JSON.readTree(doc);
      assertThat(actual.put(node.path("order_id").asLong(), node)).as("one row per order").isNull();
    }
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((id, doc) -> assertThat(actual.get(id)).as("order %d", id).isEqualTo(doc));
    long events;
    try (BufferedReader r = Files.newBufferedReader(EXAMPLE.resolve("order-events.jsonl"))) {
      events = r.lines().filter(l -> !l.isBlank()).count();
    }
    assertThat(DuckDbTransactorSmokeTest.rows(database, "SELECT count(*) FROM main.order_events")).containsExactly(String.valueOf(events));
  }

  @Test
  void planPrintsConstraintsAndSqlWithoutTouchingTheWarehouse() throws Exception {
    Path database = dir.resolve("never.duckdb");
    Path config = dir.resolve("config.json");
    Files.writeString(config, JSON.createObjectNode().put("database", database.toString()).toString());
    Result result = cli(List.of("plan", EXAMPLE.toString(), "--config", config.toString()));
    assertThat(result.exit).as("stderr: %s", result.err).isZero();
    assertThat(Files.exists(database)).isFalse();
    assertThat(result.out).contains("-- binding 0: acmeCo/orders → main.orders", "LOCATION_REQUIRED",
        "CREATE TABLE IF NOT EXISTS main.orders (", "CREATE TABLE IF NOT EXISTS main.flowmat_markers");
    Path golden = Path.of("src", "test", "resources", "golden", "orders-plan.txt");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, result.out);
    }
    assertThat(Files.exists(golden)).as("%s exists (create it with: mvn verify -Dgolden.update=true)", golden).isTrue();
    assertThat(result.out).isEqualTo(Files.readString(golden));
  }

  /** The README's order: run, then plan. The runner remembers what it applied, as Flow remembers a publication. */
  @Test
  void planAfterRunFindsTheWarehouseUpToDate() throws Exception {
    Path database = dir.resolve("orders.duckdb");
    Path config = dir.resolve("config.json");
    Files.writeString(config, JSON.createObjectNode().put("database", database.toString()).put("hardDelete", true).toString());
    Result run = cli(List.of("run", EXAMPLE.toString(), "--config", config.toString(), "--txn-docs", "5000"));
    assertThat(run.exit).as("stderr: %s", run.err).isZero();
    Result plan = cli(List.of("plan", EXAMPLE.toString(), "--config", config.toString()));
    assertThat(plan.exit).as("stderr: %s", plan.err).isZero();
    assertThat(plan.out).contains("-- binding 0: acmeCo/orders → main.orders")
        .contains("-- Apply would run:\n-- nothing: the warehouse is up to date");
  }

  @Test
  void newcomerErrorsAreOneClearLine() throws Exception {
    Result missing = cli(List.of("run", dir.resolve("nope").toString()));
    assertThat(missing.exit).isEqualTo(1);
    assertThat(missing.err.strip()).isEqualTo("flowmat: no example directory " + dir.resolve("nope"));

    Path bad = dir.resolve("bad");
    Files.createDirectories(bad);
    Files.writeString(bad.resolve("catalog.json"), "{\"collections\": [{\"name\": \"a/b\", \"key\": [\"/id\"], \"schema\": {\"type\": 7}}]}");
    Result badSchema = cli(List.of("plan", bad.toString()));
    assertThat(badSchema.exit).isEqualTo(1);
    assertThat(badSchema.err.strip().lines().count()).isEqualTo(1);
    assertThat(badSchema.err).startsWith("flowmat: ").doesNotContain("Exception").doesNotContain("\tat ");

    Path config = dir.resolve("unreachable.json");
    Files.writeString(config, "{\"database\": \"" + dir.resolve("no-such-dir").resolve("x").resolve("db.duckdb") + "\", \"bogus\": 1}");
    Result unreachable = cli(List.of("run", EXAMPLE.toString(), "--config", config.toString()));
    assertThat(unreachable.exit).isEqualTo(1);
    assertThat(unreachable.err.strip().lines().count()).isEqualTo(1);
    assertThat(unreachable.err).contains("endpoint config is invalid").contains("bogus");
  }

  /** The documents of a JSONL file reduced per key as Flow does for last-write-wins: a deletion removes the key. */
  static Map<Long, JsonNode> reduced(Path file, String key) throws Exception {
    Map<Long, JsonNode> out = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode doc = JSON.readTree(line);
        long id = doc.path(key).asLong();
        if (doc.path("_meta").path("op").asText().equals("d")) {
          out.remove(id);
        } else {
          out.put(id, doc);
        }
      }
    }
    return out;
  }

  private record Result(int exit, String out, String err) {}

  private static Result cli(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = FlowmatCli.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
