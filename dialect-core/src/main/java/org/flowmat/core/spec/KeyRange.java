package org.flowmat.core.spec;

import java.util.Locale;

/** A shard's inclusive range of key hashes, two unsigned 32-bit numbers held in longs. */
public record KeyRange(long keyBegin, long keyEnd) {
  public static final KeyRange FULL = new KeyRange(0, 0xFFFF_FFFFL);

  public KeyRange {
    if (keyBegin < 0 || keyEnd > 0xFFFF_FFFFL || keyBegin > keyEnd) {
      throw new IllegalArgumentException("invalid key range [" + keyBegin + ", " + keyEnd + "]");
    }
  }

  /** The prefix that names this shard's staging resources: key_begin as 8 lowercase hex digits. */
  public String prefix() {
    return String.format(Locale.ROOT, "%08x", keyBegin);
  }
}
