package org.flowmat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowmat.testkit.TestCollections.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.local.ExpectedContent;
import org.flowmat.runtime.local.KillPoint;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.LocalRuntimeException;
import org.flowmat.runtime.local.Shards;
import org.flowmat.runtime.local.Transaction;
import org.flowmat.runtime.proto.Flow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Staged rows belong to one task and one shard. Two writers share one warehouse while one of them has a committed
 * plan pending (its rows staged, not yet applied): two materializations (different task names, same key_begin and
 * binding indexes, same plan ids), and a split child whose range shares its parent's key_begin. Each writer's
 * recovery must apply its own rows, never the other's, in every order of commit and recovery; the tables are then
 * compared with the runtime model.
 */
public abstract class StagingIsolationConformance extends ConformanceHarness {
  /** Parent {@code 00000000-ffffffff} and its low child {@code 00000000-7fffffff}: the same key_begin. */
  private static final Flow.RangeSpec PARENT = Shards.FULL;
  private static final Flow.RangeSpec CHILD = Shards.range(0, 0x7FFF_FFFFL);

  /** What happens after the first writer committed a plan and died before applying it. */
  enum Order {
    /** The second writer runs its whole stream (commits and applies); then the first recovers. */
    SECOND_RUNS_THROUGH_THEN_FIRST_RECOVERS,
    /** The second writer also commits and dies; the first recovers, then the second. */
    BOTH_PENDING_FIRST_RECOVERS_FIRST,
    /** The second writer also commits and dies; the second recovers, then the first. */
    BOTH_PENDING_SECOND_RECOVERS_FIRST
  }

  static Stream<Arguments> orders() {
    List<Arguments> out = new ArrayList<>();
    for (Order order : Order.values()) {
      out.add(Arguments.of(order, true));
      out.add(Arguments.of(order, false));
    }
    return out.stream();
  }

  private Flow.MaterializationSpec spec(ObjectNode config, String name, String tablePrefix) {
    return TestCollections.spec(config, List.of(
            TestCollections.binding(path(tablePrefix + "orders"), TestCollections.orders(), false, 0),
            TestCollections.binding(path(tablePrefix + "events"), TestCollections.events(), true, 0)))
        .toBuilder().setName(name).build();
  }

  /** A writer that is killed right after its first StartedCommit: its plan is committed but not applied. */
  private static LocalRuntime dying(Flow.MaterializationSpec spec, Flow.RangeSpec range, ConformanceHarness h) {
    return LocalRuntime.builder(spec, h.inProcess()).ranges(List.of(range)).maxRestarts(0)
        .killAt(KillPoint.afterRead(5)) // Spec, Opened, Acknowledged, Flushed, StartedCommit
        .build();
  }

  @ParameterizedTest(name = "{0}, first writer is {1}")
  @MethodSource("orders")
  void twoMaterializationsOnOneDatabase(Order order, boolean aFirst) throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec a = spec(config, "acmeCo/staging/a", "a_");
    Flow.MaterializationSpec b = spec(config, "acmeCo/staging/b", "b_");
    Writer wa = new Writer(a, PARENT, "ada", 0);
    Writer wb = new Writer(b, PARENT, "bob", 0); // the same keys as a's: only the customer tells them apart
    play(order, aFirst ? wa : wb, aFirst ? wb : wa, () -> {
      wa.runtime.apply();
      wb.runtime.apply();
    });
    assertTablesMatch(wa.runtime, a, config, true);
    assertTablesMatch(wb.runtime, b, config, true);
  }

  @ParameterizedTest(name = "{0}, first writer is the parent: {1}")
  @MethodSource("orders")
  void splitChildCommitsWhileItsParentsPlanIsPending(Order order, boolean parentFirst) throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = spec(config, "acmeCo/staging/split", "");
    Writer parent = new Writer(spec, PARENT, "parent", 1000);
    Writer child = new Writer(spec, CHILD, "child", 5000);
    play(order, parentFirst ? parent : child, parentFirst ? child : parent, () -> parent.runtime.apply());
    assertTablesHold(spec, config, List.of(parent.runtime, child.runtime));
  }

  private void play(Order order, Writer first, Writer second, Runnable apply) {
    first.build(this, true);
    second.build(this, order != Order.SECOND_RUNS_THROUGH_THEN_FIRST_RECOVERS);
    apply.run();
    first.commitAndDie();
    switch (order) {
      case SECOND_RUNS_THROUGH_THEN_FIRST_RECOVERS -> {
        second.runAll();
        first.recover();
      }
      case BOTH_PENDING_FIRST_RECOVERS_FIRST -> {
        second.commitAndDie();
        first.recover();
        second.recover();
      }
      case BOTH_PENDING_SECOND_RECOVERS_FIRST -> {
        second.commitAndDie();
        second.recover();
        first.recover();
      }
    }
  }

  /** One task or shard: its runtime (dying after its first commit, or not) and three transactions over its keys. */
  private static final class Writer {
    final Flow.MaterializationSpec spec;
    final Flow.RangeSpec range;
    final String customer;
    final int idBase;
    LocalRuntime runtime;
    List<Transaction> transactions;

    Writer(Flow.MaterializationSpec spec, Flow.RangeSpec range, String customer, int idBase) {
      this.spec = spec;
      this.range = range;
      this.customer = customer;
      this.idBase = idBase;
    }

    void build(ConformanceHarness h, boolean dies) {
      runtime = dies ? dying(spec, range, h) : LocalRuntime.builder(spec, h.inProcess()).ranges(List.of(range))
          .loadBackAtEnd(true).build();
      transactions = workload(runtime, range, customer, idBase);
    }

    void commitAndDie() {
      assertThatThrownBy(() -> runtime.run(transactions.subList(0, 1))).isInstanceOf(LocalRuntimeException.class);
      assertThat(runtime.shards().get(0).committedTransactions()).as("%s committed its first transaction", customer)
          .isEqualTo(1);
    }

    void recover() {
      assertThat(runtime.run(transactions.subList(1, transactions.size())).loadMismatches())
          .as("loads of %s after its recovery", customer).isEmpty();
    }

    void runAll() {
      assertThat(runtime.run(transactions).loadMismatches()).as("loads of %s", customer).isEmpty();
    }
  }

  /**
   * Three transactions whose keys all fall in {@code range}: creates, then updates of earlier keys (merges), a hard
   * delete and more creates, then creates and an update; appends to the delta binding throughout.
   */
  static List<Transaction> workload(LocalRuntime rt, Flow.RangeSpec range, String customer, int idBase) {
    List<Integer> ids = new ArrayList<>();
    for (int id = idBase; ids.size() < 16; id++) {
      if (Shards.contains(range, rt.extractor(0).key(doc("{\"id\":" + id + "}", "c")))) {
        ids.add(id);
      }
    }
    List<String> events = new ArrayList<>();
    for (int n = 0; events.size() < 12; n++) {
      String id = customer + "-" + n;
      if (Shards.contains(range, rt.extractor(1).key(doc("{\"id\":\"" + id + "\"}", "c")))) {
        events.add(id);
      }
    }
    Function<Integer, String> order = total -> ",\"customer\":\"" + customer + "\",\"total\":" + total + "}";
    List<Transaction> out = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Transaction.Builder txn = Transaction.builder();
      if (t == 0) {
        for (int i = 0; i < 8; i++) {
          txn.add(0, doc("{\"id\":" + ids.get(i) + order.apply(i), "c"));
        }
      } else if (t == 1) {
        for (int i = 0; i < 4; i++) {
          txn.add(0, doc("{\"id\":" + ids.get(i) + order.apply(100 + i), "u"));
        }
        txn.add(0, doc("{\"id\":" + ids.get(4) + ",\"customer\":\"" + customer + "\"}", "d"));
        for (int i = 8; i < 12; i++) {
          txn.add(0, doc("{\"id\":" + ids.get(i) + order.apply(i), "c"));
        }
      } else {
        for (int i = 12; i < 16; i++) {
          txn.add(0, doc("{\"id\":" + ids.get(i) + order.apply(i), "c"));
        }
        txn.add(0, doc("{\"id\":" + ids.get(0) + order.apply(200), "u"));
      }
      for (int i = t * 4; i < t * 4 + 4; i++) {
        txn.add(1, doc("{\"id\":\"" + events.get(i) + "\",\"kind\":\"" + customer + "\"}", "c"));
      }
      out.add(txn.build());
    }
    return out;
  }

  /** The tables hold the union of what several writers of the same bindings (disjoint keys) committed. */
  private void assertTablesHold(Flow.MaterializationSpec spec, ObjectNode config, List<LocalRuntime> writers)
      throws Exception {
    for (int b = 0; b < spec.getBindingsCount(); b++) {
      List<String> resourcePath = spec.getBindings(b).getResourcePathList();
      List<JsonNode> stored = target().documents(config, resourcePath);
      if (writers.get(0).isDeltaUpdates(b)) {
        List<JsonNode> expected = new ArrayList<>();
        for (LocalRuntime w : writers) {
          expected.addAll(w.expected().deltaRows(b));
        }
        assertThat(canonicalSorted(stored)).as("rows of delta binding %s", resourcePath)
            .isEqualTo(canonicalSorted(expected));
        continue;
      }
      Map<PackedTuple, JsonNode> expected = new HashMap<>();
      for (LocalRuntime w : writers) {
        ExpectedContent content = w.expected();
        expected.putAll(content.table(b));
      }
      Map<PackedTuple, JsonNode> actual = new LinkedHashMap<>();
      for (JsonNode doc : stored) {
        assertThat(actual.put(writers.get(0).extractor(b).key(doc), doc)).as("one row per key in %s", resourcePath)
            .isNull();
      }
      TreeSet<PackedTuple> keys = new TreeSet<>(Shards.KEY_ORDER);
      keys.addAll(expected.keySet());
      keys.addAll(actual.keySet());
      List<String> differences = new ArrayList<>();
      for (PackedTuple key : keys) {
        if (!ExpectedContent.equivalent(expected.get(key), actual.get(key))) {
          differences.add("expected " + expected.get(key) + ", actual " + actual.get(key));
        }
      }
      assertThat(differences).as("table %s", resourcePath).isEmpty();
    }
  }

  private static List<String> canonicalSorted(List<JsonNode> docs) {
    return docs.stream().map(ConformanceHarness::canonical).sorted(Comparator.naturalOrder()).toList();
  }
}
