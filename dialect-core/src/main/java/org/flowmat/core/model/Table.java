package org.flowmat.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.TypeMapping;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.spec.MaterializationBinding;
import org.flowmat.core.spec.Projection;

/**
 * The target table of one binding, derived from its field selection: key columns in packed-key order, value columns
 * in packed-value order, and the root document column if selected.
 */
public record Table(
    int binding,
    TablePath path,
    List<Column> keys,
    List<Column> values,
    Optional<Column> document,
    boolean deltaUpdates,
    String stateKey) {

  public Table {
    keys = List.copyOf(keys);
    values = List.copyOf(values);
  }

  /** Derives the table of binding {@code index}; fails naming the field when a selected field has no projection. */
  public static Table derive(int index, MaterializationBinding binding, Identifiers identifiers, TypeMapping types) {
    List<Column> keys = new ArrayList<>();
    for (String field : binding.fieldSelection().keys()) {
      keys.add(column(binding, field, Role.KEY, identifiers, types));
    }
    List<Column> values = new ArrayList<>();
    for (String field : binding.fieldSelection().values()) {
      values.add(column(binding, field, Role.VALUE, identifiers, types));
    }
    Optional<Column> document =
        binding.fieldSelection().hasDocument()
            ? Optional.of(column(binding, binding.fieldSelection().document(), Role.DOCUMENT, identifiers, types))
            : Optional.empty();
    Table table = new Table(
        index, new TablePath(binding.resourcePath()), keys, values, document, binding.deltaUpdates(), binding.stateKey());
    table.requireDistinctColumns(identifiers);
    return table;
  }

  /**
   * Fails when two selected fields would be one column, or a column name is beyond the warehouse's limit: Validate
   * forbids both, so a spec that has them was not validated by this connector's rules, and storing it would write
   * values into the wrong column. Apply and the transactions both derive tables here.
   */
  void requireDistinctColumns(Identifiers identifiers) {
    java.util.Map<String, String> fieldOfColumn = new java.util.HashMap<>();
    for (Column c : columns()) {
      if (!identifiers.fits(c.name())) {
        throw new ConnectorException("table " + path + ": field '" + c.field() + "' is longer than the warehouse's "
            + identifiers.maxLength() + "-character limit for column names");
      }
      String previous = fieldOfColumn.putIfAbsent(identifiers.columnNamed(c.name()).key(), c.field());
      if (previous != null) {
        throw new ConnectorException("table " + path + ": fields '" + previous + "' and '" + c.field()
            + "' would both be stored as column " + c.name() + "; select only one of them");
      }
    }
  }

  private static Column column(
      MaterializationBinding binding, String field, Role role, Identifiers identifiers, TypeMapping types) {
    Projection projection =
        binding
            .collection()
            .projection(field)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "binding " + String.join(".", binding.resourcePath()) + " selects field '" + field
                            + "', which collection " + binding.collection().name() + " does not project"));
    boolean castToString =
        Optional.ofNullable(binding.fieldSelection().fieldConfig().get(field))
            .map(c -> c.path("castToString").asBoolean(false))
            .orElse(false);
    FieldType type = FieldType.of(projection, castToString);
    if (role == Role.KEY) {
      type = type.asKey();
    }
    return new Column(field, identifiers.column(field), projection, type, types.map(type), role);
  }

  /** Keys, then values, then the document: the column order of the table. */
  public List<Column> columns() {
    List<Column> all = new ArrayList<>(keys);
    all.addAll(values);
    document.ifPresent(all::add);
    return all;
  }

  /**
   * The name of a staging resource this shard uses for this binding: prefixed with the shard's key_begin so that
   * shards never collide, e.g. {@code flow_staging_0000abcd_store_2}.
   */
  public String stagingName(KeyRange range, String purpose) {
    return "flow_staging_" + range.prefix() + "_" + purpose + "_" + binding;
  }
}
