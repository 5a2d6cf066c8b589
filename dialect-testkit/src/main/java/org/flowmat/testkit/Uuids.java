package org.flowmat.testkit;

import java.util.UUID;

/** Version 1 UUIDs, which Flow uses as its publication clock in {@code _meta/uuid}. */
public final class Uuids {
  /** 100 ns intervals between the UUID epoch (1582-10-15) and the Unix epoch. */
  private static final long UUID_EPOCH_OFFSET = 0x01B21DD213814000L;

  private Uuids() {}

  /** A v1 UUID for the instant {@code unixMillis} plus {@code ticks} × 100 ns. */
  public static String v1(long unixMillis, int ticks) {
    long ts = unixMillis * 10_000 + UUID_EPOCH_OFFSET + ticks;
    long msb = ((ts & 0xFFFFFFFFL) << 32) | (((ts >>> 32) & 0xFFFFL) << 16) | 0x1000L | ((ts >>> 48) & 0x0FFFL);
    long lsb = 0x8000_0000_0000_0000L | (0x0102_0304_0506L);
    return new UUID(msb, lsb).toString();
  }
}
