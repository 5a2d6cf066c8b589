package org.flowmat.core.connector;

/**
 * One constraint on one field. A field may carry several (for example LOCATION_REQUIRED and INCOMPATIBLE);
 * {@code foldedField} is the column name the warehouse will use when it differs from the field, else empty.
 */
public record FieldConstraint(String field, ConstraintType type, String reason, String foldedField) {
  public FieldConstraint(String field, ConstraintType type, String reason) {
    this(field, type, reason, "");
  }
}
