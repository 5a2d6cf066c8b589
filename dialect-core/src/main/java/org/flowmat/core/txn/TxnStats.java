package org.flowmat.core.txn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one transaction did, per binding, for the one structured {@code info} event per transaction and binding that
 * {@link #log} writes once its plan is applied (the shape of Flow's per-binding stats): rows inserted, updated and
 * deleted (from the Store requests: {@code exists} tells an update from an insert, as Flow knows it), Load keys and
 * documents found, bytes staged, and the time of each phase: Load (staging the keys, and the queries at Flush), Store
 * (staging the rows, until StartCommit made them durable) and apply (the plan, at Acknowledge).
 *
 * <p>Counters of the open transaction are touched only by the session thread; a committed one is handed to the
 * applier thread whole.
 */
final class TxnStats {
  /** The logger of the event; its message is {@link #EVENT}. */
  static final Logger LOG = LoggerFactory.getLogger(TxnStats.class);
  static final String EVENT = "transaction stats";

  /** One binding's counters. */
  static final class Binding {
    long loadKeys;
    long loadFound;
    long loadBytes;
    long loadNanos;
    long inserted;
    long updated;
    long deleted;
    long storeBytes;
    long storeNanos;
  }

  private final Map<Integer, Binding> bindings = new TreeMap<>();

  Binding of(int binding) {
    return bindings.computeIfAbsent(binding, b -> new Binding());
  }

  Map<Integer, Binding> bindings() {
    return bindings;
  }

  /**
   * Logs the event of every binding of {@code plan}, and of bindings that only loaded. {@code stats} is null for a
   * plan recovered from the connector state: then the plan's own counts are all there is (a merge's rows are
   * "merged", not told apart), and the Load and Store phases of another session are unknown.
   */
  static void log(String range, Plan plan, TxnStats stats, long applyNanos, boolean appliedNow,
      java.util.List<org.flowmat.core.model.Table> tables) {
    Map<Integer, Binding> counted = stats == null ? Map.of() : stats.bindings();
    Map<Integer, Map.Entry<String, Plan.BindingPlan>> planned = new TreeMap<>();
    for (Map.Entry<String, Plan.BindingPlan> e : plan.bindings().entrySet()) {
      tables.stream().filter(t -> t.stateKey().equals(e.getKey())).findFirst()
          .ifPresent(t -> planned.put(t.binding(), e));
    }
    java.util.Set<Integer> all = new java.util.TreeSet<>(planned.keySet());
    all.addAll(counted.keySet());
    for (int binding : all) {
      Binding b = counted.get(binding);
      Map.Entry<String, Plan.BindingPlan> entry = planned.get(binding);
      Plan.BindingPlan p = entry == null ? null : entry.getValue();
      Map<String, Object> rows = new LinkedHashMap<>();
      if (b != null) {
        rows.put("inserted", b.inserted);
        rows.put("updated", b.updated);
        rows.put("deleted", b.deleted);
      } else if (p.mode() == Plan.Mode.MERGE) {
        rows.put("merged", p.rows() - p.deletes());
        rows.put("deleted", p.deletes());
      } else {
        rows.put("inserted", p.rows() - p.deletes());
        rows.put("deleted", p.deletes());
      }
      Map<String, Object> bytes = new LinkedHashMap<>();
      Map<String, Object> ms = new LinkedHashMap<>();
      if (b != null) {
        bytes.put("load", b.loadBytes);
        bytes.put("store", b.storeBytes);
        ms.put("load", millis(b.loadNanos));
        ms.put("store", millis(b.storeNanos));
      }
      ms.put("apply", p == null ? 0.0 : millis(applyNanos));
      var event = LOG.atInfo()
          .addKeyValue("eventType", "transactionStats")
          .addKeyValue("range", range)
          .addKeyValue("plan", plan.id())
          .addKeyValue("binding", binding);
      org.flowmat.core.model.Table table = tables.get(binding);
      event = event.addKeyValue("table", String.join(".", table.path().components()))
          .addKeyValue("stateKey", table.stateKey())
          .addKeyValue("mode", p == null ? "NONE" : p.mode().name());
      if (b != null) {
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("keys", b.loadKeys);
        load.put("found", b.loadFound);
        event = event.addKeyValue("load", load);
      }
      event.addKeyValue("rows", rows)
          .addKeyValue("bytesStaged", bytes)
          .addKeyValue("ms", ms)
          .addKeyValue("appliedNow", appliedNow)
          .addKeyValue("recovered", stats == null)
          .log(EVENT);
    }
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }
}
