package org.flowmat.testkit;

/**
 * Features the conformance suite checks that a dialect may lack. A dialect declares what it lacks; for each such
 * capability the suite does not skip silently but proves the declaration: the feature must fail cleanly.
 */
public enum Capability {
  /**
   * Two connector processes writing to the same warehouse at once (shards of one task running side by side). An
   * embedded single-file database lacks it: its shards take turns, and a second writer fails with a clear error.
   */
  CONCURRENT_WRITERS,

  /** Integer keys beyond the signed 64-bit range (u64 values up to 2^64-1, and larger). */
  KEYS_BEYOND_INT64,

  /** Keys of base64-encoded binary fields. */
  BINARY_KEYS,

  /** Keys of boolean fields. */
  BOOLEAN_KEYS
}
