package org.flowmat.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.core.tuple.TupleValue;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.proto.Materialize.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime model against the test-only memory connector, in-process and as a child process, in both codecs:
 * three transactions of inserts, updates and deletes; the model's expected content equals what the connector
 * returns on Load afterwards, and the wire order is Flow's.
 */
class LocalRuntimeTest {
  static Stream<Arguments> connectors() {
    return Stream.of(Codec.PROTO, Codec.JSON)
        .flatMap(
            codec ->
                Stream.of(
                    Arguments.of("in-process " + codec, InProcessChannel.launcher(codec, "--connector", "memory")),
                    Arguments.of(
                        "process " + codec,
                        ProcessChannel.factory(
                            ConnectorRun.javaCommand("--connector", "memory"), Map.of(), codec, Path.of(".")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectors")
  void expectedContentEqualsWhatTheConnectorLoadsBack(String name, ConnectorChannel.Factory connector) {
    LocalRuntime rt = Fixtures.runtime("{}", connector).loadBackAtEnd(true).recordTranscript(true).build();
    RunReport report = rt.run(Fixtures.workload());

    assertThat(report.sessions()).isEqualTo(1);
    assertThat(report.kills()).isZero();
    assertThat(report.committedTransactions()).isEqualTo(4); // three, and the load-back
    assertThat(report.loadMismatches()).isEmpty();
    ExpectedContent expected = rt.expected();
    assertExpectedWorkloadContent(expected);
    for (int b = 0; b < 2; b++) {
      assertThat(expected.differences(b, report.loadedBack().getOrDefault(b, Map.of()))).isEmpty();
    }
    assertThat(report.loadedBack().get(0)).hasSize(2);
    assertThat(report.loadedBack().get(1)).hasSize(2);
  }

  /** What the workload leaves, computed by hand. */
  static void assertExpectedWorkloadContent(ExpectedContent expected) {
    assertThat(expected.table(0).keySet()).containsExactly(key(1), key(2)); // 3 was deleted, 1 deleted and re-inserted
    assertThat(withoutMeta(expected.get(0, key(1))))
        .isEqualTo(Fixtures.tree("{\"id\":1,\"total\":99,\"customer\":{\"name\":\"bob\"}}"));
    assertThat(withoutMeta(expected.get(0, key(2))))
        .isEqualTo(Fixtures.tree("{\"id\":2,\"total\":4,\"tags\":[\"a\"],\"status\":\"open\"}"));
    assertThat(withoutMeta(expected.get(1, profileKey("u1", 1))))
        .isEqualTo(Fixtures.tree("{\"user\":\"u1\",\"region\":1,\"name\":\"A\",\"prefs\":{\"x\":1,\"y\":2}}"));
    assertThat(withoutMeta(expected.get(1, profileKey("u2", 2))))
        .isEqualTo(Fixtures.tree("{\"user\":\"u2\",\"region\":2,\"name\":\"B2\",\"prefs\":{\"z\":[1,2]}}"));
    assertThat(expected.deltaRows(2).stream().map(LocalRuntimeTest::withoutMeta).toList())
        .containsExactly(
            Fixtures.tree("{\"id\":1,\"what\":\"created\"}"),
            Fixtures.tree("{\"id\":2,\"what\":\"paid\"}"),
            Fixtures.tree("{\"id\":1,\"what\":\"shipped\"}")); // reduced within its transaction
    assertThat(expected.size()).isEqualTo(7);
  }

  @Test
  void speaksFlowsOrderWithPipelinedLoadsAndFlowsStoreFlags() {
    LocalRuntime rt =
        Fixtures.runtime("{}", InProcessChannel.launcher(Codec.PROTO, "--connector", "memory"))
            .recordTranscript(true)
            .build();
    RunReport report = rt.run(Fixtures.workload());
    List<String> kinds =
        report.transcript().stream()
            .map(e -> e.type() + (e.message() == null ? "" : " " + LocalRuntime.kindOf(e.message())))
            .toList();
    assertThat(kinds.subList(0, 21))
        .containsExactly(
            "STARTED",
            "SENT Spec",
            "RECEIVED Spec",
            "SENT Open",
            "RECEIVED Opened",
            "SENT Acknowledge",
            "SENT Load", // orders 1, written before Acknowledged arrived
            "SENT Load", // orders 2 (orders 1 again is not loaded twice)
            "SENT Load", // profiles u1; events is delta-updates: no Load
            "RECEIVED Acknowledged",
            "SENT Flush",
            "RECEIVED Flushed", // nothing to load yet
            "SENT Store",
            "SENT Store",
            "SENT Store",
            "SENT Store",
            "SENT StartCommit",
            "RECEIVED StartedCommit",
            "COMMITTED",
            "SENT Acknowledge",
            "SENT Load");
    assertThat(kinds.subList(kinds.size() - 4, kinds.size()))
        .containsExactly("COMMITTED", "SENT Acknowledge", "RECEIVED Acknowledged", "EXITED");

    List<List<Request.Store>> stores = Transcripts.storesPerTransaction(report.transcript());
    assertThat(stores).hasSize(3);
    // Transaction 2: orders 1 deleted (known), 2 updated (loaded), 3 new; profiles u1 merged, u2 new; one event.
    Map<String, Request.Store> t2 = byKey(stores.get(1));
    assertThat(t2.get("0 " + key(1).decode())).satisfies(s -> assertThat(s.getDelete() && s.getExists()).isTrue());
    assertThat(t2.get("0 " + key(2).decode()).getExists()).isTrue();
    assertThat(t2.get("0 " + key(3).decode()).getExists()).isFalse();
    assertThat(t2.get("1 " + profileKey("u1", 1).decode()).getExists()).isTrue();
    assertThat(t2.get("1 " + profileKey("u2", 2).decode()).getExists()).isFalse();
    assertThat(stores.get(1).stream().filter(s -> s.getBinding() == 2).toList())
        .singleElement()
        .satisfies(s -> assertThat(s.getExists()).isFalse());
    // The merged profile is reduced over what Loaded returned.
    JsonNode merged = DocumentExtractor.parse(t2.get("1 " + profileKey("u1", 1).decode()).getDocJson().toByteArray());
    assertThat(merged.path("prefs")).isEqualTo(Fixtures.tree("{\"x\":1,\"y\":2}"));
    assertThat(PackedTuple.of(t2.get("1 " + profileKey("u1", 1).decode()).getValuesPacked().toByteArray()).decode())
        .containsExactly(new TupleValue.Str("A"), new TupleValue.Json("{\"x\":1,\"y\":2}"));
    // Transaction 3: orders 1 re-inserted after its delete is not known to exist; 3 is deleted.
    Map<String, Request.Store> t3 = byKey(stores.get(2));
    assertThat(t3.get("0 " + key(1).decode()).getExists()).isFalse();
    assertThat(t3.get("0 " + key(1).decode()).getDelete()).isFalse();
    assertThat(t3.get("0 " + key(3).decode()).getDelete()).isTrue();
    // Stores go in binding, then key order.
    assertThat(stores.get(1).stream().map(Request.Store::getBinding).toList()).isSorted();

    // Checkpoints: read-through counts per journal, cumulative.
    assertThat(Transcripts.startCommitCheckpoints(report.transcript()).get(2).getSourcesMap())
        .containsOnlyKeys(
            "acmeCo/orders/pivot=00;materialize/acmeCo/local/orders.v0",
            "acmeCo/profiles/pivot=00;materialize/acmeCo/local/profiles.v0",
            "acmeCo/events/pivot=00;materialize/acmeCo/local/events.v0")
        .hasEntrySatisfying(
            "acmeCo/orders/pivot=00;materialize/acmeCo/local/orders.v0",
            s -> assertThat(s.getReadThrough()).isEqualTo(8)); // 3 + 3 + 2 documents
    // The memory connector's plans are in the committed state until the next Acknowledge clears them.
    assertThat(rt.shards().get(0).state()).isEqualTo(Fixtures.tree("{}"));
  }

  @Test
  void runsApplyAndContinuesAcrossRuns() {
    LocalRuntime rt =
        Fixtures.runtime("{}", InProcessChannel.launcher(Codec.JSON, "--connector", "memory")).build();
    assertThat(rt.apply()).containsExactly("create table orders\ncreate table profiles\ncreate table events");
    List<Transaction> work = Fixtures.workload();
    rt.run(work.subList(0, 2));
    RunReport second = rt.run(work.subList(2, 3));
    assertThat(second.committedTransactions()).isEqualTo(1);
    assertExpectedWorkloadContent(rt.expected());
    assertThat(rt.shards().get(0).committedTransactions()).isEqualTo(3);
    assertThat(rt.shards().get(0).sessions()).isEqualTo(2);
  }

  static Map<String, Request.Store> byKey(List<Request.Store> stores) {
    Map<String, Request.Store> out = new java.util.HashMap<>();
    stores.forEach(s -> out.put(s.getBinding() + " " + PackedTuple.of(s.getKeyPacked().toByteArray()).decode(), s));
    return out;
  }

  static PackedTuple key(long id) {
    return PackedTuple.pack(TupleValue.Int.of(id));
  }

  static PackedTuple profileKey(String user, long region) {
    return PackedTuple.pack(new TupleValue.Str(user), TupleValue.Int.of(region));
  }

  static JsonNode withoutMeta(JsonNode doc) {
    if (doc == null) {
      return null;
    }
    ObjectNode copy = doc.deepCopy();
    copy.remove("_meta");
    return copy;
  }
}
