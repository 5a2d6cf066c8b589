package org.flowmat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.local.ConnectorChannel;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.LocalRuntimeException;
import org.flowmat.runtime.local.RunReport;
import org.flowmat.runtime.local.Transaction;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.testkit.KeyKindsCollections.KeyKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keys of every kind Flow sends ({@link KeyKindsCollections}) are found again in later transactions: each kind's keys
 * are stored in one session, then a later session loads them, updates them (deleting some, re-creating one) over two
 * more transactions, and the table must hold one row per key, equal to the runtime model's documents. A Load or merge
 * that misses an existing row (key bounds in the wrong order, a join in the wrong type) shows as a load mismatch and
 * as a doubled row. A dialect that cannot hold a kind declares it ({@link ConformanceTarget#lacks}); the suite then
 * proves that the kind fails cleanly instead.
 */
public abstract class KeyKindsConformance extends ConformanceHarness {

  static Stream<KeyKind> kinds() {
    return KeyKindsCollections.all().stream();
  }

  private boolean holds(KeyKind kind) {
    return kind.needs().map(c -> !target().lacks().contains(c)).orElse(true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void keysAreFoundAndUpdatedInLaterTransactions(KeyKind kind) throws Exception {
    assumeTrue(holds(kind), () -> target().connector() + " declares that it lacks " + kind.needs().orElseThrow());
    roundTrip(kind, inProcess());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  @Needs({})
  void aKeyKindDeclaredLackingFailsCleanly(KeyKind kind) {
    assumeTrue(!holds(kind), () -> target().connector() + " holds keys of kind " + kind);
    assertThatThrownBy(() -> roundTrip(kind, inProcess()))
        .as("a key of kind %s, which %s declares it lacks", kind, target().connector())
        .isInstanceOf(LocalRuntimeException.class);
  }

  /** The headline case through the connector image's launcher, a real child process. */
  @Test
  void stringIntegerKeysThroughTheConnectorProcess() throws Exception {
    KeyKind kind = KeyKindsCollections.kind("string_integer_bounded");
    assumeTrue(holds(kind));
    roundTrip(kind, process());
  }

  /** Every kind as one binding each, in the same transactions: bounds and joins of one binding never leak to another. */
  @Test
  void everyKindAsBindingsOfOneMaterialization() throws Exception {
    List<KeyKind> kinds = KeyKindsCollections.all().stream().filter(this::holds).toList();
    ObjectNode config = config(true);
    List<Flow.MaterializationSpec.Binding> bindings = kinds.stream()
        .map(k -> TestCollections.binding(path("keys_all_" + k.name()), k.collection(), false, 0)).toList();
    Flow.MaterializationSpec spec = TestCollections.spec(config, bindings);
    LocalRuntime rt = LocalRuntime.builder(spec, inProcess()).loadBackAtEnd(true).build();
    rt.apply();
    Transaction.Builder first = Transaction.builder();
    Transaction.Builder second = Transaction.builder();
    for (int b = 0; b < kinds.size(); b++) {
      KeyKind kind = kinds.get(b);
      for (int i = 0; i < kind.keys().size(); i++) {
        first.add(b, kind.doc(i, 1, "c"));
        second.add(b, kind.doc(i, 2, i == 0 ? "d" : "u"));
      }
    }
    RunReport earlier = rt.run(List.of(first.build()));
    RunReport later = rt.run(List.of(second.build()));
    assertTablesMatch(rt, spec, config, true);
    for (int b = 0; b < kinds.size(); b++) {
      assertThat(target().documents(config, bindings.get(b).getResourcePathList()))
          .as("rows of %s", kinds.get(b)).hasSize(kinds.get(b).keys().size() - 1);
    }
    assertThat(earlier.loadMismatches()).as("Loads of the first session").isEmpty();
    assertThat(later.loadMismatches()).as("Loads of the later session").isEmpty();
  }

  /**
   * Session 1 stores every key (v=1). Session 2: transaction 2 loads and updates every key (v=2, in reverse order),
   * deleting every third; transaction 3 loads them again, updates the survivors (v=3) and re-creates one deleted key.
   */
  private void roundTrip(KeyKind kind, ConnectorChannel.Factory connector) throws Exception {
    ObjectNode config = config(true);
    List<String> table = path("keys_" + kind.name());
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(TestCollections.binding(table, kind.collection(), false, 0)));
    LocalRuntime rt = LocalRuntime.builder(spec, connector).loadBackAtEnd(true).build();
    rt.apply();
    int n = kind.keys().size();

    Transaction.Builder create = Transaction.builder();
    for (int i = 0; i < n; i++) {
      create.add(0, kind.doc(i, 1, "c"));
    }
    RunReport first = rt.run(List.of(create.build()));
    assertThat(target().documents(config, table)).as("rows after the first session").hasSize(n);

    Transaction.Builder update = Transaction.builder();
    Transaction.Builder again = Transaction.builder();
    int expectedRows = 0;
    for (int i = n - 1; i >= 0; i--) {
      boolean deleted = i % 3 == 1;
      update.add(0, kind.doc(i, 2, deleted ? "d" : "u"));
      if (!deleted) {
        again.add(0, kind.doc(i, 3, "u"));
        expectedRows++;
      } else if (i == 1) {
        again.add(0, kind.doc(i, 3, "c"));
        expectedRows++;
      }
    }
    RunReport later = rt.run(List.of(update.build(), again.build()));
    List<JsonNode> rows = target().documents(config, table);
    // The table first: a merge that misses an existing row doubles it, which says more than the Load that missed it.
    assertThat(rows).as("rows of %s, one per live key", kind).hasSize(expectedRows);
    assertTablesMatch(rt, spec, config, true);
    assertThat(first.loadMismatches()).as("Loads (of every key, at its end) of the first session").isEmpty();
    assertThat(later.loadMismatches()).as("Loads of the later session: every stored key must be found").isEmpty();
    assertThat(rt.expected().table(0)).hasSize(expectedRows);
    Map<PackedTuple, JsonNode> loadedBack = later.loadedBack().get(0);
    assertThat(loadedBack).as("keys loaded back at the end").hasSize(expectedRows);
    assertThat(rows).allSatisfy(d -> assertThat(d.path("v").asInt()).as("%s", d).isEqualTo(3));
  }
}
