package org.flowmat.core.dialect;

/**
 * How a column travels through staged JSON: the type the warehouse reads it as, and the expression ({@code %s} is the
 * staged column) that turns it into the column's type, e.g. base64 text into bytes.
 */
public record StagedType(String type, String expression) {
  public static StagedType as(String type) {
    return new StagedType(type, "%s");
  }

  public String expression(String stagedColumn) {
    return expression.replace("%s", stagedColumn);
  }
}
