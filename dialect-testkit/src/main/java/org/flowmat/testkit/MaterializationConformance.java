package org.flowmat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.flowmat.testkit.TestCollections.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.LocalRuntimeException;
import org.flowmat.runtime.local.RunReport;
import org.flowmat.runtime.local.Transaction;
import org.flowmat.runtime.proto.Flow;
import org.junit.jupiter.api.Test;

/**
 * What every dialect must materialize correctly, driven through the real protocol by the local runtime model:
 * standard and delta updates, several bindings per transaction, every type, 16 MiB documents, hostile names, a
 * schema change mid-stream and a backfill. A dialect module runs it with a three-line subclass.
 *
 * <p>It also proves the coarse lacks of a dialect under construction ({@link Capability#APPLY},
 * {@link Capability#STORE}): what it declares it cannot do must fail with the connector's error, and Apply without
 * STORE must still create every table empty.
 */
public abstract class MaterializationConformance extends ConformanceHarness {

  private LocalRuntime runtime(Flow.MaterializationSpec spec) {
    return LocalRuntime.builder(spec, inProcess()).loadBackAtEnd(true).build();
  }

  @Test
  void standardUpdatesInsertUpdateAndHardDelete() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), TestCollections.orders(), false, 0)));
    LocalRuntime rt = runtime(spec);
    rt.apply();
    RunReport report = rt.run(List.of(
        Transaction.of(
            new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\",\"total\":10.5,\"status\":\"new\"}", "c")),
            new Transaction.Document(0, doc("{\"id\":2,\"customer\":\"bob\",\"total\":3}", "c")),
            new Transaction.Document(0, doc("{\"id\":3,\"customer\":\"cy\",\"total\":null}", "c"))),
        Transaction.of(
            new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\",\"total\":11,\"status\":\"paid\"}", "u")),
            new Transaction.Document(0, doc("{\"id\":2,\"customer\":\"bob\"}", "d")),
            new Transaction.Document(0, doc("{\"id\":4,\"customer\":\"dee\",\"total\":1}", "c")))));
    assertThat(report.loadMismatches()).isEmpty();
    assertTablesMatch(rt, spec, config, true);
    assertThat(target().documents(config, path("orders"))).hasSize(3);
    assertThat(report.loadedBack().get(0)).hasSize(3);
  }

  @Test
  void softDeleteKeepsTheRowMarkedDeleted() throws Exception {
    ObjectNode config = config(false);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), TestCollections.orders(), false, 0)));
    LocalRuntime rt = runtime(spec);
    rt.apply();
    rt.run(List.of(
        Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\"}", "c")),
            new Transaction.Document(0, doc("{\"id\":2,\"customer\":\"bob\"}", "c"))),
        Transaction.of(new Transaction.Document(0, doc("{\"id\":2,\"customer\":\"bob\"}", "d")))));
    assertTablesMatch(rt, spec, config, false);
    List<JsonNode> rows = target().documents(config, path("orders"));
    assertThat(rows).hasSize(2);
    assertThat(rows).filteredOn(d -> d.path("id").asInt() == 2).singleElement()
        .satisfies(d -> assertThat(d.path("_meta").path("op").asText()).isEqualTo("d"));
  }

  @Test
  void deltaUpdatesAppendEveryDocument() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(TestCollections.binding(path("events"), TestCollections.events(), true, 0)));
    LocalRuntime rt = runtime(spec);
    rt.apply();
    rt.run(List.of(
        Transaction.of(new Transaction.Document(0, doc("{\"id\":\"a\",\"kind\":\"click\"}", "c")),
            new Transaction.Document(0, doc("{\"id\":\"b\",\"kind\":\"view\"}", "c"))),
        Transaction.of(new Transaction.Document(0, doc("{\"id\":\"a\",\"kind\":\"buy\"}", "c")))));
    assertTablesMatch(rt, spec, config, true);
    assertThat(target().documents(config, path("events"))).hasSize(3);
  }

  @Test
  void severalBindingsInOneTransaction() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(
        TestCollections.binding(path("orders"), TestCollections.orders(), false, 0),
        TestCollections.binding(path("events"), TestCollections.events(), true, 0),
        TestCollections.binding(path("orders_copy"), TestCollections.orders(), false, 0)));
    LocalRuntime rt = runtime(spec);
    rt.apply();
    List<Transaction> txns = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Transaction.Builder b = Transaction.builder();
      for (int i = 0; i < 5; i++) {
        b.add(0, doc("{\"id\":" + (t * 3 + i) + ",\"customer\":\"c" + t + "\",\"total\":" + i + "}", "c"));
        b.add(1, doc("{\"id\":\"e" + t + "-" + i + "\",\"kind\":\"k\"}", "c"));
        b.add(2, doc("{\"id\":" + i + ",\"customer\":\"t" + t + "\"}", "c"));
      }
      txns.add(b.build());
    }
    RunReport report = rt.run(txns);
    assertThat(report.loadMismatches()).isEmpty();
    assertTablesMatch(rt, spec, config, true);
  }

  @Test
  void everyTypeRoundTrips() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(TestCollections.binding(path("all_types"), TestCollections.allTypes(), false, 0)));
    LocalRuntime rt = runtime(spec);
    rt.apply();
    String full = "{\"id\":1,\"b\":true,\"i\":-9007199254740993,\"n\":3.25,\"s\":\"snow ☃\",\"d\":\"2024-02-29\","
        + "\"ts\":\"2024-01-02T03:04:05.123456Z\",\"t\":\"12:34:56\",\"u\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\","
        + "\"si\":\"12345678901234567890\",\"sn\":\"1.5\",\"bin\":\"aGVsbG8=\",\"o\":{\"z\":[1,{\"y\":null}]},"
        + "\"a\":[1,\"two\",3.5],\"m\":\"text\",\"nested\":{\"x\":7}}";
    RunReport report = rt.run(List.of(Transaction.of(
        new Transaction.Document(0, doc(full, "c")),
        new Transaction.Document(0, doc("{\"id\":2,\"m\":42}", "c")),
        new Transaction.Document(0, doc("{\"id\":3}", "c")))));
    assertThat(report.loadMismatches()).isEmpty();
    assertThat(report.loadedBack().get(0)).hasSize(3);
    assertTablesMatch(rt, spec, config, true);
    Map<String, String> row = target().rows(config, path("all_types")).stream()
        .filter(r -> "1".equals(r.get("id"))).findFirst().orElseThrow();
    assertThat(row.get("b")).isIn("true", "TRUE", "1");
    assertThat(row.get("i")).isEqualTo("-9007199254740993");
    assertThat(Double.parseDouble(row.get("n"))).isEqualTo(3.25);
    assertThat(row.get("s")).isEqualTo("snow ☃");
    assertThat(row.get("d")).isEqualTo("2024-02-29");
    assertThat(row.get("ts")).startsWith("2024-01-02").contains("03:04:05.123456");
    assertThat(row.get("t")).startsWith("12:34:56");
    assertThat(row.get("u")).isEqualToIgnoringCase("3fa85f64-5717-4562-b3fc-2c963f66afa6");
    assertThat(row.get("si")).isEqualTo("12345678901234567890");
    assertThat(Double.parseDouble(row.get("sn"))).isEqualTo(1.5);
    assertThat(row.get("nested/x")).isEqualTo("7");
    assertThat(TestCollections.JSON.readTree(row.get("o"))).isEqualTo(TestCollections.JSON.readTree("{\"z\":[1,{\"y\":null}]}"));
    assertThat(TestCollections.JSON.readTree(row.get("a"))).isEqualTo(TestCollections.JSON.readTree("[1,\"two\",3.5]"));
    Map<String, String> sparse = target().rows(config, path("all_types")).stream()
        .filter(r -> "3".equals(r.get("id"))).findFirst().orElseThrow();
    assertThat(sparse.get("s")).isNull();
    assertThat(sparse.get("o")).isNull();
  }

  @Test
  void sixteenMebibyteDocuments() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), TestCollections.orders(), false, 0)));
    LocalRuntime rt = runtime(spec);
    rt.apply();
    String big = "x".repeat(16 << 20);
    RunReport report = rt.run(List.of(
        Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"" + big + "\"}", "c"))),
        Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"" + big + "y\"}", "u")))));
    assertThat(report.loadMismatches()).isEmpty();
    List<JsonNode> rows = target().documents(config, path("orders"));
    assertThat(rows).singleElement().satisfies(d -> assertThat(d.path("customer").asText()).hasSize((16 << 20) + 1));
  }

  @Test
  void hostileNamesAreMaterializedVerbatim() throws Exception {
    ObjectNode config = config(true);
    List<String> table = path("weird \"table\"; DROP TABLE x; --");
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(TestCollections.binding(table, TestCollections.hostile(), false, 0)));
    LocalRuntime rt = runtime(spec);
    rt.apply();
    RunReport report = rt.run(List.of(Transaction.of(
        new Transaction.Document(0, doc("{\"\\\"k\\\"\":\"a'b\\\"c\",\"select\":\"s\",\"with space\":1,\"u\":\"名前\",\"semi\":\"x\",\"1leading\":true}", "c")),
        new Transaction.Document(0, doc("{\"\\\"k\\\"\":\"--\"}", "c")))));
    assertThat(report.loadMismatches()).isEmpty();
    assertTablesMatch(rt, spec, config, true);
    Map<String, String> row = target().rows(config, table).stream().filter(r -> "a'b\"c".equals(r.get("\"k\""))).findFirst().orElseThrow();
    assertThat(row).containsEntry("select", "s").containsEntry("with space", "1").containsEntry("ünïcødé 名前", "名前");
  }

  @Test
  void aSchemaChangeMidStreamAddsTheColumn() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec v1 = TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), TestCollections.orders(), false, 0)));
    LocalRuntime rt1 = runtime(v1);
    rt1.apply();
    rt1.run(List.of(Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\",\"total\":1}", "c")))));

    List<Flow.Projection> fields = new ArrayList<>(TestCollections.orders().getProjectionsList());
    fields.removeIf(p -> p.getField().equals("flow_document") || p.getField().equals("flow_published_at") || p.getField().equals("_meta/op"));
    fields.add(TestCollections.field("coupon", "/coupon", false, false, "", "string"));
    Flow.CollectionSpec orders2 = TestCollections.collection("acmeCo/orders", List.of("/id"), fields);
    Flow.MaterializationSpec v2 = TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), orders2, false, 0)));
    // Flow applies the new spec; the previous one is the last applied.
    LocalRuntime rt2 = LocalRuntime.builder(v2, inProcess()).loadBackAtEnd(true).lastApplied(v1).build();
    String sql = String.join("\n", rt2.apply());
    assertThat(sql).containsIgnoringCase("coupon");
    // A new runtime model knows nothing of the first's documents: the row of id 1 is found by Load, not expected.
    rt2.run(List.of(Transaction.of(
        new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\",\"total\":2,\"coupon\":\"SAVE\"}", "u")),
        new Transaction.Document(0, doc("{\"id\":2,\"customer\":\"bob\",\"coupon\":\"NEW\"}", "c")))));
    List<Map<String, String>> rows = target().rows(config, path("orders"));
    assertThat(rows).extracting(r -> r.get("id") + ":" + r.get("coupon") + ":" + r.get("customer"))
        .containsExactlyInAnyOrder("1:SAVE:ada", "2:NEW:bob");
  }

  @Test
  void backfillReplacesTheTablesContent() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec v1 = TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), TestCollections.orders(), false, 0)));
    LocalRuntime rt1 = runtime(v1);
    rt1.apply();
    rt1.run(List.of(Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"old\"}", "c")),
        new Transaction.Document(0, doc("{\"id\":2,\"customer\":\"old\"}", "c")))));

    Flow.MaterializationSpec v2 = TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), TestCollections.orders(), false, 1)));
    LocalRuntime rt2 = LocalRuntime.builder(v2, inProcess()).loadBackAtEnd(true).lastApplied(v1).build();
    rt2.apply();
    rt2.run(List.of(Transaction.of(new Transaction.Document(0, doc("{\"id\":3,\"customer\":\"new\"}", "c")))));
    assertTablesMatch(rt2, v2, config, true);
    assertThat(target().documents(config, path("orders"))).extracting(d -> d.path("customer").asText()).containsExactly("new");
  }

  /**
   * A dialect that declares it cannot Apply answers Spec, then ends Apply with its error instead of Applied: neither
   * a pretended success nor a hang (which the runtime reports as a timeout).
   */
  @Test
  @Needs({})
  void aDeclaredLackOfApplyEndsApplyWithAnError() throws Exception {
    assumeTrue(target().lacks().contains(Capability.APPLY), () -> target().connector() + " can Apply");
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), TestCollections.orders(), false, 0)));
    assertThatThrownBy(() -> runtime(spec).apply())
        .as("Apply of %s, which declares it lacks APPLY", target().connector())
        .isInstanceOf(LocalRuntimeException.class)
        .hasMessageContaining("expected Applied after Apply, but read EOF");
  }

  /**
   * A dialect that can Apply but declares it cannot store fails its first session with an error and leaves the
   * table, which Apply created, empty: nothing half-stored.
   */
  @Test
  @Needs(Capability.APPLY)
  void aDeclaredLackOfStoreFailsTheFirstTransactionAndStoresNothing() throws Exception {
    assumeTrue(lacks(Capability.STORE), () -> target().connector() + " stores");
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), TestCollections.orders(), false, 0)));
    LocalRuntime rt = LocalRuntime.builder(spec, inProcess()).maxRestarts(0).build();
    rt.apply();
    assertThatThrownBy(() -> rt.run(List.of(Transaction.of(
        new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\"}", "c"))))))
        .as("a transaction of %s, which declares it lacks STORE", target().connector())
        .isInstanceOf(LocalRuntimeException.class);
    assertThat(target().rows(config, path("orders"))).as("rows after the failed transaction").isEmpty();
  }

  /** Apply alone creates every binding's table, empty and readable: the first milestone of a new dialect. */
  @Test
  @Needs(Capability.APPLY)
  void applyCreatesEveryBindingsTableEmpty() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(
        TestCollections.binding(path("orders"), TestCollections.orders(), false, 0),
        TestCollections.binding(path("events"), TestCollections.events(), true, 0)));
    List<String> actions = runtime(spec).apply();
    assertThat(actions).isNotEmpty();
    assertThat(target().rows(config, path("orders"))).isEmpty();
    assertThat(target().rows(config, path("events"))).isEmpty();
  }

  /** Packed keys of documents, for tests that compare by key. */
  protected static PackedTuple key(LocalRuntime rt, int binding, JsonNode doc) {
    return rt.extractor(binding).key(doc);
  }
}
