package org.flowmat.core.model;

import org.flowmat.core.dialect.ColumnType;
import org.flowmat.core.spec.Projection;

/** A selected field as a column: its stored name, type, role and nullability. */
public record Column(String field, String name, Projection projection, FieldType fieldType, ColumnType type, Role role) {
  /**
   * NOT NULL only when the field must exist and cannot be null; a key column's field type is always must-exist
   * ({@link FieldType#asKey}), so keys are never null.
   */
  public boolean nullable() {
    return !fieldType.mustExist();
  }
}
