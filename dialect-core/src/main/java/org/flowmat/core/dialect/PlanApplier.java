package org.flowmat.core.dialect;

import java.util.List;
import org.flowmat.core.model.TablePath;

/**
 * How a warehouse applies a shard's committed plans exactly once and keeps zombies out: the part of exactly-once
 * that differs between warehouses (see docs/exactly-once.md). The engine's default,
 * {@link org.flowmat.core.txn.MarkerRowApplier}, fences and marks plans in one row per shard of the markers table,
 * in the same transaction as the plan's statements; a warehouse may instead keep a marker per table, use
 * deterministic job ids, or run a guarded script, as long as:
 *
 * <ul>
 *   <li>{@link #open} fences off every earlier instance of the shard, its parent and its children: none of them can
 *       apply anything afterwards;
 *   <li>{@link #apply} with a plan id already applied changes nothing and says {@link Outcome#ALREADY_APPLIED}, even
 *       when a crash interrupted an earlier apply of that plan part way;
 *   <li>each table's statements take effect together with the record that they did, or not at all.
 * </ul>
 */
public interface PlanApplier {

  /** Open: installs this instance's fence; learns the last plan applied for the range (inherited after a split). */
  Fence open() throws Exception;

  /**
   * Acknowledge: applies plan {@code plan} as instance {@code fence}. {@code work} yields each table's statements; it
   * is called only once the applier knows the plan must be applied (it checks the staged files exist), and at most
   * once.
   */
  Outcome apply(long plan, long fence, PlanWork work) throws Exception;

  /** What {@link #apply} did. */
  enum Outcome {
    /** The plan's statements ran now (for a per-table applier: those of every table that had not run them). */
    APPLIED,
    /** Every table had applied this plan before: a replay, nothing ran. */
    ALREADY_APPLIED,
    /** Another instance owns the range: nothing ran, and this one must stop. */
    FENCED
  }

  /** This instance's fence, and the last plan applied for its range. */
  record Fence(long fence, long appliedPlan) {}

  /** One table's part of a plan: the statements that bring its staged rows in. */
  record TableStatements(String stateKey, TablePath table, List<String> statements) {
    public TableStatements {
      statements = List.copyOf(statements);
    }
  }

  /** The statements of a plan, rendered (and its staged files checked) only when they are to run. */
  @FunctionalInterface
  interface PlanWork {
    List<TableStatements> tables() throws Exception;
  }
}
