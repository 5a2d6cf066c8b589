package org.flowmat.runtime.local;

/**
 * Where {@link LocalRuntime} kills the connector: right after the {@code index}-th message it wrote to a connector
 * (any kind: Spec probe, Open, Acknowledge, Load, Flush, Store, StartCommit), or right after it read and handled
 * the {@code index}-th response. Messages are counted from 1 across the whole lifetime of one runtime: every
 * session and every shard, restarts included. Each kill point fires once.
 *
 * <p>"Handled" matters for StartedCommit: the runtime commits the transaction (its recovery log) before the kill,
 * so a kill after reading StartedCommit is the crash "after the commit reached the log, before Acknowledge". The
 * crash "before StartedCommit reached the log" is a kill after writing StartCommit.
 */
public record KillPoint(Kind kind, long index) {

  public enum Kind {
    AFTER_WRITE,
    AFTER_READ
  }

  public KillPoint {
    if (index < 1) {
      throw new IllegalArgumentException("messages are counted from 1: " + index);
    }
  }

  /** Kill right after the {@code k}-th message written to a connector. */
  public static KillPoint afterWrite(long k) {
    return new KillPoint(Kind.AFTER_WRITE, k);
  }

  /** Kill right after the {@code k}-th response read from a connector (and handled). */
  public static KillPoint afterRead(long k) {
    return new KillPoint(Kind.AFTER_READ, k);
  }

  @Override
  public String toString() {
    return (kind == Kind.AFTER_WRITE ? "after write #" : "after read #") + index;
  }
}
