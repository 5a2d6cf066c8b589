package org.flowmat.runtime.runner;

import java.time.Instant;
import java.util.UUID;

/**
 * Flow's publication clock: every document's {@code /_meta/uuid} is a v1 UUID whose timestamp is when it was
 * published, which Flow projects as {@code flow_published_at}. Built as Gazette builds them: a 60-bit count of
 * 100 ns intervals since 1582-10-15, a 4-bit sub-tick counter in the high bits of the clock sequence, 10 bits of
 * flags (0: outside a transaction) and a 6-byte producer ID with the multicast bit set.
 *
 * <p>{@link #next()} hands out UUIDs from a process-wide monotonic clock (wall time, but never the same tick twice and
 * never backwards), for documents of an example that carry none. Thread-safe.
 */
public final class PublicationClock {
  /** 100 ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01. */
  static final long G1582NS100 = 122_192_928_000_000_000L;

  /** The producer of UUIDs made up by the local runner: "\x01flowm", multicast bit set. */
  public static final long LOCAL_PRODUCER = 0x01_66_6C_6F_77_6DL;

  private static long last;

  private PublicationClock() {}

  /** A v1 UUID for {@code unixTicks} (100 ns since the Unix epoch), sub-tick {@code counter} (0 to 15), producer. */
  public static UUID uuid(long unixTicks, int counter, long producer) {
    if (unixTicks < 0 || counter < 0 || counter > 15) {
      throw new IllegalArgumentException("ticks " + unixTicks + " / counter " + counter + " out of range");
    }
    long t = unixTicks + G1582NS100;
    long msb = (t & 0xFFFF_FFFFL) << 32 | ((t >>> 32) & 0xFFFF) << 16 | 0x1000 | ((t >>> 48) & 0x0FFF);
    long clockSeq = 0x8000L | (long) counter << 10; // RFC 4122 variant, counter, flags 0
    long lsb = clockSeq << 48 | (producer & 0xFFFF_FFFF_FFFFL);
    return new UUID(msb, lsb);
  }

  /** The v1 UUID of {@code instant} (truncated to 100 ns), counter 0, the local producer. */
  public static UUID uuid(Instant instant) {
    return uuid(ticks(instant), 0, LOCAL_PRODUCER);
  }

  /** 100 ns intervals since the Unix epoch. */
  public static long ticks(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 10_000_000L), instant.getNano() / 100);
  }

  /** The publication instant of a v1 UUID (to 100 ns; the sub-tick counter is dropped). */
  public static Instant instant(UUID uuid) {
    if (uuid.version() != 1) {
      throw new IllegalArgumentException("not a v1 UUID: " + uuid);
    }
    long ticks = uuid.timestamp() - G1582NS100;
    return Instant.ofEpochSecond(Math.floorDiv(ticks, 10_000_000L), Math.floorMod(ticks, 10_000_000L) * 100);
  }

  /** A fresh UUID from the process-wide monotonic clock: now, or one tick after the last one handed out. */
  public static synchronized UUID next() {
    long now = ticks(Instant.now());
    last = Math.max(now, last + 1);
    return uuid(last, 0, LOCAL_PRODUCER);
  }
}
