package org.flowmat.core.tuple;

import com.apple.foundationdb.tuple.Tuple;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A Flow packed tuple ({@code keyPacked} / {@code valuesPacked}, protocol reference §8): FoundationDB tuple
 * elements, one per selected field, concatenated. Immutable; {@link #of} copies its argument, {@link #wrap} takes
 * ownership of it, and {@link #bytes} returns a copy.
 *
 * <p>Decoding is a single hand-written pass rather than {@code Tuple.fromBytes(..).getItems()}: fdb-java decodes
 * Flow's encodings correctly (including u64 values under 0x1C and 8-byte negatives under 0x0C), but it copies the
 * input, builds a Tuple and a LinkedList/ArrayList of boxed items before we could map them, cannot say where a
 * malformed tuple went wrong ("Invalid tuple (possible truncation)"), and accepts FDB types Flow never emits
 * (nested tuples, UUIDs, versionstamps, floats). Encoding ({@link #pack}) does go through fdb-java, and the tests
 * check this decoder against {@code Tuple.fromBytes} on every vector and on random tuples. Measured with fdb-java in
 * its place, the Store dispatch benchmark ran 21 % slower and a key decode allocated 632 B instead of under 256 B
 * (docs/benchmarks.md, "Packed-tuple decode").
 */
public final class PackedTuple {
  /** Type codes of the FoundationDB tuple layer that Flow emits. */
  static final int NULL = 0x00;
  static final int BYTES = 0x01;
  static final int STRING = 0x02;
  static final int NEG_BIG_INT = 0x0B;
  static final int INT_ZERO = 0x14;
  static final int POS_BIG_INT = 0x1D;
  static final int DOUBLE = 0x21;
  static final int FALSE = 0x26;
  static final int TRUE = 0x27;

  public static final PackedTuple EMPTY = new PackedTuple(new byte[0]);

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final byte[] bytes;
  private int hash; // cached, 0 = not yet computed (like String)
  private int size = -1; // cached element count, -1 = not yet computed

  private PackedTuple(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A tuple over a copy of {@code bytes}. */
  public static PackedTuple of(byte[] bytes) {
    return new PackedTuple(bytes.clone());
  }

  /** A tuple over {@code bytes} itself, without copying: the caller hands over the array and must not modify it. */
  public static PackedTuple wrap(byte[] bytes) {
    return new PackedTuple(Objects.requireNonNull(bytes, "bytes"));
  }

  /**
   * Packs values exactly as Flow does, through fdb-java's tuple encoder ({@link TupleValue.Json} as the UTF-8 bytes
   * of its text). Not on the hot path: it boxes every value.
   *
   * @throws IllegalArgumentException if a string holds an unpaired surrogate (fdb-java refuses to encode it; Flow's
   *     Rust strings cannot hold one)
   */
  public static PackedTuple pack(List<? extends TupleValue> values) {
    List<Object> items = new ArrayList<>(values.size());
    for (TupleValue v : values) {
      items.add(
          v instanceof TupleValue.Json json
              ? json.text().getBytes(StandardCharsets.UTF_8)
              : v.toJavaObject());
    }
    return new PackedTuple(Tuple.fromList(items).pack());
  }

  public static PackedTuple pack(TupleValue... values) {
    return pack(Arrays.asList(values));
  }

  /** A copy of the packed bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Number of packed bytes. */
  public int byteLength() {
    return bytes.length;
  }

  /**
   * Number of elements, found by skipping over them without decoding.
   *
   * @throws IllegalArgumentException if the tuple is malformed
   */
  public int size() {
    int n = size;
    if (n < 0) {
      n = 0;
      for (int pos = 0; pos < bytes.length; n++) {
        pos = skip(n, pos);
      }
      size = n;
    }
    return n;
  }

  /**
   * Decodes all elements, in order, into an immutable random-access list.
   *
   * @throws IllegalArgumentException naming the element index, byte offset and type code if the tuple is
   *     malformed: truncated, unterminated, invalid UTF-8, or a type code Flow does not emit
   */
  public List<TupleValue> decode() {
    int known = size;
    TupleValue[] out = new TupleValue[known >= 0 ? known : 4];
    int n = 0;
    int pos = 0;
    while (pos < bytes.length) {
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      int code = bytes[pos] & 0xFF;
      int p = pos + 1;
      TupleValue v;
      switch (code) {
        case NULL:
          v = TupleValue.Null.INSTANCE;
          break;
        case FALSE:
          v = TupleValue.Bool.FALSE;
          break;
        case TRUE:
          v = TupleValue.Bool.TRUE;
          break;
        case BYTES:
        case STRING: {
          int end = terminator(n, pos, p);
          String s = decodeUtf8(n, pos, p, end);
          v = code == STRING ? new TupleValue.Str(s) : new TupleValue.Json(s);
          p = end + 1;
          break;
        }
        case DOUBLE: {
          require(n, pos, p, 8);
          long bits = readLong(p, 8);
          // Encoded: sign bit flipped for positives, all bits flipped for negatives (so bytes sort like numbers).
          bits = bits < 0 ? bits ^ Long.MIN_VALUE : ~bits;
          v = new TupleValue.Float64(Double.longBitsToDouble(bits));
          p += 8;
          break;
        }
        case POS_BIG_INT:
        case NEG_BIG_INT: {
          require(n, pos, p, 1);
          int len = code == POS_BIG_INT ? bytes[p] & 0xFF : ~bytes[p] & 0xFF;
          p++;
          require(n, pos, p, len);
          byte[] mag = Arrays.copyOfRange(bytes, p, p + len);
          if (code == NEG_BIG_INT) {
            for (int i = 0; i < len; i++) {
              mag[i] = (byte) ~mag[i];
            }
          }
          BigInteger big = new BigInteger(code == POS_BIG_INT ? 1 : -1, mag);
          v = TupleValue.integer(big);
          p += len;
          break;
        }
        default:
          if (code > INT_ZERO - 9 && code < INT_ZERO + 9) {
            int len = Math.abs(code - INT_ZERO);
            require(n, pos, p, len);
            long raw = readLong(p, len);
            v = decodeInt(code > INT_ZERO, len, raw);
            p += len;
          } else {
            throw unsupported(n, pos, code);
          }
      }
      out[n++] = v;
      pos = p;
    }
    size = n;
    return new Elements(out, n);
  }

  /**
   * An integer of 0..8 big-endian bytes (codes 0x0C..0x1C). fdb-java returns the same values (BigInteger where a
   * long cannot hold them), but long arithmetic needs care at the two 8-byte edges: u64 values of 2^63 and up under
   * 0x1C (a Rust u64 field), and negatives beyond -2^63 under 0x0C, whose stored ones' complement is below 2^63-1.
   */
  private static TupleValue decodeInt(boolean positive, int len, long raw) {
    if (positive) {
      return raw >= 0 ? TupleValue.Int.of(raw) : new TupleValue.BigInt(unsigned(raw));
    }
    if (len < 8) {
      return TupleValue.Int.of(raw - ((1L << (len * 8)) - 1)); // value = raw - (2^(8*len) - 1)
    }
    // value = raw - (2^64 - 1) = (raw + 1) - 2^64, which fits a long iff raw >= 2^63 - 1 (unsigned).
    if (Long.compareUnsigned(raw, Long.MAX_VALUE) >= 0) {
      return TupleValue.Int.of(raw + 1);
    }
    return new TupleValue.BigInt(unsigned(raw).subtract(U64_MAX));
  }

  private static BigInteger unsigned(long v) {
    BigInteger b = BigInteger.valueOf(v & Long.MAX_VALUE);
    return v < 0 ? b.setBit(63) : b;
  }

  /** Position just past the element {@code index} starting at {@code pos}. */
  private int skip(int index, int pos) {
    int code = bytes[pos] & 0xFF;
    int p = pos + 1;
    switch (code) {
      case NULL:
      case FALSE:
      case TRUE:
        return p;
      case BYTES:
      case STRING:
        return terminator(index, pos, p) + 1;
      case DOUBLE:
        require(index, pos, p, 8);
        return p + 8;
      case POS_BIG_INT:
      case NEG_BIG_INT: {
        require(index, pos, p, 1);
        int len = code == POS_BIG_INT ? bytes[p] & 0xFF : ~bytes[p] & 0xFF;
        require(index, pos, p + 1, len);
        return p + 1 + len;
      }
      default:
        if (code > INT_ZERO - 9 && code < INT_ZERO + 9) {
          int len = Math.abs(code - INT_ZERO);
          require(index, pos, p, len);
          return p + len;
        }
        throw unsupported(index, pos, code);
    }
  }

  private long readLong(int p, int len) {
    long v = 0;
    for (int i = 0; i < len; i++) {
      v = (v << 8) | (bytes[p + i] & 0xFF);
    }
    return v;
  }

  /** Offset of the 0x00 that ends the byte string whose content starts at {@code p}; 0x00 0xFF is an escaped 0x00. */
  private int terminator(int index, int pos, int p) {
    for (int i = p; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        if (i + 1 < bytes.length && bytes[i + 1] == (byte) 0xFF) {
          i++;
        } else {
          return i;
        }
      }
    }
    throw malformed(index, pos, bytes[pos] & 0xFF, "has no 0x00 terminator");
  }

  /** Decodes the escaped UTF-8 in {@code [p, end)}, rejecting invalid UTF-8 rather than substituting U+FFFD. */
  private String decodeUtf8(int index, int pos, int p, int end) {
    byte[] src = bytes;
    int from = p;
    int len = end - p;
    for (int i = p; i < end; i++) {
      if (bytes[i] == 0) { // at least one escape: unescape into a fresh array
        src = new byte[len];
        len = 0;
        for (int j = p; j < end; j++) {
          src[len++] = bytes[j];
          if (bytes[j] == 0) {
            j++; // skip the 0xFF
          }
        }
        from = 0;
        break;
      }
    }
    String s = new String(src, from, len, StandardCharsets.UTF_8);
    // Invalid UTF-8 decodes to U+FFFD; only then is the slow strict check worth doing.
    if (s.indexOf('\uFFFD') >= 0) {
      try {
        StandardCharsets.UTF_8
            .newDecoder()
            .decode(ByteBuffer.wrap(src, from, len));
      } catch (CharacterCodingException e) {
        throw malformed(index, pos, bytes[pos] & 0xFF, "is not valid UTF-8");
      }
    }
    return s;
  }

  private void require(int index, int pos, int p, int need) {
    if (bytes.length - p < need) {
      throw malformed(
          index,
          pos,
          bytes[pos] & 0xFF,
          "is truncated: needs " + need + " byte(s) at offset " + p + ", " + (bytes.length - p) + " remain");
    }
  }

  private IllegalArgumentException malformed(int index, int pos, int code, String what) {
    return new IllegalArgumentException(
        String.format(
            "malformed packed tuple: element %d at byte offset %d (code 0x%02x, %s) %s; %d bytes: %s",
            index, pos, code, typeName(code), what, bytes.length, hex(Math.min(bytes.length, 64))));
  }

  private IllegalArgumentException unsupported(int index, int pos, int code) {
    return malformed(index, pos, code, "is not a type code Flow emits");
  }

  private static String typeName(int code) {
    switch (code) {
      case NULL:
        return "null";
      case BYTES:
        return "bytes";
      case STRING:
        return "string";
      case 0x05:
        return "nested tuple";
      case NEG_BIG_INT:
      case POS_BIG_INT:
        return "big integer";
      case 0x20:
        return "float32";
      case DOUBLE:
        return "float64";
      case FALSE:
      case TRUE:
        return "bool";
      case 0x30:
        return "UUID";
      case 0x32:
      case 0x33:
        return "versionstamp";
      default:
        return code > INT_ZERO - 9 && code < INT_ZERO + 9 ? "integer" : "unknown";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackedTuple other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  /** The packed bytes in lower-case hex. */
  @Override
  public String toString() {
    return hex(bytes.length);
  }

  private String hex(int n) {
    char[] out = new char[n * 2];
    for (int i = 0; i < n; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[bytes[i] & 0xF];
    }
    return n < bytes.length ? new String(out) + "..." : new String(out);
  }

  /** Immutable list over the decoded array; no copy of it is made. */
  private static final class Elements extends AbstractList<TupleValue> implements RandomAccess {
    private final TupleValue[] values;
    private final int size;

    Elements(TupleValue[] values, int size) {
      this.values = values;
      this.size = size;
    }

    @Override
    public TupleValue get(int index) {
      Objects.checkIndex(index, size);
      return values[index];
    }

    @Override
    public int size() {
      return size;
    }
  }
}
