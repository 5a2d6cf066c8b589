package org.flowmat.dialect.duckdb.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowmat.testkit.TestCollections.doc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.flowmat.runtime.local.KillPoint;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.LocalRuntimeException;
import org.flowmat.runtime.local.Transaction;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.testkit.ConformanceHarness;
import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.TestCollections;
import org.junit.jupiter.api.Test;

/**
 * That the conformance suites run against the second implementation for real, not the engine's defaults: rows are
 * staged as many small objects in the bucket and uploaded before Acknowledge, plans are marked per table in its own
 * markers table (the engine's markers table stays empty), and a replayed plan is recognised there.
 */
class ObjectStoreWiringTest extends ConformanceHarness {
  @Override
  protected ConformanceTarget target() {
    return new ObjectStoreTarget();
  }

  @Test
  void stagesManyObjectsAndMarksEachTable() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(
        TestCollections.binding(path("orders"), TestCollections.orders(), false, 0),
        TestCollections.binding(path("events"), TestCollections.events(), true, 0)));
    List<Transaction> transactions = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Transaction.Builder txn = Transaction.builder();
      for (int i = 0; i < 200; i++) {
        int id = t < 2 ? i : 1000 + i; // the second transaction updates every key of the first: merges and Loads
        txn.add(0, doc("{\"id\":" + id + ",\"customer\":\"c" + i + "\",\"total\":" + (t * 1000 + i) + "}", t == 0 ? "c" : "u"));
        txn.add(1, doc("{\"id\":\"e" + t + "-" + i + "\",\"kind\":\"k\"}", "c"));
      }
      transactions.add(txn.build());
    }

    // Killed (once) right after its first StartedCommit: the plan is committed, its rows are in the bucket, not applied.
    LocalRuntime dying = LocalRuntime.builder(spec, inProcess()).maxRestarts(0).killAt(KillPoint.afterRead(5)).build();
    dying.apply();
    assertThatThrownBy(() -> dying.run(transactions.subList(0, 1))).isInstanceOf(LocalRuntimeException.class);
    Map<String, Integer> objects = objectsByBinding(Path.of(config.path("database").asText() + ".bucket"));
    assertThat(objects).as("staged objects per binding of the pending plan (limit %d bytes each)",
        ObjectStoreStagingArea.FILE_SIZE_LIMIT).containsOnlyKeys("store_0", "store_1");
    assertThat(objects.values()).allSatisfy(n -> assertThat(n).isGreaterThan(2));
    assertThat(rows(config, "SELECT count(*) FROM main.flowmat_object_markers WHERE target <> ''"))
        .as("no table has applied the pending plan").containsExactly("0");

    // The next session applies the pending plan, then the rest; Loads of the second transaction find every key.
    assertThat(dying.run(transactions.subList(1, 3)).loadMismatches()).isEmpty();

    assertThat(rows(config, "SELECT count(*) FROM main.flowmat_markers")).as("the engine's markers table").containsExactly("0");
    assertThat(rows(config, "SELECT target || '=' || applied_plan FROM main.flowmat_object_markers ORDER BY target"))
        .containsExactly("=3", "main.events=3", "main.orders=3");
    assertThat(target().documents(config, path("orders"))).hasSize(400);
    assertThat(target().documents(config, path("events"))).hasSize(600);
  }

  /** Objects in the bucket by binding and purpose ({@code store_0}), whatever the materialization and range. */
  private static Map<String, Integer> objectsByBinding(Path bucket) throws Exception {
    Map<String, Integer> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(bucket)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String name = p.getFileName().toString();
        String[] parts = name.split("_");
        out.merge(parts[0] + "_" + parts[1], 1, Integer::sum);
      }
    }
    return out;
  }

  private static List<String> rows(ObjectNode config, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + config.path("database").asText());
        Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }
}
