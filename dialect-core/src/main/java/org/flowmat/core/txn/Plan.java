package org.flowmat.core.txn;

import java.util.List;
import java.util.Map;

/**
 * A shard's apply plan: what Acknowledge must do, committed to Flow's recovery log as connector state by
 * StartedCommit. It is self-describing (table, staged file, columns, bounds), so a plan recovered by a later session
 * is applied exactly as it was staged, even if the spec changed in between.
 *
 * @param id strictly increasing per shard; the warehouse's marker row records the last one applied
 * @param bindings by Flow's {@code stateKey}; an entry applies only while its state key is active
 */
public record Plan(long id, Map<String, BindingPlan> bindings) {
  public Plan {
    bindings = Map.copyOf(bindings);
  }

  /** How a binding's staged rows reach its table. */
  public enum Mode {
    /** No stored key existed before: plain insert. */
    INSERT,
    /** Some keys existed: merge (update, insert, and hard delete). */
    MERGE,
    /** Delta updates: every row is appended. */
    APPEND
  }

  /**
   * One binding's part of a plan. {@code plan} repeats the plan id so that stale entries are recognized; {@code files}
   * names the staged files (in the shard's staging area) that hold its rows, in order; {@code longestRow} is the
   * byte length of the longest of them (0: not recorded), which bounds what the warehouse's reader must accept.
   */
  public record BindingPlan(
      long plan,
      List<String> table,
      Mode mode,
      List<String> files,
      long rows,
      long deletes,
      long longestRow,
      List<PlanColumn> columns,
      List<KeyBound> bounds) {
    public BindingPlan {
      table = List.copyOf(table);
      files = List.copyOf(files);
      columns = List.copyOf(columns);
      bounds = List.copyOf(bounds);
    }
  }

  /**
   * A target column and where its value is in the staged rows ({@code staged}, e.g. c3), read as {@code type};
   * {@code expression} is the value in the column's type, as the dialect reads it from the staged row.
   */
  public record PlanColumn(String name, String staged, String type, String expression, boolean key) {}

  /** The range of a key column's values in this transaction, as SQL literals, so the warehouse can prune. */
  public record KeyBound(String column, String lower, String upper) {}
}
