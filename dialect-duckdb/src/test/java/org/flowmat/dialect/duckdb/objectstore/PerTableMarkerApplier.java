package org.flowmat.dialect.duckdb.objectstore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.PlanApplier;
import org.flowmat.core.dialect.Shard;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.dialect.WarehouseClient.Txn;
import org.flowmat.core.model.TablePath;

/**
 * A {@link PlanApplier} unlike the engine's default: each table of a plan is applied in its own warehouse
 * transaction together with that table's own marker row, and the shard's row (its fence and last plan) is written
 * only at Open and after the last table, never in a table's transaction, as a warehouse would have it where
 * concurrent transactions on one marker row cancel each other. A replay skips the tables already marked; a crash
 * between two tables leaves the plan partly applied, and the next session applies the rest.
 *
 * <p>Its own table, {@code flowmat_object_markers} beside the engine's markers table, created at Open.
 */
final class PerTableMarkerApplier implements PlanApplier {
  private static final SqlTemplates SQL =
      new SqlTemplates("duckdb-objectstore", PerTableMarkerApplier.class.getClassLoader());
  private static final String SHARD_ROW = "";

  private final WarehouseClient client;
  private final Dialect dialect;
  private final Shard shard;
  private final String table;

  PerTableMarkerApplier(Dialect dialect, WarehouseClient client, Shard shard) {
    this.client = client;
    this.dialect = dialect;
    this.shard = shard;
    List<String> path = new ArrayList<>(shard.markers().components());
    path.set(path.size() - 1, "flowmat_object_markers");
    this.table = dialect.identifiers().quote(new TablePath(path));
  }

  @Override
  public Fence open() throws Exception {
    return client.transaction(txn -> {
      txn.update(render("object_markers_create"));
      txn.update(render("object_markers_bump"));
      long fence = single(txn, render("object_markers_fence"));
      long[] own = row(txn, SHARD_ROW);
      long applied = single(txn, render("object_markers_covering_plan"));
      if (own == null) {
        txn.update(render("object_markers_insert", "target", literal(SHARD_ROW), "fence", fence, "appliedPlan", applied));
      } else if (own[0] != fence) {
        txn.update(render("object_markers_set_fence", "fence", fence));
      }
      return new Fence(fence, applied);
    });
  }

  @Override
  public Outcome apply(long plan, long fence, PlanWork work) throws Exception {
    long[] own = client.transaction(txn -> row(txn, SHARD_ROW));
    if (own == null || own[0] != fence) {
      return Outcome.FENCED;
    }
    if (own[1] >= plan) {
      return Outcome.ALREADY_APPLIED; // the shard's row is marked after every table: all of them have it
    }
    for (TableStatements statements : work.tables()) {
      Outcome outcome = client.transaction(txn -> applyTable(txn, plan, fence, statements));
      if (outcome == Outcome.FENCED) {
        return Outcome.FENCED;
      }
    }
    long marked = client.transaction(txn -> txn.update(render("object_markers_mark_shard", "plan", plan, "fence", fence)));
    return marked == 1 ? Outcome.APPLIED : Outcome.FENCED;
  }

  private Outcome applyTable(Txn txn, long plan, long fence, TableStatements statements) throws Exception {
    long[] own = row(txn, SHARD_ROW);
    if (own == null || own[0] != fence) {
      return Outcome.FENCED;
    }
    String target = String.join(".", statements.table().components());
    long[] marker = row(txn, target);
    if (marker != null && marker[1] >= plan) {
      return Outcome.ALREADY_APPLIED;
    }
    for (String statement : statements.statements()) {
      txn.update(statement);
    }
    if (marker == null) {
      txn.update(render("object_markers_insert", "target", literal(target), "fence", 0L, "appliedPlan", plan));
    } else {
      txn.update(render("object_markers_mark_table", "target", literal(target), "plan", plan));
    }
    return Outcome.APPLIED;
  }

  /** (fence, applied_plan) of this shard's row for {@code target}, or null. */
  private long[] row(Txn txn, String target) throws Exception {
    long[][] found = {null};
    txn.query(render("object_markers_row", "target", literal(target)),
        r -> found[0] = new long[] {r.number(0), r.number(1)});
    return found[0];
  }

  private static long single(Txn txn, String sql) throws Exception {
    long[] value = {0};
    txn.query(sql, r -> value[0] = r.number(0));
    return value[0];
  }

  private String literal(String s) {
    return dialect.literals().string(s);
  }

  private String render(String template, Object... extra) {
    Map<String, Object> model = new HashMap<>();
    model.put("table", table);
    model.put("materialization", literal(shard.materialization()));
    model.put("keyBegin", shard.range().keyBegin());
    model.put("keyEnd", shard.range().keyEnd());
    for (int i = 0; i < extra.length; i += 2) {
      model.put((String) extra[i], extra[i + 1]);
    }
    return SQL.render(template, model);
  }
}
