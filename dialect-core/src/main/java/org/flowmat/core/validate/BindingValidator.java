package org.flowmat.core.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowmat.core.config.FeatureFlags;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.ConstraintType;
import org.flowmat.core.connector.FieldConstraint;
import org.flowmat.core.connector.ValidateRequest;
import org.flowmat.core.connector.ValidatedBinding;
import org.flowmat.core.dialect.ColumnType;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.TypeMapping;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.ExistingTable;
import org.flowmat.core.model.FieldType;
import org.flowmat.core.model.FlatType;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.MaterializationBinding;
import org.flowmat.core.spec.Projection;
import org.flowmat.core.spec.SerPolicy;

/**
 * Decides the constraints of one proposed binding (protocol reference §6): for a new table from the projections
 * alone, for an existing one also from its live columns and the last applied field selection. Read-only.
 */
public final class BindingValidator {
  private final Identifiers identifiers;
  private final TypeMapping types;
  private final SerPolicy serPolicy;
  private final FeatureFlags flags;

  public BindingValidator(Identifiers identifiers, TypeMapping types, SerPolicy serPolicy) {
    this(identifiers, types, serPolicy, FeatureFlags.NONE);
  }

  public BindingValidator(Identifiers identifiers, TypeMapping types, SerPolicy serPolicy, FeatureFlags flags) {
    this.identifiers = identifiers;
    this.types = types;
    this.serPolicy = serPolicy;
    this.flags = flags;
  }

  /** A proposed binding with everything known about it. */
  public record Proposal(
      int index,
      ValidateRequest.Binding binding,
      TablePath path,
      boolean deltaUpdates,
      Optional<ExistingTable> existing,
      Optional<MaterializationBinding> last) {}

  public ValidatedBinding validate(Proposal p) {
    String where = "binding " + p.index() + " (collection " + p.binding().collection().name() + " → " + p.path() + ")";
    Set<String> keyFields = keyFields(p.binding());
    for (Projection projection : p.binding().collection().projections()) {
      if (keyFields.contains(projection.field())) {
        FieldType type = FieldType.of(projection, false);
        if (type.nullableKeyWithoutDefault()) {
          throw new ConnectorException(
              where + ": cannot materialize with nullable key field '" + projection.field()
                  + "': a key must always exist and never be null, or have a default in the schema");
        }
      }
    }
    if (p.last().isPresent() && p.last().get().deltaUpdates() && !p.deltaUpdates()) {
      throw new ConnectorException(
          where + ": cannot switch from delta updates back to standard updates; backfill into a new table instead");
    }
    boolean adopting = p.last().isEmpty() && p.existing().isPresent();
    if (adopting && !flags.enabled(FeatureFlags.ALLOW_EXISTING_TABLES_FOR_NEW_BINDINGS)) {
      throw new ConnectorException(
          where + ": table " + p.path() + " already exists, and this binding is new; a new binding would take over a table"
              + " it did not create. Drop or rename the table, or choose another table name, or let new bindings adopt"
              + " existing tables with the endpoint setting advanced.feature_flags: \""
              + FeatureFlags.ALLOW_EXISTING_TABLES_FOR_NEW_BINDINGS + "\"");
    }
    boolean backfilled = p.last().isPresent() && p.last().get().backfill() != p.binding().backfill();
    Map<String, List<FieldConstraint>> constraints =
        p.existing().isEmpty() || backfilled ? forNewTable(p)
            : adopting ? forAdoptedTable(p, p.existing().get())
            : forExistingTable(p, p.existing().get(), p.last().get());
    foldAndLimit(p, where, constraints);
    List<FieldConstraint> flat = constraints.values().stream().flatMap(List::stream).toList();
    return new ValidatedBinding(p.path().components(), p.deltaUpdates(), identifiers.caseInsensitive(), serPolicy, flat);
  }

  private static Set<String> keyFields(ValidateRequest.Binding binding) {
    if (!binding.groupBy().isEmpty()) {
      return Set.copyOf(binding.groupBy());
    }
    return binding.collection().projections().stream()
        .filter(Projection::isPrimaryKey)
        .map(Projection::field)
        .collect(Collectors.toSet());
  }

  // ---- §6.2: a table that does not exist yet (or is being backfilled) ----

  private Map<String, List<FieldConstraint>> forNewTable(Proposal p) {
    Map<String, List<FieldConstraint>> out = new LinkedHashMap<>();
    boolean documentSeen = false;
    String firstKeyPtr = p.binding().collection().key().isEmpty() ? null : p.binding().collection().key().get(0);
    for (Projection projection : p.binding().collection().projections()) {
      FieldConstraint c = base(projection, p.deltaUpdates());
      if (!p.deltaUpdates() && projection.isRootDocument()) {
        if (documentSeen) {
          c = new FieldConstraint(
              projection.field(), ConstraintType.FIELD_FORBIDDEN,
              "Only a single root document projection can be materialized for standard updates");
        }
        documentSeen = true;
      }
      if (!p.deltaUpdates() && projection.ptr().equals(firstKeyPtr)
          && (c.type() == ConstraintType.FIELD_OPTIONAL || c.type() == ConstraintType.LOCATION_RECOMMENDED)) {
        c = new FieldConstraint(
            projection.field(), ConstraintType.LOCATION_REQUIRED,
            "The first collection key component is required to be included for standard updates");
      }
      out.put(projection.field(), new ArrayList<>(List.of(c)));
    }
    return out;
  }

  /** The constraint of a projection on its own, before anything about an existing table is known. */
  static FieldConstraint base(Projection p, boolean deltaUpdates) {
    String field = p.field();
    List<String> types = p.inference().types();
    if (p.isPrimaryKey()) {
      return new FieldConstraint(field, ConstraintType.LOCATION_RECOMMENDED,
          "All Locations that are part of the collections key are recommended");
    }
    if (p.isRootDocument()) {
      return deltaUpdates
          ? new FieldConstraint(field, ConstraintType.LOCATION_RECOMMENDED, "The root document should usually be materialized")
          : new FieldConstraint(field, ConstraintType.LOCATION_REQUIRED, "The root document must be materialized");
    }
    if (types.isEmpty()) {
      return new FieldConstraint(field, ConstraintType.FIELD_FORBIDDEN, "Cannot materialize a field with no types");
    }
    if (types.size() == 1 && types.get(0).equals("null")) {
      return new FieldConstraint(field, ConstraintType.FIELD_FORBIDDEN,
          "Cannot materialize a field where the only possible type is 'null'");
    }
    if (field.equals("_meta/op")) {
      return new FieldConstraint(field, ConstraintType.LOCATION_RECOMMENDED,
          "The operation type (c, u or d) of the document is recommended");
    }
    if (field.startsWith("_meta/")) {
      return new FieldConstraint(field, ConstraintType.FIELD_OPTIONAL, "Metadata fields may be materialized");
    }
    FieldType type = FieldType.of(p, false);
    if (type.isScalar()) {
      return new FieldConstraint(field, ConstraintType.LOCATION_RECOMMENDED, "The projection has a single scalar type");
    }
    if (type.flat() == FlatType.OBJECT) {
      return new FieldConstraint(field, ConstraintType.FIELD_OPTIONAL, "Object fields may be materialized");
    }
    return new FieldConstraint(field, ConstraintType.LOCATION_RECOMMENDED, "This field is able to be materialized");
  }

  // ---- a new binding adopting a table that exists (feature flag allow_existing_tables_for_new_bindings) ----

  /**
   * As for a new table, except that a field whose column exists must fit it (as is, or by a migration for values):
   * otherwise the field is INCOMPATIBLE, since nothing of a new binding can be backfilled into that column's type.
   */
  private Map<String, List<FieldConstraint>> forAdoptedTable(Proposal p, ExistingTable table) {
    Map<String, List<FieldConstraint>> out = forNewTable(p);
    Set<String> keyFields = p.deltaUpdates() ? Set.of() : keyFields(p.binding());
    for (Projection projection : p.binding().collection().projections()) {
      List<FieldConstraint> cs = out.get(projection.field());
      if (cs.stream().anyMatch(c -> c.type() == ConstraintType.FIELD_FORBIDDEN)) {
        continue;
      }
      Optional<ExistingColumn> column = table.column(identifiers.columnOf(projection.field()), identifiers);
      Optional<String> problem = column.flatMap(c -> incompatibility(projection, c, keyFields.contains(projection.field())));
      if (problem.isPresent()) {
        List<FieldConstraint> replaced = withIncompatibility(cs.get(0), problem.get() + "; the table existed before this binding");
        cs.clear();
        cs.addAll(replaced);
      }
    }
    return out;
  }

  // ---- §6.3: a table that exists, with the last applied selection ----

  private Map<String, List<FieldConstraint>> forExistingTable(Proposal p, ExistingTable table, MaterializationBinding last) {
    Map<String, List<FieldConstraint>> out = new LinkedHashMap<>();
    List<Projection> projections = p.binding().collection().projections();
    String lastDocument = last.fieldSelection().document();
    boolean lastDocumentStillProjected = projections.stream().anyMatch(x -> x.field().equals(lastDocument));
    Optional<Projection> firstRoot = projections.stream().filter(Projection::isRootDocument).findFirst();
    Set<String> lastKeys = Set.copyOf(last.fieldSelection().keys());
    Set<String> lastValues = Set.copyOf(last.fieldSelection().values());

    for (Projection projection : projections) {
      String field = projection.field();
      FieldConstraint base = base(projection, p.deltaUpdates());
      List<FieldConstraint> cs = new ArrayList<>();
      out.put(field, cs);
      Optional<ExistingColumn> column = table.column(identifiers.columnOf(field), identifiers);

      if (base.type() == ConstraintType.FIELD_FORBIDDEN) {
        cs.add(base);
      } else if (!p.deltaUpdates() && projection.isRootDocument()) {
        boolean isTheDocument = lastDocument.isEmpty() ? false : field.equals(lastDocument);
        if (lastDocument.isEmpty()) {
          cs.addAll(withIncompatibility(base, "Cannot add a new root document projection to a table that has none"
              + " without backfilling"));
        } else if (isTheDocument) {
          FieldConstraint required = new FieldConstraint(field, ConstraintType.FIELD_REQUIRED,
              "This field is the document in the current materialization");
          Optional<String> problem = column.flatMap(c -> incompatibility(projection, c, false));
          if (problem.isPresent()) {
            cs.add(new FieldConstraint(field, ConstraintType.LOCATION_REQUIRED, required.reason()));
            cs.add(new FieldConstraint(field, ConstraintType.INCOMPATIBLE, problem.get()));
          } else {
            cs.add(required);
          }
        } else if (!lastDocumentStillProjected && firstRoot.map(r -> r.field().equals(field)).orElse(false)) {
          cs.add(new FieldConstraint(field, ConstraintType.LOCATION_REQUIRED, "The root document must be materialized"));
          cs.add(new FieldConstraint(field, ConstraintType.INCOMPATIBLE,
              "The root document must be materialized as field '" + lastDocument + "', which is no longer projected;"
                  + " backfill to change it"));
        } else {
          cs.add(new FieldConstraint(field, ConstraintType.FIELD_FORBIDDEN,
              "The root document is already being materialized as the document field '" + lastDocument + "'"));
        }
      } else if (!p.deltaUpdates() && projection.isPrimaryKey() && !lastKeys.contains(field)) {
        if (!lastValues.contains(field)) {
          cs.add(new FieldConstraint(field, ConstraintType.FIELD_FORBIDDEN,
              "Cannot add a new key location to the field selection of an existing table without backfilling"));
        } else if (column.isPresent()) {
          cs.addAll(existingColumn(projection, base, column.get(), false));
        } else {
          cs.add(new FieldConstraint(field, ConstraintType.FIELD_OPTIONAL, "This location is part of the current materialization"));
        }
      } else if (column.isPresent()) {
        cs.addAll(existingColumn(projection, base, column.get(), lastKeys.contains(field)));
      } else {
        cs.add(base);
      }
    }
    return out;
  }

  private List<FieldConstraint> existingColumn(Projection projection, FieldConstraint base, ExistingColumn column, boolean isKey) {
    String field = projection.field();
    Optional<String> problem = incompatibility(projection, column, isKey);
    if (problem.isPresent()) {
      return withIncompatibility(base, problem.get());
    }
    return List.of(isKey
        ? new FieldConstraint(field, ConstraintType.FIELD_REQUIRED, "This field is a key in the current materialization")
        : new FieldConstraint(field, ConstraintType.FIELD_OPTIONAL, "This location is part of the current materialization"));
  }

  /** Why the existing column cannot hold the field, or empty when it can (as is, or after a migration for values). */
  private Optional<String> incompatibility(Projection projection, ExistingColumn column, boolean isKey) {
    FieldType type = FieldType.of(projection, false);
    if (isKey) {
      type = type.asKey();
    }
    ColumnType desired = types.map(type);
    if (types.accepts(column, desired)) {
      return Optional.empty();
    }
    if (!isKey && types.migration(column, desired).isPresent()) {
      return Optional.empty();
    }
    return Optional.of("Field '" + projection.field() + "' is already being materialized as endpoint type '"
        + column.type() + "' but endpoint type '" + desired.ddl() + "' is required by its schema '{ type: "
        + projection.inference().types() + " }'" + (isKey ? " (a key's type cannot change without a backfill)" : ""));
  }

  /** An incompatible field stays required where it was: the control plane then asks for a backfill. */
  private static List<FieldConstraint> withIncompatibility(FieldConstraint base, String reason) {
    FieldConstraint incompatible = new FieldConstraint(base.field(), ConstraintType.INCOMPATIBLE, reason);
    if (base.type() == ConstraintType.FIELD_REQUIRED || base.type() == ConstraintType.LOCATION_REQUIRED) {
      return List.of(base, incompatible);
    }
    return List.of(incompatible);
  }

  // ---- both: folded names, collisions, length limits ----

  private void foldAndLimit(Proposal p, String where, Map<String, List<FieldConstraint>> constraints) {
    Map<String, String> columnOf = new HashMap<>();
    Map<String, List<String>> fieldsOfColumn = new LinkedHashMap<>();
    for (String field : constraints.keySet()) {
      String column = identifiers.column(field);
      columnOf.put(field, column);
      fieldsOfColumn.computeIfAbsent(identifiers.columnNamed(column).key(), k -> new ArrayList<>()).add(field);
    }
    int max = identifiers.maxLength();
    Map<String, List<String>> projectionsOfPtr = new HashMap<>();
    p.binding().collection().projections().forEach(x -> projectionsOfPtr.computeIfAbsent(x.ptr(), k -> new ArrayList<>()).add(x.field()));

    for (Map.Entry<String, List<FieldConstraint>> entry : constraints.entrySet()) {
      String field = entry.getKey();
      String column = columnOf.get(field);
      String folded = column.equals(field) ? "" : column;
      List<FieldConstraint> cs = entry.getValue();
      if (!identifiers.fits(column)) {
        if (cs.stream().anyMatch(c -> c.type() == ConstraintType.FIELD_REQUIRED)) {
          throw new ConnectorException(where + ": required field '" + field + "' is longer than the warehouse's "
              + max + "-character limit for column names");
        }
        cs.clear();
        cs.add(new FieldConstraint(field, ConstraintType.FIELD_FORBIDDEN,
            "Field '" + field + "' is longer than the maximum column name length of " + max + " characters"));
      }
      List<String> rivals = fieldsOfColumn.get(identifiers.columnNamed(column).key());
      if (rivals.size() > 1 && !isRequired(cs)) {
        Optional<String> requiredRival =
            rivals.stream().filter(r -> !r.equals(field) && isRequired(constraints.get(r))).findFirst();
        if (requiredRival.isPresent()) {
          cs.clear();
          cs.add(new FieldConstraint(field, ConstraintType.FIELD_FORBIDDEN,
              "Field '" + field + "' would be stored as the same column as required field '" + requiredRival.get() + "'"));
        }
      }
      cs.replaceAll(c -> new FieldConstraint(c.field(), c.type(), c.reason(), folded));
    }
    // A required location must keep at least one projection that fits.
    for (Map.Entry<String, List<String>> ptr : projectionsOfPtr.entrySet()) {
      boolean required = ptr.getValue().stream().anyMatch(f -> constraints.get(f).stream().anyMatch(c -> c.type() == ConstraintType.LOCATION_REQUIRED));
      boolean allTooLong = ptr.getValue().stream().noneMatch(f -> identifiers.fits(columnOf.get(f)));
      if (required && allTooLong) {
        throw new ConnectorException(where + ": every field of required location '" + ptr.getKey()
            + "' is longer than the warehouse's " + max + "-character limit for column names");
      }
    }
  }

  private static boolean isRequired(List<FieldConstraint> cs) {
    return cs.stream().anyMatch(c -> c.type() == ConstraintType.FIELD_REQUIRED || c.type() == ConstraintType.LOCATION_REQUIRED);
  }
}
