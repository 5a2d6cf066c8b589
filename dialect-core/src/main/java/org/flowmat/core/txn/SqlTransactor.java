package org.flowmat.core.txn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.StoreRequest;
import org.flowmat.core.connector.Transactor;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.PlanApplier;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.model.Table;
import org.flowmat.core.spec.ConnectorState;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.spec.MaterializationSpec;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.core.tuple.TupleValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once transactions by recovery-log idempotent apply (see docs/exactly-once.md): Store stages rows in the
 * shard's staging area ({@link StoreStaging}); StartCommit returns the apply plan as connector state, which Flow
 * commits with its checkpoint; Acknowledge applies the plan through the dialect's {@link PlanApplier}
 * ({@link PlanApply}), which makes a replayed plan a no-op and fences off a zombie. Loads are answered at Flush by
 * {@link LoadQueries}.
 *
 * <p>Memory does not grow with a transaction: rows stream to staged files; only counters and key bounds are kept.
 */
public final class SqlTransactor implements Transactor {
  private static final Logger LOG = LoggerFactory.getLogger(SqlTransactor.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long CLOSE_GRACE_SECONDS = 20;

  private final TransactionSql txnSql;
  private final WarehouseClient client;
  private final StagingArea staging;
  private final boolean hardDelete;
  private final List<Table> tables;
  private final String rangeKey;
  private final boolean[] knownEmpty;
  private final ExecutorService applier;
  private final LoadQueries loads;
  private final StoreStaging stores;
  private final PlanApply planApply;

  private long lastPlan;
  private Plan pending;
  private final Set<String> staleStateKeys = new HashSet<>();
  /** The open transaction's stats, and those of committed plans not yet applied, by plan id. */
  private TxnStats current = new TxnStats();
  private final Map<Long, TxnStats> committedStats = new java.util.concurrent.ConcurrentHashMap<>();

  private SqlTransactor(Dialect dialect, WarehouseClient client, StagingArea staging, PlanApplier planApplier,
      boolean hardDelete, List<Table> tables, String rangeKey, PlanApplier.Fence fence, JsonNode state) {
    this.txnSql = new TransactionSql(dialect);
    this.client = client;
    this.staging = staging;
    this.hardDelete = hardDelete;
    this.tables = tables;
    this.rangeKey = rangeKey;
    this.knownEmpty = new boolean[tables.size()];
    this.applier = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "apply-" + rangeKey);
      t.setDaemon(true);
      return t;
    });
    // In every staged file's name, and so in the plan: a file written by another session of this shard (a zombie, or
    // an attempt that never committed) is never one this session's plan names.
    String nonce = String.format(Locale.ROOT, "%016x", RANDOM.nextLong());
    this.loads = new LoadQueries(dialect, txnSql, client, staging, nonce);
    this.stores = new StoreStaging(dialect, txnSql, staging, nonce);
    this.planApply = new PlanApply(txnSql, staging, planApplier, Set.copyOf(tables.stream().map(Table::stateKey).toList()),
        rangeKey, fence.fence());
    ShardState shard = ShardState.read(state, rangeKey); // range-checked: refuses what it cannot continue from
    ShardState.checkContinuable(rangeKey, "the marker table's applied_plan", fence.appliedPlan());
    this.lastPlan = Math.max(shard.plan(), fence.appliedPlan());
    this.staleStateKeys.addAll(shard.stale());
    this.pending = shard.pending();
  }

  /**
   * Opens a shard's transactions: installs its fence through the dialect's applier, recovers any plan pending in the
   * connector state, and notes which tables are empty (their Loads need no query).
   */
  public static SqlTransactor open(Dialect dialect, WarehouseClient client, StagingArea staging, PlanApplier planApplier,
      boolean hardDelete, MaterializationSpec spec, KeyRange range, JsonNode state) throws Exception {
    List<Table> tables = new ArrayList<>();
    for (int i = 0; i < spec.bindings().size(); i++) {
      tables.add(Table.derive(i, spec.bindings().get(i), dialect.identifiers(), dialect.types()));
    }
    String rangeKey = String.format(Locale.ROOT, "%08x-%08x", range.keyBegin(), range.keyEnd());
    PlanApplier.Fence fence = planApplier.open();
    SqlTransactor transactor =
        new SqlTransactor(dialect, client, staging, planApplier, hardDelete, tables, rangeKey, fence, state);
    transactor.findEmptyTables();
    transactor.removeLeftovers();
    LOG.atInfo().addKeyValue("range", rangeKey).addKeyValue("fence", fence.fence())
        .addKeyValue("lastPlan", transactor.lastPlan).addKeyValue("pendingPlan", transactor.pending != null)
        .log("opened transactions");
    return transactor;
  }

  /**
   * Deletes what earlier sessions of this shard left in its own staging area (attempts that never committed, loads,
   * plans whose clearing patch was lost), keeping the files the pending plan names. The area holds only this
   * materialization's files for this exact range, so no other task's or shard's file is touched.
   */
  private void removeLeftovers() throws IOException {
    Set<String> keep = new HashSet<>();
    if (pending != null) {
      pending.bindings().values().forEach(b -> keep.addAll(b.files()));
    }
    int removed = 0;
    for (String name : staging.list()) {
      if (!keep.contains(name)) {
        staging.delete(name);
        removed++;
      }
    }
    if (removed > 0) {
      LOG.atInfo().addKeyValue("range", rangeKey).addKeyValue("files", removed).log("removed staged files no plan refers to");
    }
  }

  private void findEmptyTables() throws Exception {
    Set<String> pendingKeys = pending == null ? Set.of() : pending.bindings().keySet();
    client.transaction(txn -> {
      for (Table t : tables) {
        if (t.deltaUpdates() || pendingKeys.contains(t.stateKey())) {
          continue;
        }
        long[] rows = {1};
        txn.query(txnSql.tableIsEmpty(t.path()), row -> rows[0] = row.number(0));
        knownEmpty[t.binding()] = rows[0] == 0;
      }
      return null;
    });
  }

  // ---- Load ----

  @Override
  public void load(int binding, PackedTuple key) throws IOException {
    Table table = tables.get(binding);
    if (table.deltaUpdates()) {
      throw new ConnectorException("Load for binding " + binding + " (" + table.path() + "), which uses delta updates:"
          + " the runtime never loads those");
    }
    long started = System.nanoTime();
    List<TupleValue> values = key.decode();
    checkArity(table, "Load", "key", values.size(), table.keys().size());
    loads.add(table, values);
    TxnStats.Binding b = current.of(binding);
    b.loadKeys++;
    b.loadNanos += System.nanoTime() - started;
  }

  @Override
  public Optional<ConnectorState> flush(LoadedSink sink) throws Exception {
    loads.flush(sink, knownEmpty, current);
    return Optional.empty();
  }

  // ---- Store ----

  @Override
  public void store(StoreRequest request) throws IOException {
    long started = System.nanoTime();
    Table table = tables.get(request.binding());
    List<TupleValue> keys = request.key().decode();
    List<TupleValue> values = request.values().decode();
    checkArity(table, "Store", "key", keys.size(), table.keys().size());
    checkArity(table, "Store", "values", values.size(), table.values().size());
    if (request.delete() && hardDelete && !request.exists()) {
      return; // deleting a row that was never stored: nothing to do
    }
    stores.add(table, lastPlan + 1, request, keys, values, request.delete() && hardDelete);
    TxnStats.Binding b = current.of(table.binding());
    if (table.deltaUpdates()) {
      b.inserted++;
    } else if (request.delete()) {
      b.deleted++;
    } else if (request.exists()) {
      b.updated++;
    } else {
      b.inserted++;
    }
    b.storeNanos += System.nanoTime() - started;
  }

  /** A tuple of another length than the field selection would put values into the wrong columns: refuse it. */
  private static void checkArity(Table table, String request, String tuple, int got, int expected) {
    if (got != expected) {
      throw new ConnectorException(request + " for binding " + table.binding() + " (" + table.path() + ") has a " + tuple
          + " tuple of " + got + " element" + (got == 1 ? "" : "s") + ", but the binding's field selection has "
          + expected + " " + tuple + " field" + (expected == 1 ? "" : "s"));
    }
  }

  @Override
  public Optional<ConnectorState> startCommit(byte[] runtimeCheckpoint) throws IOException {
    long id = lastPlan + 1;
    Map<String, Plan.BindingPlan> bindings = stores.plan(id, current);
    committedStats.put(id, current);
    current = new TxnStats();
    Plan plan = new Plan(id, bindings);
    pending = plan;
    lastPlan = id;
    ObjectNode patch = JSON.createObjectNode();
    ObjectNode shard = patch.putObject(rangeKey);
    shard.put("plan", id);
    shard.set("bindings", JSON.valueToTree(bindings));
    return Optional.of(ConnectorState.mergePatch(patch));
  }

  // ---- Acknowledge ----

  @Override
  public CompletionStage<Optional<ConnectorState>> acknowledge() {
    Plan plan = pending;
    pending = null;
    if (plan == null && staleStateKeys.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        return apply(plan);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new ConnectorException("applying plan " + (plan == null ? "-" : plan.id()) + " failed: " + e.getMessage(), e);
      }
    }, applier);
  }

  private Optional<ConnectorState> apply(Plan plan) throws Exception {
    ObjectNode cleared = JSON.createObjectNode();
    staleStateKeys.forEach(cleared::putNull);
    staleStateKeys.clear();
    if (plan != null) {
      long started = System.nanoTime();
      boolean appliedNow = planApply.apply(plan);
      planApply.removeFiles(plan);
      TxnStats.log(rangeKey, plan, committedStats.remove(plan.id()), System.nanoTime() - started, appliedNow, tables);
      for (Map.Entry<String, Plan.BindingPlan> e : plan.bindings().entrySet()) {
        cleared.putNull(e.getKey());
        if (appliedNow && e.getValue().rows() > 0) {
          tables.stream().filter(t -> t.stateKey().equals(e.getKey())).forEach(t -> knownEmpty[t.binding()] = false);
        }
      }
      LOG.atDebug().addKeyValue("plan", plan.id()).addKeyValue("appliedNow", appliedNow).log("acknowledged");
    }
    if (cleared.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject(rangeKey).set("bindings", cleared);
    return Optional.of(ConnectorState.mergePatch(patch));
  }

  @Override
  public void close() throws Exception {
    applier.shutdownNow();
    // An Acknowledge still applying finishes (or fails) in its own warehouse transaction before the client closes
    // under it: whatever ended the session, a plan is applied whole or not at all.
    boolean applierDone = applier.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    // Rows staged for a transaction that was never committed belong to no plan; their space goes back (a full
    // disk is the usual reason a session ends here). A failed delete of one must not keep the client open.
    loads.discard();
    stores.discard();
    if (applierDone) {
      client.close();
    } else {
      // Closing DuckDB's connection under a running statement is not safe; the process is ending and the
      // warehouse rolls back what it did not commit.
      LOG.atWarn().addKeyValue("seconds", CLOSE_GRACE_SECONDS).log("an Acknowledge was still applying at close");
    }
  }

}
