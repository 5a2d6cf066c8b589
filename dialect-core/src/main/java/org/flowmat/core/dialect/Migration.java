package org.flowmat.core.dialect;

import java.util.function.UnaryOperator;

/**
 * How an existing column becomes a new type: {@code conversion} turns the quoted column into the expression that
 * converts one value. {@code direct} means one ALTER ... TYPE ... USING; otherwise the engine copies through a
 * temporary column, in steps that a rerun resumes.
 */
public record Migration(String fromType, ColumnType to, UnaryOperator<String> conversion, boolean direct) {
  public String cast(String quotedColumn) {
    return conversion.apply(quotedColumn);
  }
}
