package org.flowmat.core.dialect;

/**
 * A dialect's identifier rules. {@link #column} turns a Flow field into the column name the warehouse stores;
 * {@link #quote} renders any name so that it can never break out of its place in a statement.
 */
public interface Identifiers {

  /** The column name for a field: the field itself unless the warehouse cannot hold its characters. */
  String column(String field);

  /** The name the warehouse reports for {@code name} in its information schema (its case folding). */
  String stored(String name);

  /** The identifier as SQL: bare when that is safe (simple and not reserved), otherwise quoted and escaped. */
  String quote(String name);

  /** Whether names differing only in case are the same column. */
  boolean caseInsensitive();

  /** Longest column name in characters; 0 for no limit. */
  int maxLength();
}
