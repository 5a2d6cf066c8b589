package org.flowmat.core.dialect;

import java.util.function.UnaryOperator;

/**
 * How a column travels through staged JSON: the type the warehouse reads it as, and the expression that turns a
 * reference to the staged value into the column's type, e.g. base64 text into bytes. A function of the reference,
 * not a pattern, so no SQL text (a {@code %} in a format string, a quoted name) is ever rescanned.
 */
public record StagedType(String type, UnaryOperator<String> read) {
  public static StagedType as(String type) {
    return new StagedType(type, UnaryOperator.identity());
  }

  /** The column's value read from {@code stagedReference} (as the dialect's {@code staged_column} template gives it). */
  public String expression(String stagedReference) {
    return read.apply(stagedReference);
  }
}
