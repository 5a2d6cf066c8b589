package org.flowmat.core.tuple;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One element of a Flow packed tuple (protocol reference §8), typed the way the engine uses it.
 *
 * <p>Integers are canonical: every value in the {@code long} range is an {@link Int}, and {@link BigInt}
 * holds only values outside it (u64 values 2^63 .. 2^64-1, and the 0x1D / 0x0B big-integer codes, which
 * in a canonical encoding only hold magnitudes of at least 2^64). So two equal integers are always equal
 * values, whichever code carried them.
 *
 * <p>{@link Float64} compares like {@link Double#compare}: {@code -0.0 != 0.0} and {@code NaN == NaN}.
 */
public sealed interface TupleValue {

  /** The value as a plain Java object for parameter binding: null, Boolean, Long, BigInteger, Double or String. */
  Object toJavaObject();

  /** Writes the value as one JSON value; {@link Json} is written raw, exactly as packed. */
  void writeJson(JsonGenerator gen) throws IOException;

  /** JSON null, or a location that was missing with no default. */
  record Null() implements TupleValue {
    public static final Null INSTANCE = new Null();

    @Override
    public Object toJavaObject() {
      return null;
    }

    @Override
    public void writeJson(JsonGenerator gen) throws IOException {
      gen.writeNull();
    }
  }

  record Bool(boolean value) implements TupleValue {
    public static final Bool TRUE = new Bool(true);
    public static final Bool FALSE = new Bool(false);

    public static Bool of(boolean value) {
      return value ? TRUE : FALSE;
    }

    @Override
    public Object toJavaObject() {
      return value;
    }

    @Override
    public void writeJson(JsonGenerator gen) throws IOException {
      gen.writeBoolean(value);
    }
  }

  /** An integer in the {@code long} range. */
  record Int(long value) implements TupleValue {
    private static final int CACHE_LOW = -128;
    private static final Int[] CACHE = new Int[1024 - CACHE_LOW];

    static {
      for (int i = 0; i < CACHE.length; i++) {
        CACHE[i] = new Int(i + CACHE_LOW);
      }
    }

    /** Like {@code new Int(value)}, but shares instances for small values (decoding is allocation sensitive). */
    public static Int of(long value) {
      long i = value - CACHE_LOW;
      return i >= 0 && i < CACHE.length ? CACHE[(int) i] : new Int(value);
    }

    @Override
    public Object toJavaObject() {
      return value;
    }

    @Override
    public void writeJson(JsonGenerator gen) throws IOException {
      gen.writeNumber(value);
    }
  }

  /** An integer outside the {@code long} range, e.g. a u64 key above 2^63-1. */
  record BigInt(BigInteger value) implements TupleValue {
    public BigInt {
      Objects.requireNonNull(value, "value");
      if (value.bitLength() < 64) {
        throw new IllegalArgumentException(
            "BigInt holds only values outside the long range, use Int for " + value);
      }
    }

    @Override
    public Object toJavaObject() {
      return value;
    }

    @Override
    public void writeJson(JsonGenerator gen) throws IOException {
      gen.writeNumber(value);
    }
  }

  /**
   * A double. JSON has no NaN or infinities; Flow never packs them for JSON documents, and Jackson writes
   * them here as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} unless configured otherwise.
   */
  record Float64(double value) implements TupleValue {
    @Override
    public Object toJavaObject() {
      return value;
    }

    @Override
    public void writeJson(JsonGenerator gen) throws IOException {
      gen.writeNumber(value);
    }
  }

  record Str(String value) implements TupleValue {
    public Str {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Object toJavaObject() {
      return value;
    }

    @Override
    public void writeJson(JsonGenerator gen) throws IOException {
      gen.writeString(value);
    }
  }

  /**
   * An object or array: Flow packs them as a byte string (code 0x01) holding their compact JSON text. The text
   * is kept as is, not parsed or validated.
   */
  record Json(String text) implements TupleValue {
    public Json {
      Objects.requireNonNull(text, "text");
    }

    /** The raw JSON text. */
    @Override
    public Object toJavaObject() {
      return text;
    }

    @Override
    public void writeJson(JsonGenerator gen) throws IOException {
      gen.writeRawValue(text);
    }
  }

  /** Canonical integer value: {@link Int} when it fits a {@code long}, else {@link BigInt}. */
  static TupleValue integer(BigInteger value) {
    return value.bitLength() < 64 ? Int.of(value.longValue()) : new BigInt(value);
  }

  /**
   * The tuple element Flow extracts for a JSON value ({@code crates/doc/src/tuple_pack.rs}): integral numbers
   * become integers, other numbers doubles, strings strings, booleans booleans, null (also Java null and a
   * missing node) null, and objects and arrays their compact JSON text as Flow's serde_json writes it: keys
   * sorted by code point, no whitespace, floats formatted like Rust's ryu.
   *
   * <p>Like serde_json (without arbitrary_precision), integers that fit neither i64 nor u64 become doubles. One
   * difference remains: Flow reads the JSON number {@code -0} as the double -0.0, but Jackson has already made
   * it the integer 0 here.
   */
  static TupleValue fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Null.INSTANCE;
    }
    switch (node.getNodeType()) {
      case BOOLEAN:
        return Bool.of(node.booleanValue());
      case NUMBER:
        if (!node.isIntegralNumber()) {
          return new Float64(node.doubleValue());
        }
        if (node.canConvertToLong()) {
          return Int.of(node.longValue());
        }
        BigInteger big = node.bigIntegerValue();
        return FlowJsonText.fitsU64(big) ? new BigInt(big) : new Float64(big.doubleValue());
      case STRING:
        return new Str(node.textValue());
      case OBJECT:
      case ARRAY:
        return new Json(FlowJsonText.write(node));
      default:
        throw new IllegalArgumentException(
            "no tuple element for a JSON node of type " + node.getNodeType());
    }
  }
}
