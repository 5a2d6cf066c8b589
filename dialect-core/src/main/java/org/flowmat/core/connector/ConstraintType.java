package org.flowmat.core.connector;

/** How a field may be selected, in the order of Flow's current enum. */
public enum ConstraintType {
  FIELD_REQUIRED,
  LOCATION_REQUIRED,
  LOCATION_RECOMMENDED,
  FIELD_OPTIONAL,
  FIELD_FORBIDDEN,
  INCOMPATIBLE
}
