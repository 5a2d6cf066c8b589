package org.flowmat.core.model;

import java.util.OptionalInt;

/**
 * A column as the warehouse's information schema reports it: {@code type} is the type's name in upper case; what the
 * name hides (a text column's length, a number's precision and scale) is in the other parts, where reported.
 */
public record ExistingColumn(
    String name, String type, boolean nullable, OptionalInt length, OptionalInt precision, OptionalInt scale) {

  /** A column whose type name says all there is. */
  public ExistingColumn(String name, String type, boolean nullable) {
    this(name, type, nullable, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
  }
}
