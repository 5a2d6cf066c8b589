package org.flowmat.testkit;

/**
 * Features the conformance suite checks that a dialect may lack. A dialect declares what it lacks; for each such
 * capability the suite does not skip silently but proves the declaration: the feature must fail cleanly.
 */
public enum Capability {
  /**
   * Apply against a live warehouse: the endpoint connects, introspects and runs the DDL that creates the bindings'
   * tables. A dialect that lacks it (a new one whose client is not written yet) must fail Apply with an error, never
   * pretend to succeed. Lacking it implies lacking {@link #STORE}.
   */
  APPLY,

  /**
   * Transactions: Open, Load, Store and Acknowledge stage rows and land them in the tables. A dialect that lacks it
   * (Apply works, staging or the merge does not yet) must fail its first transaction with an error and leave the
   * tables empty. Every test that stores needs it, so a dialect lacking it runs only the tests that prove lacks; the
   * capabilities below then lack trivially (nothing is stored at all).
   */
  STORE,

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
