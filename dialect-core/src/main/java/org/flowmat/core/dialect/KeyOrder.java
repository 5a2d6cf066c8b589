package org.flowmat.core.dialect;

/**
 * How a warehouse orders the values of a key column, when the engine can reproduce that order exactly. The engine
 * bounds each transaction's keys by it ({@code t.key BETWEEN lower AND upper}) so the warehouse can prune; a column
 * whose order it cannot reproduce (binary, booleans, JSON, text under a collation other than bytes) gets no bound,
 * which is always correct, only slower. See {@link TypeMapping#keyOrder}.
 */
public enum KeyOrder {
  /**
   * Exact integers: packed integers, and strings holding a decimal integer (string-formatted integers, which the
   * column stores as numbers). A bound is rendered by {@link Literals#integer}.
   */
  INTEGER,
  /** Finite doubles, from packed numbers and from strings holding a decimal number; rendered by {@link Literals#float64}. */
  FLOAT,
  /** Strings compared by their UTF-8 bytes (a binary collation); rendered by {@link Literals#string}. */
  UTF8_BYTES
}
