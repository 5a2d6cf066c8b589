package org.flowmat.core.txn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.PlanApplier;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.model.TablePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Acknowledge phase: applies a committed plan through the dialect's {@link PlanApplier}, which decides how a
 * replay is recognised and a zombie fenced; renders each active binding's statements only once the applier asks, after
 * checking that every staged file the plan names is there; and deletes the plan's files once it is applied.
 */
final class PlanApply {
  private static final Logger LOG = LoggerFactory.getLogger(PlanApply.class);

  private final TransactionSql sql;
  private final StagingArea staging;
  private final PlanApplier applier;
  private final Set<String> activeStateKeys;
  private final String rangeKey;
  private final long fence;

  PlanApply(TransactionSql sql, StagingArea staging, PlanApplier applier, Set<String> activeStateKeys, String rangeKey,
      long fence) {
    this.sql = sql;
    this.staging = staging;
    this.applier = applier;
    this.activeStateKeys = Set.copyOf(activeStateKeys);
    this.rangeKey = rangeKey;
    this.fence = fence;
  }

  /** Applies {@code plan}: true when it was applied now, false for a replay. A fenced instance fails here. */
  boolean apply(Plan plan) throws Exception {
    PlanApplier.Outcome outcome = applier.apply(plan.id(), fence, () -> statements(plan));
    if (outcome == PlanApplier.Outcome.FENCED) {
      throw new ConnectorException("this instance of shard " + rangeKey + " was fenced off by another (its fence is "
          + fence + "): it must stop, and the newer instance carries on");
    }
    return outcome == PlanApplier.Outcome.APPLIED;
  }

  /** Every staged file of the plan, deleted once the plan is applied (or found applied before). */
  void removeFiles(Plan plan) throws IOException {
    for (Plan.BindingPlan b : plan.bindings().values()) {
      for (String file : b.files()) {
        staging.delete(file);
      }
    }
  }

  private List<PlanApplier.TableStatements> statements(Plan plan) throws IOException {
    requireStagedFiles(plan);
    List<PlanApplier.TableStatements> out = new ArrayList<>();
    for (Map.Entry<String, Plan.BindingPlan> e : plan.bindings().entrySet()) {
      Plan.BindingPlan b = e.getValue();
      if (!activeStateKeys.contains(e.getKey())) {
        LOG.atWarn().addKeyValue("stateKey", e.getKey()).log("skipping a staged binding that is no longer active");
        continue;
      }
      out.add(new PlanApplier.TableStatements(e.getKey(), new TablePath(b.table()),
          sql.store(b, b.files().stream().map(staging::reference).toList())));
    }
    return out;
  }

  /**
   * Fails, before any statement runs, when a file the plan names is gone: its rows were committed to Flow but never
   * reached the warehouse, and nothing can apply the plan without them. The message says what a user can do.
   */
  private void requireStagedFiles(Plan plan) throws IOException {
    List<String> missing = new ArrayList<>();
    List<String> stateKeys = new ArrayList<>();
    for (Map.Entry<String, Plan.BindingPlan> e : plan.bindings().entrySet()) {
      if (!activeStateKeys.contains(e.getKey())) {
        continue;
      }
      for (String file : e.getValue().files()) {
        if (!staging.exists(file)) {
          missing.add(String.join(".", e.getValue().table()) + " (" + staging.reference(file) + ")");
          if (!stateKeys.contains(e.getKey())) {
            stateKeys.add(e.getKey());
          }
        }
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
}
