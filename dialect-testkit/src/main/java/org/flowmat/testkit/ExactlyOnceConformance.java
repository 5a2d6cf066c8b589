package org.flowmat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowmat.testkit.TestCollections.doc;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flowmat.runtime.local.ConnectorChannel;
import org.flowmat.runtime.local.KillPoint;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.LocalRuntimeException;
import org.flowmat.runtime.local.RunReport;
import org.flowmat.runtime.local.Shards;
import org.flowmat.runtime.local.Transaction;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import org.junit.jupiter.api.Test;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Exactly once, proven the hard way: the connector process is killed after every message it is sent and after every
 * response it sends, restarted with the state Flow would hand back, and the tables must equal the runtime model's
 * expectation, with no row lost or doubled, for standard and delta bindings. Also: shards on disjoint ranges with a
 * plan left pending while the other shard runs, and a zombie instance fenced off.
 */
public abstract class ExactlyOnceConformance extends ConformanceHarness {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Flow.MaterializationSpec spec(ObjectNode config) {
    return TestCollections.spec(config, List.of(
        TestCollections.binding(path("orders"), TestCollections.orders(), false, 0),
        TestCollections.binding(path("events"), TestCollections.events(), true, 0)));
  }

  /** Three transactions of inserts, updates, a hard delete and appends, over both bindings. */
  private static List<Transaction> workload() {
    return List.of(
        Transaction.of(
            new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\",\"total\":1}", "c")),
            new Transaction.Document(0, doc("{\"id\":2,\"customer\":\"bob\",\"total\":2}", "c")),
            new Transaction.Document(1, doc("{\"id\":\"e1\",\"kind\":\"open\"}", "c"))),
        Transaction.of(
            new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\",\"total\":10}", "u")),
            new Transaction.Document(0, doc("{\"id\":2,\"customer\":\"bob\"}", "d")),
            new Transaction.Document(1, doc("{\"id\":\"e1\",\"kind\":\"again\"}", "c"))),
        Transaction.of(
            new Transaction.Document(0, doc("{\"id\":3,\"customer\":\"cy\",\"total\":3}", "c")),
            new Transaction.Document(1, doc("{\"id\":\"e2\",\"kind\":\"close\"}", "c"))));
  }

  @Test
  void killedAfterEveryMessageNothingIsLostOrDoubled() throws Exception {
    // A clean run counts the messages each way.
    ObjectNode clean = config(true);
    LocalRuntime reference = LocalRuntime.builder(spec(clean), inProcess()).build();
    reference.apply();
    RunReport counts = reference.run(workload());
    assertTablesMatch(reference, spec(clean), clean, true);

    List<KillPoint> points = new ArrayList<>();
    for (long k = 1; k <= counts.messagesWritten(); k++) {
      points.add(KillPoint.afterWrite(k));
    }
    for (long k = 1; k <= counts.responsesRead(); k++) {
      points.add(KillPoint.afterRead(k));
    }
    List<String> failures = new ArrayList<>();
    int index = 0;
    for (KillPoint point : points) {
      ObjectNode config = target().endpointConfig(dir.resolve("kill-" + index++)).put("hardDelete", true);
      Flow.MaterializationSpec spec = spec(config);
      LocalRuntime rt = LocalRuntime.builder(spec, process())
          .killAt(point)
          .ackStateDurability(LocalRuntime.AckStateDurability.WITH_NEXT_COMMIT)
          .build();
      rt.apply();
      try {
        RunReport report = rt.run(workload());
        assertThat(report.kills()).as("kill %s fired", point).isEqualTo(1);
        assertTablesMatch(rt, spec, config, true);
      } catch (AssertionError | RuntimeException e) {
        failures.add(point + ": " + e.getMessage());
      }
    }
    assertThat(failures).as("kill points that lost or doubled data (of %d)", points.size()).isEmpty();
  }

  @Test
  void shardsOnDisjointRangesTakeTurnsWithAPlanLeftPending() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = spec(config);
    List<Flow.RangeSpec> halves = Shards.split(2);
    // Each shard is a runtime of its own over its own range, as Flow runs shards in separate processes.
    LocalRuntime low = LocalRuntime.builder(spec, inProcess()).ranges(List.of(halves.get(0))).maxRestarts(0)
        .killAt(KillPoint.afterRead(5)).build(); // Spec, Opened, Acknowledged, Flushed, StartedCommit
    LocalRuntime high = LocalRuntime.builder(spec, inProcess()).ranges(List.of(halves.get(1))).loadBackAtEnd(true).build();
    low.apply();
    List<Transaction> lowTxns = new ArrayList<>();
    List<Transaction> highTxns = new ArrayList<>();
    List<Transaction> all = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Transaction.Builder a = Transaction.builder();
      Transaction.Builder b = Transaction.builder();
      List<Transaction.Document> both = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        var d = doc("{\"id\":" + (t * 100 + i) + ",\"customer\":\"c\",\"total\":" + i + "}", "c");
        (Shards.contains(halves.get(0), low.extractor(0).key(d)) ? a : b).add(0, d);
        var e = doc("{\"id\":\"e" + t + "-" + i + "\",\"kind\":\"k\"}", "c");
        (Shards.contains(halves.get(0), low.extractor(1).key(e)) ? a : b).add(1, e);
        both.add(new Transaction.Document(0, d));
        both.add(new Transaction.Document(1, e));
      }
      lowTxns.add(a.build());
      highTxns.add(b.build());
      all.add(new Transaction(both));
    }
    // The low shard commits a transaction and dies before applying it: its plan is durable in its state only.
    assertThatThrownBy(() -> low.run(lowTxns.subList(0, 1))).isInstanceOf(LocalRuntimeException.class);
    assertThat(low.shards().get(0).committedTransactions()).isEqualTo(1);
    // The high shard runs its whole stream meanwhile, in the same warehouse.
    assertThat(high.run(highTxns).loadMismatches()).isEmpty();
    // The low shard comes back with its committed state: the pending plan lands once, then the rest.
    RunReport resumed = low.run(lowTxns.subList(1, lowTxns.size()));
    assertThat(resumed.loadMismatches()).isEmpty();

    // The shared warehouse holds what one clean two-shard run of the same documents holds.
    ObjectNode fresh = target().endpointConfig(dir.resolve("reference")).put("hardDelete", true);
    LocalRuntime reference = LocalRuntime.builder(spec(fresh), inProcess()).ranges(halves).build();
    reference.apply();
    reference.run(all);
    assertTablesMatch(reference, spec, config, true);
  }

  @Test
  void aZombieInstanceIsFencedOff() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = spec(config);
    LocalRuntime setup = LocalRuntime.builder(spec, inProcess()).build();
    setup.apply();
    Request open = Request.newBuilder().setOpen(Request.Open.newBuilder().setMaterialization(spec).setVersion("v1")
        .setRange(Shards.FULL).setStateJson(ByteString.copyFromUtf8("{}"))).build();
    Request probe = Request.newBuilder().setSpec(Request.Spec.newBuilder()
        .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE).setConfigJson(ByteString.copyFromUtf8("{}"))).build();
    Request ack = Request.newBuilder().setAcknowledge(Request.Acknowledge.getDefaultInstance()).build();
    Request flush = Request.newBuilder().setFlush(Request.Flush.getDefaultInstance()).build();
    var d = doc("{\"id\":\"z\",\"kind\":\"zombie\"}", "c");
    var extractor = setup.extractor(1);
    Request store = Request.newBuilder().setStore(Request.Store.newBuilder().setBinding(1)
        .setKeyPacked(ByteString.copyFrom(extractor.key(d).bytes()))
        .setValuesPacked(ByteString.copyFrom(extractor.values(d).bytes()))
        .setDocJson(ByteString.copyFromUtf8(d.toString()))).build();
    Request commit = Request.newBuilder().setStartCommit(Request.StartCommit.getDefaultInstance()).build();

    try (ConnectorChannel zombie = inProcess().start(); ConnectorChannel live = inProcess().start()) {
      // The zombie opens, stages a transaction and gets its plan committed.
      for (Request r : List.of(probe, open, ack, flush, store, commit)) {
        zombie.send(r);
      }
      Response started = expect(zombie, "spec", "opened", "acknowledged", "flushed", "startedCommit");
      String state = started.getStartedCommit().getState().getUpdatedJson().toStringUtf8();
      // Flow restarts the shard elsewhere: the new instance opens with that state and bumps the fence.
      live.send(probe);
      live.send(open.toBuilder().setOpen(open.getOpen().toBuilder().setStateJson(ByteString.copyFromUtf8(state))).build());
      expect(live, "spec", "opened");
      // The zombie's Acknowledge must not apply anything: it fails, fenced off.
      zombie.send(ack);
      zombie.closeInput();
      assertThat(zombie.awaitExit(TIMEOUT)).isEqualTo(1);
      // The live instance applies the plan exactly once.
      live.send(ack);
      expect(live, "acknowledged");
      live.closeInput();
      assertThat(live.awaitExit(TIMEOUT)).isZero();
    }
    assertThat(target().documents(config, path("events"))).extracting(n -> n.path("kind").asText()).containsExactly("zombie");
  }

  /**
   * A dialect that declares it lacks concurrent writers must fail the second writer cleanly while the first holds
   * the warehouse: exit 1, its last log line naming the lock, and the first writer unharmed.
   */
  @Test
  void aDeclaredLackOfConcurrentWritersFailsTheSecondWriterCleanly() throws Exception {
    assumeTrue(target().lacks().contains(Capability.CONCURRENT_WRITERS), "the dialect supports concurrent writers");
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = spec(config);
    LocalRuntime setup = LocalRuntime.builder(spec, inProcess()).build();
    setup.apply();
    Request probe = Request.newBuilder().setSpec(Request.Spec.newBuilder()
        .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE).setConfigJson(ByteString.copyFromUtf8("{}"))).build();
    Request open = Request.newBuilder().setOpen(Request.Open.newBuilder().setMaterialization(spec).setVersion("v1")
        .setRange(Shards.FULL).setStateJson(ByteString.copyFromUtf8("{}"))).build();
    Request ack = Request.newBuilder().setAcknowledge(Request.Acknowledge.getDefaultInstance()).build();
    try (ConnectorChannel one = process().start(); ConnectorChannel two = process().start()) {
      one.send(probe);
      one.send(open);
      expect(one, "spec", "opened");
      two.send(probe);
      two.send(open);
      two.closeInput();
      assertThat(two.awaitExit(TIMEOUT)).as("exit code of the second writer").isEqualTo(1);
      String last = two.stderr().get(two.stderr().size() - 1);
      assertThat(last).as("last log line of the second writer").containsIgnoringCase("lock").contains("\"error\"");
      // The first writer still works: its Acknowledge is answered and it ends cleanly.
      one.send(ack);
      expect(one, "acknowledged");
      one.closeInput();
      assertThat(one.awaitExit(TIMEOUT)).as("exit code of the first writer").isZero();
    }
  }

  /**
   * A dialect that does not declare the lack must take two shards writing at the same time, each in its own
   * connector process, and end with exactly what one run of both shards holds.
   */
  @Test
  void concurrentWritersOnDisjointRangesBothLand() throws Exception {
    assumeFalse(target().lacks().contains(Capability.CONCURRENT_WRITERS), "the dialect declares it lacks concurrent writers");
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = spec(config);
    List<Flow.RangeSpec> halves = Shards.split(2);
    LocalRuntime low = LocalRuntime.builder(spec, process()).ranges(List.of(halves.get(0))).loadBackAtEnd(true).build();
    LocalRuntime high = LocalRuntime.builder(spec, process()).ranges(List.of(halves.get(1))).loadBackAtEnd(true).build();
    low.apply();
    List<Transaction> lowTxns = new ArrayList<>();
    List<Transaction> highTxns = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Transaction.Builder a = Transaction.builder();
      Transaction.Builder b = Transaction.builder();
      for (int i = 0; i < 20; i++) {
        var d = doc("{\"id\":" + (t * 100 + i % 10) + ",\"customer\":\"c" + t + "\",\"total\":" + i + "}", t == 0 ? "c" : "u");
        (Shards.contains(halves.get(0), low.extractor(0).key(d)) ? a : b).add(0, d);
      }
      lowTxns.add(a.build());
      highTxns.add(b.build());
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<RunReport> lowRun = pool.submit(() -> low.run(lowTxns));
      Future<RunReport> highRun = pool.submit(() -> high.run(highTxns));
      assertThat(lowRun.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).loadMismatches()).isEmpty();
      assertThat(highRun.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).loadMismatches()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
    // Ten ids per transaction, updated twice within it: thirty rows, each with its transaction's customer.
    assertThat(target().documents(config, path("orders")))
        .extracting(d -> d.path("id").asLong() / 100 + ":" + d.path("customer").asText())
        .hasSize(30).allSatisfy(s -> assertThat(s.split(":")[1]).isEqualTo("c" + s.split(":")[0]));
  }

  /** Reads responses of the given kinds in order and returns the last. */
  private static Response expect(ConnectorChannel channel, String... kinds) throws Exception {
    Response last = null;
    for (String kind : kinds) {
      last = channel.receive(TIMEOUT);
      assertThat(last).as("response %s", kind).isNotNull();
      assertThat(last.getAllFields().keySet().iterator().next().getJsonName()).isEqualTo(kind);
    }
    return last;
  }
}
