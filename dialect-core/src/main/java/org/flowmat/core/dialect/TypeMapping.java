package org.flowmat.core.dialect;

import java.util.Optional;
import java.util.function.UnaryOperator;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.FieldType;

/** A dialect's types: which column type a field gets, and which existing columns can keep or be migrated. */
public interface TypeMapping {

  ColumnType map(FieldType field);

  /**
   * Whether an existing column already holds what {@code target} would: by default when the type name is one
   * {@code target} lists as compatible; a dialect whose type names hide a length, precision or scale that matters
   * (Snowflake's NUMBER(10,2) is no NUMBER(38,0)) checks those too.
   */
  default boolean accepts(ExistingColumn existing, ColumnType target) {
    return target.acceptsExisting(existing.type());
  }

  /**
   * The allowed migration from an existing column to {@code target}, if any; {@code existing} carries the type's
   * name, length, precision and scale as the warehouse reports them. Key columns are never migrated: changing a
   * key's type needs a backfill.
   */
  Optional<Migration> migration(ExistingColumn existing, ColumnType target);

  /** How values of a column of this type are staged as JSON and read back. */
  StagedType staged(ColumnType type);

  /**
   * How the warehouse orders key values in a column of this type, if the engine may bound a transaction's keys by
   * that order; empty (the default) when it may not, e.g. for bytes, booleans, JSON, or text compared under a
   * collation. A wrong answer here makes Loads and merges miss rows that exist, so answer only what is certain.
   */
  default Optional<KeyOrder> keyOrder(ColumnType type) {
    return Optional.empty();
  }

  /**
   * How a value of a column of this type is written into staged JSON: normalized where the warehouse's parser is
   * narrower than what Flow sends, clamped or refused where the column cannot hold it. Must return the value itself
   * for key columns whose text is their identity (e.g. a date-time key stored as text).
   */
  default ValueStager stager(ColumnType type) {
    return ValueStager.AS_IS;
  }

  /**
   * The SQL giving a column's value (from the column reference it is applied to) as JSON in the form Flow sent it,
   * for Loads of bindings without a root document, whose documents are rebuilt from columns.
   */
  UnaryOperator<String> loadedJson(FieldType field, ColumnType type);
}
