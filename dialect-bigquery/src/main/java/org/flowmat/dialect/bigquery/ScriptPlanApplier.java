package org.flowmat.dialect.bigquery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.PlanApplier;
import org.flowmat.core.dialect.Shard;
import org.flowmat.core.dialect.SqlTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a plan as ONE multi-statement BigQuery script: {@code BEGIN TRANSACTION; ASSERT <fence and plan guard>;
 * <every table's statements>; <mark the plan applied>; COMMIT TRANSACTION}, under a job id derived from the
 * materialization, the range, the plan and the fence, so that a retried insert whose response was lost is answered by
 * the job that ran (409) instead of running again.
 *
 * <p>Fences are not counters here: BigQuery has no interactive transactions over its API, so Open cannot read back a
 * bumped value in the transaction that bumped it. Each instance picks a fence of its own (time and randomness) and
 * writes it into every row overlapping its range in one script; it owns the range while its shard's row holds that
 * value. Concurrent shards never write each other's marker rows, but BigQuery detects conflicts per table, so a
 * script aborted by another shard's concurrent transaction on the markers or a target table is run again as a new job
 * ({@link BigQueryClient#run}); the guard makes a rerun after a commit a no-op.
 */
final class ScriptPlanApplier implements PlanApplier {
  private static final Logger LOG = LoggerFactory.getLogger(ScriptPlanApplier.class);
  /** Text of the guard's failure, recognised in the job's error. */
  static final String GUARD = "flowmat guard: this shard's fence moved or the plan was applied";

  private final BigQueryClient client;
  private final Dialect dialect;
  private final Shard shard;
  private final SqlTemplates sql;
  private final String table;

  ScriptPlanApplier(Dialect dialect, BigQueryClient client, Shard shard) {
    this.client = client;
    this.dialect = dialect;
    this.shard = shard;
    this.sql = dialect.templates();
    this.table = dialect.identifiers().quote(shard.markers());
  }

  @Override
  public Fence open() throws Exception {
    long fence = (System.currentTimeMillis() << 12) | ThreadLocalRandom.current().nextInt(1 << 12);
    String script = script(List.of(render("marker_set_fence", "fence", fence), render("marker_insert_missing", "fence", fence)));
    client.run(script, BigQueryClient.deterministicId("open", shard.materialization(), shard.range(), fence));
    long[] row = read();
    if (row == null) {
      throw new IllegalStateException("the marker row of " + shard.materialization() + " " + shard.range()
          + " is missing right after Open wrote it");
    }
    if (row[0] != fence) {
      LOG.atWarn().addKeyValue("fence", fence).addKeyValue("warehouseFence", row[0]).log("fenced off at Open");
    }
    return new Fence(fence, row[1]);
  }

  @Override
  public Outcome apply(long plan, long fence, PlanWork work) throws Exception {
    Outcome before = state(plan, fence);
    if (before != null) {
      return before;
    }
    List<String> statements = new ArrayList<>();
    statements.add(render("marker_guard", "fence", fence, "plan", plan, "message", dialect.literals().string(GUARD)));
    for (TableStatements t : work.tables()) {
      statements.addAll(t.statements());
    }
    statements.add(render("marker_apply", "fence", fence, "plan", plan));
    String jobId = BigQueryClient.deterministicId("apply", shard.materialization(), shard.range(), plan, fence);
    try {
      client.run(script(statements), jobId);
      return Outcome.APPLIED;
    } catch (BigQueryClient.JobFailed e) {
      if (!e.detail.contains(GUARD)) {
        throw e;
      }
      Outcome now = state(plan, fence);
      if (now == null) {
        throw new IllegalStateException("the guard of plan " + plan + " failed, yet the shard's row is unchanged");
      }
      return now;
    }
  }

  /** FENCED or ALREADY_APPLIED from the shard's row, or null when the plan is this instance's to apply. */
  private Outcome state(long plan, long fence) throws Exception {
    long[] row = read();
    if (row == null || row[0] != fence) {
      LOG.atWarn().addKeyValue("fence", fence).addKeyValue("warehouseFence", row == null ? "none" : row[0])
          .log("fenced off");
      return Outcome.FENCED;
    }
    return row[1] >= plan ? Outcome.ALREADY_APPLIED : null;
  }

  /** (fence, applied_plan) of this shard's row, or null. */
  private long[] read() throws Exception {
    return client.transaction(txn -> {
      long[][] found = {null};
      txn.query(render("marker_read"), r -> found[0] = new long[] {r.number(0), r.number(1)});
      return found[0];
    });
  }

  private String script(List<String> statements) {
    return sql.render("script", Map.of("statements", statements.stream().map(s -> Map.of("statement", s)).toList()));
  }

  private String render(String template, Object... extra) {
    Map<String, Object> model = new HashMap<>();
    model.put("table", table);
    model.put("materialization", dialect.literals().string(shard.materialization()));
    model.put("keyBegin", shard.range().keyBegin());
    model.put("keyEnd", shard.range().keyEnd());
    for (int i = 0; i < extra.length; i += 2) {
      model.put((String) extra[i], extra[i + 1]);
    }
    return sql.render(template, model);
  }
}
