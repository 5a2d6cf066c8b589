package org.flowmat.core.dialect;

import java.util.Optional;
import org.flowmat.core.model.FieldType;

/** A dialect's types: which column type a field gets, and which existing columns can keep or be migrated. */
public interface TypeMapping {

  ColumnType map(FieldType field);

  /**
   * The allowed migration from an existing column of type {@code existingType} (as the information schema names it)
   * to {@code target}, if any. Key columns are never migrated: changing a key's type needs a backfill.
   */
  Optional<Migration> migration(String existingType, ColumnType target);

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
   * The SQL ({@code %s} is the column) giving a column's value as JSON text in the form Flow sent it, for Loads of
   * bindings without a root document, whose documents are rebuilt from columns.
   */
  default String loadedJson(FieldType field, ColumnType type) {
    return "to_json(%s)";
  }
}
