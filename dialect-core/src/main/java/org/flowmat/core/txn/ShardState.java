package org.flowmat.core.txn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.flowmat.core.connector.ConnectorException;

/**
 * One shard's part of the connector state, as Open reads it: the last plan id, the pending plan's bindings, and the
 * entries of older plans whose clearing patch was lost. Anything the engine could not continue from exactly (a plan id
 * that is not a number, negative, or at the top of the 64-bit range so that no next plan can be numbered; an entry
 * newer than the shard's plan; an entry that is not a plan) is refused here with what to do, never skipped.
 */
record ShardState(long plan, Plan pending, Set<String> stale) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ShardState read(JsonNode state, String rangeKey) {
    JsonNode shard = state.path(rangeKey);
    if (shard.isMissingNode() || shard.isNull()) {
      return new ShardState(0, null, Set.of());
    }
    if (!shard.isObject()) {
      throw invalid(rangeKey, "is " + shard.getNodeType() + " " + abbreviate(shard) + ", not an object");
    }
    JsonNode bindings = shard.path("bindings");
    if (!bindings.isMissingNode() && !bindings.isNull() && !bindings.isObject()) {
      throw invalid(rangeKey, "has \"bindings\" " + abbreviate(bindings) + ", which is not an object");
    }
    long plan = shard.has("plan") || bindings.size() > 0 ? planId(rangeKey, "\"plan\"", shard.path("plan")) : 0;
    Map<String, Plan.BindingPlan> recovered = new LinkedHashMap<>();
    Set<String> stale = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) bindings::fields) {
      JsonNode entry = e.getValue();
      if (entry.isNull()) {
        continue; // a cleared entry, if a runtime ever keeps the null of a merge patch
      }
      String where = "binding \"" + e.getKey() + "\"";
      if (!entry.isObject()) {
        throw invalid(rangeKey, "has " + where + " " + abbreviate(entry) + ", which is not a plan entry");
      }
      long entryPlan = planId(rangeKey, where + "'s \"plan\"", entry.path("plan"));
      if (entryPlan > plan) {
        throw invalid(rangeKey, "has " + where + " of plan " + entryPlan + ", newer than the shard's plan " + plan
            + ": the state was not written by this connector");
      }
      if (entryPlan < plan) {
        stale.add(e.getKey()); // its clearing patch was lost; it was applied (or superseded) long ago
        continue;
      }
      try {
        recovered.put(e.getKey(), JSON.convertValue(entry, Plan.BindingPlan.class));
      } catch (IllegalArgumentException ex) {
        throw invalid(rangeKey, "has " + where + " of pending plan " + plan + " that cannot be read (" + ex.getMessage()
            + ")");
      }
    }
    return new ShardState(plan, recovered.isEmpty() ? null : new Plan(plan, recovered), Set.copyOf(stale));
  }

  /**
   * Checks the plan id a shard continues from, whether from the state or the marker table: the next plan is this
   * plus one, so it must be below {@link Long#MAX_VALUE}.
   */
  static void checkContinuable(String rangeKey, String source, long plan) {
    if (plan < 0 || plan == Long.MAX_VALUE) {
      throw new ConnectorException("shard " + rangeKey + " cannot continue: " + source + " holds plan id " + plan
          + ", and plan ids must lie in 0.." + (Long.MAX_VALUE - 1) + " so that the next plan can be numbered."
          + " Nothing was applied. Reset the shard: remove its entry \"" + rangeKey + "\" from the connector state and"
          + " its row from the connector's marker table (or backfill the materialization)");
    }
  }

  private static long planId(String rangeKey, String what, JsonNode node) {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw invalid(rangeKey, "has " + what + " " + (node.isMissingNode() ? "missing" : abbreviate(node))
          + ", which is not a plan id (an integer in 0.." + (Long.MAX_VALUE - 1) + ")");
    }
    long id = node.longValue();
    checkContinuable(rangeKey, "the connector state's " + what, id);
    return id;
  }

  private static ConnectorException invalid(String rangeKey, String what) {
    return new ConnectorException("the connector state of shard " + rangeKey + " " + what + ". The connector cannot"
        + " tell which rows were applied from it; nothing was applied. Restore the state this connector wrote, or reset"
        + " the shard: remove its entry \"" + rangeKey + "\" from the connector state and its row from the connector's"
        + " marker table (or backfill the materialization)");
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
