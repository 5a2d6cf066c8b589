package org.flowmat.core.dialect;

/**
 * How an existing column becomes a new type: {@code castExpression} converts one value, with {@code %s} standing for
 * the quoted column. {@code direct} means one ALTER ... TYPE ... USING; otherwise the engine copies through a
 * temporary column, in steps that a rerun resumes.
 */
public record Migration(String fromType, ColumnType to, String castExpression, boolean direct) {
  public String cast(String quotedColumn) {
    return castExpression.replace("%s", quotedColumn);
  }
}
