package org.flowmat.runtime.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Response.Validated;
import org.flowmat.runtime.proto.Materialize.Response.Validated.Constraint.Type;

/**
 * Flow's default field selection, made from the constraints a connector's Validate returned, as Flow's control plane
 * makes it: the keys are the collection key's canonical fields, in key order; the document is the root projection's
 * field when it is required or recommended; the values are every other field that is required
 * ({@code FIELD_REQUIRED}, {@code LOCATION_REQUIRED}) or recommended ({@code LOCATION_RECOMMENDED}, one field per
 * location), plus the optional fields ({@code FIELD_OPTIONAL}) that the last applied selection had (Flow keeps what is
 * live) or that the example requires, minus what the example excludes; in code point order. Forbidden and
 * incompatible fields are never selected; requiring one, or a required or live field being incompatible, is an error.
 */
final class FieldSelector {
  private FieldSelector() {}

  /**
   * @param where the binding, for errors
   * @param require the example's {@code fields.require}: field → field config (may be empty)
   * @param exclude the example's {@code fields.exclude}
   * @param last the binding's selection in the last applied spec, if it was applied before
   */
  static Flow.FieldSelection select(String where, Flow.CollectionSpec collection, Validated.Binding validated,
      Map<String, JsonNode> require, Set<String> exclude, Optional<Flow.FieldSelection> last) {
    Map<String, List<Validated.Constraint>> constraints = new LinkedHashMap<>();
    for (Validated.ProjectionConstraint c : validated.getProjectionConstraintsList()) {
      constraints.computeIfAbsent(c.getField(), f -> new ArrayList<>()).add(c.getConstraint());
    }
    if (constraints.isEmpty()) {
      validated.getConstraintsMap().forEach((f, c) -> constraints.put(f, List.of(c)));
    }
    Map<String, String> ptrOf = new LinkedHashMap<>();
    Map<String, String> canonical = new LinkedHashMap<>();
    for (Flow.Projection p : collection.getProjectionsList()) {
      ptrOf.put(p.getField(), p.getPtr());
      String canonicalField = p.getPtr().isEmpty() ? SchemaProjections.FLOW_DOCUMENT : p.getPtr().substring(1);
      if (p.getField().equals(canonicalField)) {
        canonical.putIfAbsent(p.getPtr(), p.getField());
      }
    }
    for (String field : require.keySet()) {
      if (!ptrOf.containsKey(field)) {
        throw new IllegalArgumentException(where + ": fields.require names '" + field + "', which the collection does not project");
      }
    }
    Set<String> lastFields = new HashSet<>();
    last.ifPresent(s -> {
      lastFields.addAll(s.getValuesList());
      lastFields.addAll(s.getKeysList());
      if (!s.getDocument().isEmpty()) {
        lastFields.add(s.getDocument());
      }
    });

    Flow.FieldSelection.Builder out = Flow.FieldSelection.newBuilder();
    Set<String> selected = new HashSet<>();
    Set<String> selectedPtrs = new HashSet<>();
    for (String ptr : collection.getKeyList()) {
      String field = canonical.get(ptr);
      check(where, field, constraints.get(field), true);
      out.addKeys(field);
      selected.add(field);
      selectedPtrs.add(ptr);
    }
    // Required first, so a recommended field never takes the location of a required one.
    List<String> order = new ArrayList<>();
    constraints.forEach((f, cs) -> {
      if (isRequired(cs)) {
        order.add(f);
      }
    });
    constraints.forEach((f, cs) -> {
      if (!isRequired(cs)) {
        order.add(f);
      }
    });
    TreeSet<String> values = new TreeSet<>(SchemaProjections.CODE_POINT_ORDER);
    for (String field : order) {
      List<Validated.Constraint> cs = constraints.get(field);
      String ptr = ptrOf.get(field);
      if (ptr == null || selected.contains(field)) {
        continue;
      }
      boolean wanted = require.containsKey(field);
      boolean take;
      if (isRequired(cs)) {
        take = true;
      } else if (has(cs, Type.FIELD_FORBIDDEN) || has(cs, Type.INCOMPATIBLE) || has(cs, Type.UNSATISFIABLE)) {
        if (wanted || (lastFields.contains(field) && !has(cs, Type.FIELD_FORBIDDEN))) {
          check(where, field, cs, false); // a live field that became incompatible needs a backfill, as in Flow
        }
        take = false;
      } else if (has(cs, Type.LOCATION_RECOMMENDED)) {
        take = wanted || (!exclude.contains(field) && !selectedPtrs.contains(ptr));
      } else {
        take = wanted || (lastFields.contains(field) && !exclude.contains(field)); // FIELD_OPTIONAL
      }
      if (!take) {
        continue;
      }
      if (isRequired(cs) && exclude.contains(field)) {
        throw new IllegalArgumentException(where + ": fields.exclude names '" + field + "', which is required: "
            + cs.get(0).getReason());
      }
      check(where, field, cs, false);
      selected.add(field);
      selectedPtrs.add(ptr);
      if (ptr.isEmpty() && out.getDocument().isEmpty()) {
        out.setDocument(field);
      } else {
        values.add(field);
      }
    }
    out.addAllValues(values);
    require.forEach((field, config) -> {
      if (config != null && !config.isEmpty()) {
        out.putFieldConfigJsonMap(field, ByteString.copyFromUtf8(config.toString()));
      }
    });
    return out.build();
  }

  private static boolean isRequired(List<Validated.Constraint> cs) {
    return has(cs, Type.FIELD_REQUIRED) || has(cs, Type.LOCATION_REQUIRED);
  }

  private static boolean has(List<Validated.Constraint> cs, Type type) {
    return cs.stream().anyMatch(c -> c.getType() == type);
  }

  /** Fails when {@code field} cannot be selected: no constraint, forbidden, or incompatible (needs a backfill). */
  private static void check(String where, String field, List<Validated.Constraint> cs, boolean key) {
    if (cs == null || cs.isEmpty()) {
      throw new IllegalArgumentException(where + ": the connector returned no constraint for " + (key ? "key " : "")
          + "field '" + field + "'");
    }
    for (Validated.Constraint c : cs) {
      switch (c.getType()) {
        case FIELD_FORBIDDEN -> throw new IllegalArgumentException(where + ": " + (key ? "key " : "") + "field '" + field
            + "' cannot be materialized: " + c.getReason());
        case INCOMPATIBLE, UNSATISFIABLE -> throw new IllegalArgumentException(where + ": field '" + field
            + "' is incompatible with the table: " + c.getReason() + ". Bump the collection's \"backfill\" in the"
            + " example's catalog.json to rebuild the table, or run with --fresh to start over");
        default -> { }
      }
    }
  }
}
