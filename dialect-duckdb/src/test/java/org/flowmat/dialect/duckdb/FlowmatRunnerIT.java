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

  /**
   * The README's {@code bin/flowmat} commands, in the README's order, as a newcomer runs them in a fresh clone: each
   * exits 0 and says what it should (the one that needs a Snowflake account is left out). They run in a fresh
   * directory that links the examples, so the default database (target/examples/orders.duckdb) starts absent.
   */
  @Test
  void theReadmeCommandsSucceedInOrder() throws Exception {
    List<String> commands = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
      String command = line.replaceFirst("^.*&&\\s*", "").replaceFirst("\\s+#.*$", "").strip();
      if (command.startsWith("bin/flowmat ") && !command.contains("--dialect")) {
        commands.add(command);
      }
    }
    assertThat(commands).as("README commands").hasSizeGreaterThanOrEqualTo(4);
    assertThat(commands.get(0)).isEqualTo("bin/flowmat run examples/orders");
    assertThat(commands).anyMatch(c -> c.startsWith("bin/flowmat plan examples/orders"))
        .anyMatch(c -> c.contains("--shards 2")).anyMatch(c -> c.contains("--kill-at"));
    Files.createSymbolicLink(dir.resolve("examples"), ROOT.resolve("examples"));
    Path database = dir.resolve("target").resolve("examples").resolve("orders.duckdb");
    for (int i = 0; i < commands.size(); i++) {
      String command = commands.get(i);
      List<String> argv = new ArrayList<>(List.of(command.split("\\s+")));
      argv.set(0, ROOT.resolve(argv.get(0)).toString());
      Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as("%s%n%s", command, output).isZero();
      if (command.startsWith("bin/flowmat plan")) {
        assertThat(output).as(command).contains("-- nothing: the warehouse is up to date");
      } else {
        assertThat(output).as(command).contains("done in").contains("main.orders").doesNotContain("\tat ");
        assertThat(DuckDbTransactorSmokeTest.rows(database, "SELECT count(*) FROM main.orders"))
            .as(command).containsExactly(String.valueOf(reduced(EXAMPLE.resolve("orders.jsonl"), "order_id").size()));
      }
      if (command.contains("--fresh")) {
        assertThat(output).as(command).contains("--fresh: starting over, deleted orders.duckdb");
      }
      if (command.contains("--shards 2")) {
        assertThat(output).as(command).contains("over 2 shard(s)");
      }
      if (command.contains("--kill-at")) {
        assertThat(output).as(command).contains("kill(s) recovered");
      }
      if (command.equals("bin/flowmat run examples/orders") && i > 0) {
        assertThat(output).as("a second run resumes").contains("nothing new to read");
      }
    }
  }

  /**
   * One structured event per transaction and binding, with what the transaction did: a tiny example whose second
   * transaction updates one order, deletes one and inserts one; the example also requires an optional field and
   * excludes a recommended one, which the field selection (made from Validate's constraints) honours.
   */
  @Test
  void eachTransactionLogsItsStatsPerBinding() throws Exception {
    Path example = dir.resolve("tiny");
    Files.createDirectories(example);
    Files.writeString(example.resolve("catalog.json"), """
        {"collections": [{"name": "acmeCo/items", "key": ["/id"], "documents": "items.jsonl", "table": "items",
          "fields": {"require": {"_meta/flow_truncated": {}}, "exclude": ["note"]},
          "schema": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer"}, "v": {"type": "string"}, "note": {"type": "string"}}}}]}
        """);
    Files.writeString(example.resolve("items.jsonl"), String.join("\n",
        "{\"id\":1,\"v\":\"a\",\"note\":\"x\"}", "{\"id\":2,\"v\":\"a\"}", "{\"id\":3,\"v\":\"a\"}",
        "{\"id\":1,\"v\":\"b\"}", "{\"id\":2,\"_meta\":{\"op\":\"d\"}}", "{\"id\":4,\"v\":\"a\"}") + "\n");
    Path database = dir.resolve("tiny.duckdb");
    Path config = dir.resolve("config.json");
    Files.writeString(config, JSON.createObjectNode().put("database", database.toString()).put("hardDelete", true).toString());
    Result run = cli(List.of("run", example.toString(), "--config", config.toString(), "--txn-docs", "3", "-v"));
    assertThat(run.exit).as("stderr: %s", run.err).isZero();

    List<JsonNode> events = new ArrayList<>();
    for (String line : run.err.lines().toList()) {
      if (line.startsWith("  | {") && line.contains("\"transaction stats\"")) {
        events.add(JSON.readTree(line.substring(4)));
      }
    }
    assertThat(events).as("one event per transaction of the one binding: %s", run.err).hasSize(2);
    for (JsonNode e : events) {
      assertThat(e.path("level").asText()).isEqualTo("info");
      JsonNode f = e.path("fields");
      assertThat(f.path("eventType").asText()).isEqualTo("transactionStats");
      assertThat(f.path("binding").asInt()).isZero();
      assertThat(f.path("table").asText()).isEqualTo("main.items");
      assertThat(f.path("appliedNow").asBoolean()).isTrue();
      assertThat(f.path("bytesStaged").path("store").asLong()).isPositive();
      assertThat(f.path("bytesStaged").path("load").asLong()).isPositive();
      for (String phase : List.of("load", "store", "apply")) {
        assertThat(f.path("ms").path(phase).isNumber()).as("ms.%s in %s", phase, f).isTrue();
      }
    }
    JsonNode first = events.get(0).path("fields");
    assertThat(first.path("mode").asText()).isEqualTo("INSERT");
    assertThat(first.path("rows").toString()).isEqualTo("{\"inserted\":3,\"updated\":0,\"deleted\":0}");
    assertThat(first.path("load").toString()).isEqualTo("{\"keys\":3,\"found\":0}");
    JsonNode second = events.get(1).path("fields");
    assertThat(second.path("plan").asLong()).isEqualTo(first.path("plan").asLong() + 1);
    assertThat(second.path("mode").asText()).isEqualTo("MERGE");
    assertThat(second.path("rows").toString()).isEqualTo("{\"inserted\":1,\"updated\":1,\"deleted\":1}");
    assertThat(second.path("load").toString()).isEqualTo("{\"keys\":3,\"found\":2}");
    assertThat(run.out).contains("main.items").contains("4 inserted, 1 updated, 1 deleted in 2 transaction(s)");

    assertThat(DuckDbTransactorSmokeTest.rows(database, "SELECT id, v FROM main.items ORDER BY id"))
        .containsExactly("1|b", "3|a", "4|a");
    List<String> columns = DuckDbTransactorSmokeTest.rows(database,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'items'");
    assertThat(columns).contains("_meta/flow_truncated", "v", "flow_published_at", "_meta/op").doesNotContain("note");
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
