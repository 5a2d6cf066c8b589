package org.flowmat.core.txn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import org.flowmat.core.connector.NoSpaceLeftException;
import org.flowmat.core.connector.StoreRequest;
import org.flowmat.core.connector.Transactor;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.model.Column;
import org.flowmat.core.model.Table;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.ConnectorState;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.spec.MaterializationSpec;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.core.tuple.TupleValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once transactions by recovery-log idempotent apply (see docs and the exactly-once design): Store stages
 * rows in the shard's staging area; StartCommit returns the apply plan as connector state, which Flow commits with its
 * checkpoint; Acknowledge applies the plan in one warehouse transaction together with the marker row's
 * {@code applied_plan}, so a replayed plan is a no-op and a zombie is fenced off.
 *
 * <p>Memory does not grow with a transaction: rows stream to staged files; only counters and key bounds are kept.
 */
public final class SqlTransactor implements Transactor {
  private static final Logger LOG = LoggerFactory.getLogger(SqlTransactor.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long CLOSE_GRACE_SECONDS = 20;

  private final Dialect dialect;
  private final TransactionSql txnSql;
  private final WarehouseClient client;
  private final StagingArea staging;
  private final boolean hardDelete;
  private final List<Table> tables;
  private final Set<String> activeStateKeys;
  private final String rangeKey;
  private final MarkerTable markers;
  private final long fence;
  private final boolean[] knownEmpty;
  private final ExecutorService applier;
  /**
   * In every staged file's name, and so in the plan: a file written by another session of this shard (a zombie, or
   * an attempt that never committed) is never one this session's plan names.
   */
  private final String nonce = String.format(Locale.ROOT, "%016x", RANDOM.nextLong());

  private long lastPlan;
  private Plan pending;
  private final Set<String> staleStateKeys = new HashSet<>();
  private final Map<Integer, Staged> loads = new LinkedHashMap<>();
  private final Map<Integer, Staged> stores = new LinkedHashMap<>();

  /** Rows being staged for one binding in the current transaction. */
  private static final class Staged {
    final String file;
    final StagedRows rows;
    final KeyBounds bounds;
    boolean anyExisted;
    long deletes;

    Staged(String file, StagedRows rows, KeyBounds bounds) {
      this.file = file;
      this.rows = rows;
      this.bounds = bounds;
    }
  }

  private SqlTransactor(Dialect dialect, WarehouseClient client, StagingArea staging, boolean hardDelete,
      List<Table> tables, String rangeKey, MarkerTable markers, MarkerTable.Fence fence, JsonNode state) {
    this.dialect = dialect;
    this.txnSql = new TransactionSql(dialect);
    this.client = client;
    this.staging = staging;
    this.hardDelete = hardDelete;
    this.tables = tables;
    this.activeStateKeys = new HashSet<>(tables.stream().map(Table::stateKey).toList());
    this.rangeKey = rangeKey;
    this.markers = markers;
    this.fence = fence.fence();
    this.knownEmpty = new boolean[tables.size()];
    this.applier = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "apply-" + rangeKey);
      t.setDaemon(true);
      return t;
    });
    ShardState shard = ShardState.read(state, rangeKey); // range-checked: refuses what it cannot continue from
    ShardState.checkContinuable(rangeKey, "the marker table's applied_plan", fence.appliedPlan());
    this.lastPlan = Math.max(shard.plan(), fence.appliedPlan());
    this.staleStateKeys.addAll(shard.stale());
    this.pending = shard.pending();
  }

  /**
   * Opens a shard's transactions: installs its fence in the marker table, recovers any plan pending in the connector
   * state, and notes which tables are empty (their Loads need no query).
   */
  public static SqlTransactor open(Dialect dialect, WarehouseClient client, StagingArea staging, boolean hardDelete,
      MaterializationSpec spec, KeyRange range, TablePath markerTable, JsonNode state) throws Exception {
    List<Table> tables = new ArrayList<>();
    for (int i = 0; i < spec.bindings().size(); i++) {
      tables.add(Table.derive(i, spec.bindings().get(i), dialect.identifiers(), dialect.types()));
    }
    String rangeKey = String.format(Locale.ROOT, "%08x-%08x", range.keyBegin(), range.keyEnd());
    MarkerTable markers = new MarkerTable(dialect, markerTable, spec.name(), range);
    MarkerTable.Fence fence = client.transaction(markers::install);
    SqlTransactor transactor = new SqlTransactor(dialect, client, staging, hardDelete, tables, rangeKey, markers, fence, state);
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
      pending.bindings().values().forEach(b -> keep.add(b.file()));
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
    List<TupleValue> values = key.decode();
    checkArity(table, "Load", "key", values.size(), table.keys().size());
    Staged staged = loads.get(binding);
    if (staged == null) {
      String file = "load_" + binding + "_" + nonce + ".ndjson";
      staged = new Staged(file, stagedRows(file, table, false), txnSql.keyBounds(table));
      loads.put(binding, staged);
    }
    staged.bounds.add(values);
    staged.rows.write(values, List.of(), null, false, false);
  }

  @Override
  public Optional<ConnectorState> flush(LoadedSink sink) throws Exception {
    try {
      for (Map.Entry<Integer, Staged> e : loads.entrySet()) {
        e.getValue().rows.close();
      }
      for (Map.Entry<Integer, Staged> e : loads.entrySet()) {
        Table table = tables.get(e.getKey());
        if (knownEmpty[table.binding()]) {
          continue; // nothing was ever stored: no key can be found
        }
        loadFrom(table, e.getValue(), sink);
      }
    } finally {
      for (Staged s : loads.values()) {
        staging.delete(s.file);
      }
      loads.clear();
    }
    return Optional.empty();
  }

  private void loadFrom(Table table, Staged staged, LoadedSink sink) throws Exception {
    String query = txnSql.load(table, staging.reference(staged.file), txnSql.render(table, staged.bounds));
    int binding = table.binding();
    if (table.document().isPresent()) {
      client.transaction(txn -> {
        txn.query(query, row -> sink.loaded(binding, RawJson.of(row.string(1))));
        return null;
      });
    } else {
      List<Column> columns = new ArrayList<>(table.keys());
      columns.addAll(table.values());
      client.transaction(txn -> {
        txn.query(query, row -> sink.loaded(binding, rebuild(columns, row)));
        return null;
      });
    }
  }

  /** A document rebuilt from columns, each placed at its projection's JSON pointer, for bindings without a document. */
  private static RawJson rebuild(List<Column> columns, WarehouseClient.Row row) throws Exception {
    ObjectNode doc = JSON.createObjectNode();
    for (int i = 0; i < columns.size(); i++) {
      if (row.isNull(i)) {
        continue;
      }
      String[] path = columns.get(i).projection().ptr().substring(1).split("/", -1);
      ObjectNode parent = doc;
      for (int p = 0; p < path.length - 1; p++) {
        JsonNode child = parent.get(unescape(path[p]));
        parent = child instanceof ObjectNode o ? o : parent.putObject(unescape(path[p]));
      }
      parent.set(unescape(path[path.length - 1]), JSON.readTree(row.string(i)));
    }
    return RawJson.wrap(JSON.writeValueAsBytes(doc));
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  // ---- Store ----

  @Override
  public void store(StoreRequest request) throws IOException {
    Table table = tables.get(request.binding());
    List<TupleValue> keys = request.key().decode();
    List<TupleValue> values = request.values().decode();
    checkArity(table, "Store", "key", keys.size(), table.keys().size());
    checkArity(table, "Store", "values", values.size(), table.values().size());
    if (request.delete() && hardDelete && !request.exists()) {
      return; // deleting a row that was never stored: nothing to do
    }
    Staged staged = stores.get(request.binding());
    if (staged == null) {
      // Plan id and session nonce in the name; the plan records it. An attempt that never committed is removed at Open.
      String file = "store_" + request.binding() + "_" + (lastPlan + 1) + "_" + nonce + ".ndjson";
      staged = new Staged(file, stagedRows(file, table, true), txnSql.keyBounds(table));
      stores.put(request.binding(), staged);
    }
    staged.bounds.add(keys);
    staged.anyExisted |= request.exists();
    boolean delete = request.delete() && hardDelete;
    if (delete) {
      staged.deletes++;
    }
    RawJson doc = table.document().isPresent() ? request.doc().orElse(RawJson.of("{}")) : null;
    staged.rows.write(keys, values, doc, true, delete);
  }

  /** A tuple of another length than the field selection would put values into the wrong columns: refuse it. */
  private static void checkArity(Table table, String request, String tuple, int got, int expected) {
    if (got != expected) {
      throw new ConnectorException(request + " for binding " + table.binding() + " (" + table.path() + ") has a " + tuple
          + " tuple of " + got + " element" + (got == 1 ? "" : "s") + ", but the binding's field selection has "
          + expected + " " + tuple + " field" + (expected == 1 ? "" : "s"));
    }
  }

  /** How each staged column of {@code table} is staged, keys then (for Store) values, as the dialect's types say. */
  private StagedRows.Columns stagedColumns(Table table, boolean withValues) {
    List<Column> columns = new ArrayList<>(table.keys());
    if (withValues) {
      columns.addAll(table.values());
    }
    return new StagedRows.Columns("binding " + table.binding() + " (" + String.join(".", table.path().components()) + ")",
        columns.stream().map(Column::field).toList(), columns.stream().map(c -> dialect.types().stager(c.type())).toList());
  }

  /** A staged file's writer; a full disk fails it naming the file and the binding it stages for. */
  private StagedRows stagedRows(String file, Table table, boolean withValues) throws IOException {
    return new StagedRows(NoSpaceLeftException.guard(staging.create(file), staging.reference(file),
        "staging for binding " + table.binding()), stagedColumns(table, withValues));
  }

  @Override
  public Optional<ConnectorState> startCommit(byte[] runtimeCheckpoint) throws IOException {
    long id = lastPlan + 1;
    Map<String, Plan.BindingPlan> bindings = new LinkedHashMap<>();
    for (Map.Entry<Integer, Staged> e : stores.entrySet()) {
      Staged s = e.getValue();
      s.rows.close();
      staging.makeDurable(s.file);
      Table table = tables.get(e.getKey());
      Plan.Mode mode = table.deltaUpdates() ? Plan.Mode.APPEND : s.anyExisted ? Plan.Mode.MERGE : Plan.Mode.INSERT;
      bindings.put(table.stateKey(), new Plan.BindingPlan(id, table.path().components(), mode, s.file, s.rows.rows(),
          s.deletes, txnSql.planColumns(table), txnSql.render(table, s.bounds)));
    }
    stores.clear();
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
      boolean appliedNow = client.transaction(txn -> {
        if (!markers.claim(txn, plan.id(), fence)) {
          return false;
        }
        requireStagedFiles(plan);
        for (Map.Entry<String, Plan.BindingPlan> e : plan.bindings().entrySet()) {
          Plan.BindingPlan b = e.getValue();
          if (!activeStateKeys.contains(e.getKey())) {
            LOG.atWarn().addKeyValue("stateKey", e.getKey()).log("skipping a staged binding that is no longer active");
            continue;
          }
          for (String statement : txnSql.store(b, staging.reference(b.file()))) {
            txn.update(statement);
          }
        }
        return true;
      });
      for (Map.Entry<String, Plan.BindingPlan> e : plan.bindings().entrySet()) {
        staging.delete(e.getValue().file());
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

  /**
   * Fails, before any statement runs, when a file the plan names is gone: its rows were committed to Flow but never
   * reached the warehouse, and nothing can apply the plan without them. The message says what a user can do.
   */
  private void requireStagedFiles(Plan plan) throws IOException {
    List<String> missing = new ArrayList<>();
    List<String> stateKeys = new ArrayList<>();
    for (Map.Entry<String, Plan.BindingPlan> e : plan.bindings().entrySet()) {
      if (activeStateKeys.contains(e.getKey()) && !staging.exists(e.getValue().file())) {
        missing.add(String.join(".", e.getValue().table()) + " (" + staging.reference(e.getValue().file()) + ")");
        stateKeys.add(e.getKey());
      }
    }
    if (!missing.isEmpty()) {
      throw new ConnectorException("shard " + rangeKey + " cannot apply its committed plan " + plan.id()
          + ": the staged rows are gone for " + String.join(", ", missing) + ", and the warehouse has not applied them."
          + " Staging must be on storage that survives restarts (for DuckDB: beside the database file, or the endpoint's"
          + " stagingDirectory). If the files were moved or the directory changed, put them back at that path and"
          + " restart. Otherwise those rows are lost to the warehouse: backfill the binding(s) with state key "
          + String.join(", ", stateKeys) + " (a backfill gives a binding a new state key, so this plan is skipped for it)");
    }
  }

  @Override
  public void close() throws Exception {
    applier.shutdownNow();
    // An Acknowledge still applying finishes (or fails) in its own warehouse transaction before the client closes
    // under it: whatever ended the session, a plan is applied whole or not at all.
    boolean applierDone = applier.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    // Rows staged for a transaction that was never committed belong to no plan; their space goes back (a full
    // disk is the usual reason a session ends here). A failed close of one must not keep the client open.
    List<Staged> unfinished = new ArrayList<>(loads.values());
    unfinished.addAll(stores.values());
    for (Staged s : unfinished) {
      try {
        s.rows.close();
      } catch (IOException | RuntimeException e) {
        LOG.atDebug().addKeyValue("file", s.file).log("closing an unfinished staged file failed: " + e.getMessage());
      }
      try {
        staging.delete(s.file);
      } catch (IOException e) {
        LOG.atDebug().addKeyValue("file", s.file).log("deleting an unfinished staged file failed: " + e.getMessage());
      }
    }
    loads.clear();
    stores.clear();
    if (applierDone) {
      client.close();
    } else {
      // Closing DuckDB's connection under a running statement is not safe; the process is ending and the
      // warehouse rolls back what it did not commit.
      LOG.atWarn().addKeyValue("seconds", CLOSE_GRACE_SECONDS).log("an Acknowledge was still applying at close");
    }
  }

}
