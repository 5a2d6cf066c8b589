package org.flowmat.core.model;

/** What a column holds: part of the key, a value, or the whole root document. */
public enum Role {
  KEY,
  VALUE,
  DOCUMENT
}
