package org.flowmat.core.txn;

import java.util.List;
import java.util.Map;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.PlanApplier;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.dialect.WarehouseClient.Txn;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.KeyRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse's record of each shard: {@code (materialization, key_begin, key_end) → (fence, applied_plan)}. The
 * fence stops a zombie instance of a shard from applying anything; the applied plan id makes a replayed plan a no-op.
 */
public final class MarkerTable {
  private static final Logger LOG = LoggerFactory.getLogger(MarkerTable.class);
  private final SqlTemplates sql;
  private final String table;
  private final String materialization;
  private final KeyRange range;

  public MarkerTable(Dialect dialect, TablePath table, String materialization, KeyRange range) {
    this.sql = dialect.templates();
    this.table = dialect.identifiers().quote(table);
    this.materialization = dialect.literals().string(materialization);
    this.range = range;
  }

  /**
   * Every statement this table runs, in the order a shard's life runs them (Open's fence bump, covering-row lookup
   * and row insert; Acknowledge's claim and read-back), with {@code fence} and {@code plan} as their values: what
   * the golden SQL snapshots show for review.
   */
  public List<String> statements(long fence, long plan) {
    return List.of(bumpFence(), covering(), insert(fence, plan - 1), claimSql(plan, fence), read());
  }

  private String bumpFence() {
    return sql.render("marker_bump_fence", model());
  }

  private String covering() {
    return sql.render("marker_covering", model());
  }

  private String insert(long fence, long appliedPlan) {
    return sql.render("marker_insert", model("fence", fence, "appliedPlan", appliedPlan));
  }

  private String claimSql(long plan, long fence) {
    return sql.render("marker_apply", model("plan", plan, "fence", fence));
  }

  private String read() {
    return sql.render("marker_read", model());
  }

  /**
   * Bumps the fence of every row overlapping the range (fencing zombies of this shard, its parent and its children),
   * then makes sure this exact range has a row, inheriting from the narrowest covering row after a split.
   */
  PlanApplier.Fence install(Txn txn) throws Exception {
    txn.update(bumpFence());
    long[] covering = new long[4];
    boolean[] found = {false};
    txn.query(covering(), row -> {
      found[0] = true;
      covering[0] = row.number(0);
      covering[1] = row.number(1);
      covering[2] = row.number(2);
      covering[3] = row.number(3);
    });
    if (!found[0]) {
      txn.update(insert(0, 0));
      return new PlanApplier.Fence(0, 0);
    }
    if (covering[1] != range.keyBegin() || covering[2] != range.keyEnd()) {
      txn.update(insert(covering[0], covering[3]));
    }
    return new PlanApplier.Fence(covering[0], covering[3]);
  }

  /**
   * Claims plan {@code plan} for this fence: {@code APPLIED} when this transaction must apply it (and, committed,
   * records that it did), {@code ALREADY_APPLIED} for a replay, {@code FENCED} when another instance owns the range.
   */
  PlanApplier.Outcome claim(Txn txn, long plan, long fence) throws Exception {
    long changed = txn.update(claimSql(plan, fence));
    if (changed == 1) {
      return PlanApplier.Outcome.APPLIED;
    }
    long[] current = {-1, -1};
    txn.query(read(), row -> {
      current[0] = row.number(0);
      current[1] = row.number(1);
    });
    if (current[1] >= plan) {
      return PlanApplier.Outcome.ALREADY_APPLIED;
    }
    LOG.atWarn().addKeyValue("fence", fence).addKeyValue("warehouseFence", current[0]).log("fenced off");
    return PlanApplier.Outcome.FENCED;
  }

  private Map<String, Object> model(Object... extra) {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put("table", table);
    m.put("materialization", materialization);
    m.put("keyBegin", range.keyBegin());
    m.put("keyEnd", range.keyEnd());
    for (int i = 0; i < extra.length; i += 2) {
      m.put((String) extra[i], extra[i + 1]);
    }
    return m;
  }
}
