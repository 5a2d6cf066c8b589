package org.flowmat.core.spec;

/** Whether a location must, may, or cannot exist in a document (Flow's inference). */
public enum Exists {
  INVALID,
  MUST,
  MAY,
  IMPLICIT,
  CANNOT
}
