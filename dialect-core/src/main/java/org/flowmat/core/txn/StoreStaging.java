package org.flowmat.core.txn;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowmat.core.connector.StoreRequest;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.model.Table;
import org.flowmat.core.tuple.TupleValue;

/**
 * The Store phase: stages each binding's rows in files named with the plan id and the session's nonce, and at
 * StartCommit makes them durable and describes them as the bindings of the plan, which records the exact names.
 * An attempt that never commits leaves files no plan names; Open removes them.
 */
final class StoreStaging {
  private final Dialect dialect;
  private final TransactionSql sql;
  private final StagingArea staging;
  private final String nonce;
  private final Map<Integer, StagedBinding> stores = new LinkedHashMap<>();

  StoreStaging(Dialect dialect, TransactionSql sql, StagingArea staging, String nonce) {
    this.dialect = dialect;
    this.sql = sql;
    this.staging = staging;
    this.nonce = nonce;
  }

  /** Stages one Store of {@code table} for plan {@code plan}; {@code delete} only when deletes are hard. */
  void add(Table table, long plan, StoreRequest request, List<TupleValue> keys, List<TupleValue> values, boolean delete)
      throws IOException {
    StagedBinding staged = stores.get(table.binding());
    if (staged == null) {
      staged = StagedBinding.open(staging, "store_" + table.binding() + "_" + plan + "_" + nonce, table, true,
          dialect.types(), sql.keyBounds(table));
      stores.put(table.binding(), staged);
    }
    staged.bounds.add(keys);
    staged.anyExisted |= request.exists();
    if (delete) {
      staged.deletes++;
    }
    RawJson doc = table.document().isPresent() ? request.doc().orElse(RawJson.of("{}")) : null;
    staged.rows.write(keys, values, doc, true, delete);
  }

  /**
   * StartCommit: the bindings of plan {@code plan}, by state key, each staged file made durable; each binding's bytes
   * staged and the time to finish its files go to {@code stats}.
   */
  Map<String, Plan.BindingPlan> plan(long plan, TxnStats stats) throws IOException {
    Map<String, Plan.BindingPlan> bindings = new LinkedHashMap<>();
    for (StagedBinding s : stores.values()) {
      long started = System.nanoTime();
      List<String> files = s.finish();
      s.rows.close();
      TxnStats.Binding b = stats.of(s.table.binding());
      b.storeBytes += s.files.bytes();
      b.storeNanos += System.nanoTime() - started;
      Table table = s.table;
      Plan.Mode mode = table.deltaUpdates() ? Plan.Mode.APPEND : s.anyExisted ? Plan.Mode.MERGE : Plan.Mode.INSERT;
      bindings.put(table.stateKey(), new Plan.BindingPlan(plan, table.path().components(), mode, files, s.rows.rows(),
          s.deletes, s.rows.longest(), sql.planColumns(table), sql.render(table, s.bounds)));
    }
    stores.clear();
    return bindings;
  }

  /** Deletes the rows of a transaction that will never be committed (the session is ending). */
  void discard() {
    stores.values().forEach(s -> s.discard(staging));
    stores.clear();
  }
}
