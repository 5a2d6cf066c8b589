package org.flowmat.core.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import org.flowmat.core.config.SyncSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how long to hold back Acknowledged, as Estuary's connectors do: only once the materialization is streaming,
 * never for the recovery commit (the first Acknowledge of a session) and never while any of the last
 * {@link #HISTORY} transactions stored {@link #LARGE_TRANSACTION} documents or more (a backfill). The delay runs to
 * the schedule's next sync time after the previous Acknowledged. One per session; used from the session's thread.
 */
public final class AckPacer {
  /** A transaction that stored this many documents is taken as part of a backfill. */
  public static final long LARGE_TRANSACTION = 1_000_000;

  /** How many recent transactions must all be small for the materialization to count as streaming. */
  public static final int HISTORY = 5;

  private static final Logger LOG = LoggerFactory.getLogger(AckPacer.class);

  private final SyncSchedule schedule;
  private final Clock clock;
  private final ArrayDeque<Long> stored = new ArrayDeque<>();
  private Instant lastAck;

  public AckPacer(SyncSchedule schedule, Clock clock) {
    this.schedule = schedule;
    this.clock = clock;
  }

  /** A transaction's StartCommit, with the number of Stores it had; transactions without Stores do not count. */
  public void committed(long stores) {
    if (stores > 0) {
      stored.addLast(stores);
      if (stored.size() > HISTORY) {
        stored.removeFirst();
      }
    }
  }

  /** How long to wait before sending the Acknowledged whose apply just completed; zero for none. */
  public Duration delay() {
    if (schedule.immediate() || lastAck == null) {
      return Duration.ZERO;
    }
    Instant now = clock.instant();
    Instant next = schedule.next(lastAck);
    List<Long> history = List.copyOf(stored);
    if (history.stream().anyMatch(n -> n >= LARGE_TRANSACTION)) {
      LOG.atInfo().addKeyValue("storedHistory", history)
          .log("not delaying Acknowledged: a recent transaction was large (backfill)");
      return Duration.ZERO;
    }
    Duration d = Duration.between(now, next);
    if (d.isNegative() || d.isZero()) {
      return Duration.ZERO;
    }
    LOG.atInfo().addKeyValue("nextSync", next).addKeyValue("delay", d).addKeyValue("storedHistory", history)
        .log("delaying Acknowledged until the next sync");
    return d;
  }

  /** Acknowledged was sent now. */
  public void acknowledged() {
    lastAck = clock.instant();
  }
}
