package org.flowmat.runtime.local;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.proto.Flow;

/**
 * Key ranges of shards, and which shard a key belongs to.
 *
 * <p>Flow routes a document to the shard whose inclusive {@code [keyBegin, keyEnd]} range holds the high 32 bits of
 * a HighwayHash-64 of its packed key. This model only needs a stable, well-spread 32-bit hash, so it uses the first
 * four bytes (big-endian) of the packed key's SHA-256 instead: keys land on different shards than in Flow, but
 * always on the same one here.
 */
public final class Shards {
  /** The single full range: every key, and the full r-clock range (Flow rejects r-clock splits). */
  public static final Flow.RangeSpec FULL = range(0, 0xFFFF_FFFFL);

  /** Unsigned lexicographic order of packed bytes: the order of the tuples' values, as Flow drains them. */
  public static final Comparator<PackedTuple> KEY_ORDER =
      (a, b) -> Arrays.compareUnsigned(a.bytes(), b.bytes());

  private Shards() {}

  /** A range over key hashes {@code [keyBegin, keyEnd]} (unsigned 32-bit, inclusive) with the full r-clock range. */
  public static Flow.RangeSpec range(long keyBegin, long keyEnd) {
    if (keyBegin < 0 || keyEnd > 0xFFFF_FFFFL || keyBegin > keyEnd) {
      throw new IllegalArgumentException("invalid key range [" + keyBegin + ", " + keyEnd + "]");
    }
    return Flow.RangeSpec.newBuilder()
        .setKeyBegin((int) keyBegin)
        .setKeyEnd((int) keyEnd)
        .setRClockBegin(0)
        .setRClockEnd(0xFFFF_FFFF)
        .build();
  }

  /** {@code n} contiguous ranges of (nearly) equal width covering {@code [0, 2^32)}, in key order. */
  public static List<Flow.RangeSpec> split(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("shards: " + n);
    }
    List<Flow.RangeSpec> out = new ArrayList<>(n);
    long space = 1L << 32;
    for (int i = 0; i < n; i++) {
      out.add(range(space * i / n, space * (i + 1) / n - 1));
    }
    return out;
  }

  /** The hash in {@code [0, 2^32)} by which a key is routed to a shard. */
  public static long keyHash(PackedTuple key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.bytes());
      return ByteBuffer.wrap(digest, 0, 4).getInt() & 0xFFFF_FFFFL;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether {@code range} holds {@code hash}. */
  public static boolean contains(Flow.RangeSpec range, long hash) {
    return Integer.toUnsignedLong(range.getKeyBegin()) <= hash && hash <= Integer.toUnsignedLong(range.getKeyEnd());
  }

  /** Whether {@code range} holds {@code key}. */
  public static boolean contains(Flow.RangeSpec range, PackedTuple key) {
    return contains(range, keyHash(key));
  }

  /** {@code keyBegin-keyEnd} as 8 lower-case hex digits each, e.g. {@code 00000000-7fffffff}. */
  public static String describe(Flow.RangeSpec range) {
    return String.format(Locale.ROOT, "%08x-%08x", range.getKeyBegin(), range.getKeyEnd());
  }
}
