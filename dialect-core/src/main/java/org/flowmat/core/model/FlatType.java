package org.flowmat.core.model;

/**
 * The single type a projection is materialized as, after removing {@code null} from its JSON types: what every
 * dialect's type mapping starts from.
 */
public enum FlatType {
  /** No type at all (or only null): cannot be materialized. */
  NEVER,
  BOOLEAN,
  INTEGER,
  NUMBER,
  STRING,
  /** A string holding an integer ({@code format: integer}), possibly beyond 64 bits. */
  STRING_INTEGER,
  /** A string holding a number ({@code format: number}), including NaN and infinities. */
  STRING_NUMBER,
  /** A base64 string ({@code contentEncoding: base64}): binary data. */
  BINARY,
  OBJECT,
  ARRAY,
  /** Several JSON types: materialized as JSON. */
  MULTIPLE
}
