package org.flowmat.core.tuple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.apple.foundationdb.tuple.Tuple;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.flowmat.core.tuple.TupleValue.BigInt;
import org.flowmat.core.tuple.TupleValue.Bool;
import org.flowmat.core.tuple.TupleValue.Float64;
import org.flowmat.core.tuple.TupleValue.Int;
import org.flowmat.core.tuple.TupleValue.Json;
import org.flowmat.core.tuple.TupleValue.Null;
import org.flowmat.core.tuple.TupleValue.Str;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PackedTupleTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger U64_MAX = TWO_64.subtract(BigInteger.ONE);
  private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);

  // ---- §8 test vectors, both ways ----

  static Stream<Arguments> protocolVectors() {
    return Stream.of(
        Arguments.of("[42,\"hi\"]", "152a02686900", "FSoCaGkA"),
        Arguments.of("[true,null]", "2700", "JwA="),
        Arguments.of("[3.14159,\"field!\"]", "21c00921f9f01b866e026669656c642100", "IcAJIfnwG4ZuAmZpZWxkIQA="),
        Arguments.of("[1]", "1501", "FQE="),
        Arguments.of("[-1]", "13fe", "E/4="),
        Arguments.of("[\"a\\u0000b\"]", "026100ff6200", "AmEA/2IA"),
        Arguments.of("[1.5]", "21bff8000000000000", "Ib/4AAAAAAAA"),
        Arguments.of("[-1.5]", "214007ffffffffffff", "IUAH////////"),
        Arguments.of("[9223372036854775808]", "1c8000000000000000", "HIAAAAAAAAAA"),
        // §8's bytes-code example: an object is packed as its compact JSON text.
        Arguments.of("[{\"x\":1}]", "017b2278223a317d00", null));
  }

  @ParameterizedTest(name = "{0} <-> {1}")
  @MethodSource("protocolVectors")
  void protocolVectorsDecode(String json, String hex, String base64) throws Exception {
    byte[] bytes = HEX.parseHex(hex);
    if (base64 != null) {
      assertThat(Base64.getDecoder().decode(base64)).isEqualTo(bytes);
    }
    List<TupleValue> expected = fromJsonArray(json);
    PackedTuple tuple = PackedTuple.of(bytes);

    assertThat(tuple.decode()).isEqualTo(expected);
    assertThat(tuple.size()).isEqualTo(expected.size());
    assertThat(tuple.decode()).isEqualTo(viaFdb(bytes)); // same answer as fdb-java's decoder
  }

  @ParameterizedTest(name = "{0} <-> {1}")
  @MethodSource("protocolVectors")
  void protocolVectorsPack(String json, String hex, String base64) throws Exception {
    PackedTuple packed = PackedTuple.pack(fromJsonArray(json));
    assertThat(packed.toString()).isEqualTo(hex);
    if (base64 != null) {
      assertThat(Base64.getEncoder().encodeToString(packed.bytes())).isEqualTo(base64);
    }
  }

  @Test
  void vectorsDecodeToTheExpectedTypes() {
    assertThat(decodeHex("152a02686900")).containsExactly(new Int(42), new Str("hi"));
    assertThat(decodeHex("2700")).containsExactly(Bool.TRUE, Null.INSTANCE);
    assertThat(decodeHex("21c00921f9f01b866e026669656c642100"))
        .containsExactly(new Float64(3.14159), new Str("field!"));
    assertThat(decodeHex("026100ff6200")).containsExactly(new Str("a\u0000b"));
    assertThat(decodeHex("1c8000000000000000")).containsExactly(new BigInt(TWO_63));
    assertThat(decodeHex("017b2278223a317d00")).containsExactly(new Json("{\"x\":1}"));
  }

  // ---- integers at the edges ----

  static Stream<Arguments> integers() {
    return Stream.of(
        Arguments.of(BigInteger.ZERO, "14"),
        Arguments.of(BigInteger.ONE, "1501"),
        Arguments.of(BigInteger.valueOf(-1), "13fe"),
        Arguments.of(BigInteger.valueOf(255), "15ff"),
        Arguments.of(BigInteger.valueOf(256), "160100"),
        Arguments.of(BigInteger.valueOf(-255), "1300"),
        Arguments.of(BigInteger.valueOf(-256), "12feff"),
        Arguments.of(BigInteger.valueOf(Long.MAX_VALUE), "1c7fffffffffffffff"),
        Arguments.of(BigInteger.valueOf(Long.MIN_VALUE), "0c7fffffffffffffff"),
        Arguments.of(BigInteger.valueOf(Long.MIN_VALUE + 1), "0c8000000000000000"),
        Arguments.of(TWO_63, "1c8000000000000000"), // u64 beyond i64: 0x1C, not a big-int code
        Arguments.of(U64_MAX, "1cffffffffffffffff"),
        Arguments.of(TWO_63.negate().subtract(BigInteger.ONE), "0c7ffffffffffffffe"),
        Arguments.of(U64_MAX.negate(), "0c0000000000000000"),
        Arguments.of(TWO_64, "1d09010000000000000000"),
        Arguments.of(TWO_64.negate(), "0bf6feffffffffffffffff"));
  }

  @ParameterizedTest(name = "{0} <-> {1}")
  @MethodSource("integers")
  void integersBothWays(BigInteger value, String hex) {
    TupleValue expected = TupleValue.integer(value);
    assertThat(expected).isInstanceOf(value.bitLength() < 64 ? Int.class : BigInt.class);

    assertThat(PackedTuple.pack(expected).toString()).isEqualTo(hex);
    List<TupleValue> decoded = decodeHex(hex);
    assertThat(decoded).containsExactly(expected);
    assertThat(decoded.get(0).toJavaObject().toString()).isEqualTo(value.toString());
    assertThat(decoded).isEqualTo(viaFdb(HEX.parseHex(hex)));
  }

  @Test
  void nonCanonicalIntegersStillDecode() {
    assertThat(decodeHex("1600ff")).containsExactly(new Int(255)); // 2 bytes where 1 would do
    assertThat(decodeHex("1d0101")).containsExactly(new Int(1)); // big-int code for a small value
    assertThat(decodeHex("0bfefe")).containsExactly(new Int(-1));
    assertThat(decodeHex("1d00")).containsExactly(new Int(0));
  }

  @Test
  void bigIntHoldsOnlyValuesOutsideLongRange() {
    assertThatThrownBy(() -> new BigInt(BigInteger.valueOf(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(TupleValue.integer(BigInteger.valueOf(Long.MIN_VALUE))).isEqualTo(new Int(Long.MIN_VALUE));
    assertThat(Int.of(7)).isSameAs(Int.of(7)).isEqualTo(new Int(7));
    assertThat(Int.of(1L << 40)).isEqualTo(new Int(1L << 40));
  }

  // ---- doubles ----

  static Stream<Arguments> doubles() {
    return Stream.of(
        Arguments.of(0.0, "218000000000000000"),
        Arguments.of(-0.0, "217fffffffffffffff"),
        Arguments.of(Double.NaN, "21fff8000000000000"),
        Arguments.of(Double.POSITIVE_INFINITY, "21fff0000000000000"),
        Arguments.of(Double.NEGATIVE_INFINITY, "21000fffffffffffff"),
        Arguments.of(Double.MIN_VALUE, "218000000000000001"),
        Arguments.of(-Double.MAX_VALUE, "210010000000000000"),
        Arguments.of(1.0, "21bff0000000000000"));
  }

  @ParameterizedTest(name = "{0} <-> {1}")
  @MethodSource("doubles")
  void doublesBothWays(double value, String hex) {
    assertThat(PackedTuple.pack(new Float64(value)).toString()).isEqualTo(hex);
    List<TupleValue> decoded = decodeHex(hex);
    assertThat(decoded).containsExactly(new Float64(value));
    assertThat(Double.doubleToRawLongBits((Double) decoded.get(0).toJavaObject()))
        .isEqualTo(Double.doubleToRawLongBits(value));
    assertThat(decoded).isEqualTo(viaFdb(HEX.parseHex(hex)));
  }

  @Test
  void negativeZeroIsNotZero() {
    assertThat(new Float64(-0.0)).isNotEqualTo(new Float64(0.0));
    assertThat(PackedTuple.pack(new Float64(-0.0))).isNotEqualTo(PackedTuple.pack(new Float64(0.0)));
  }

  // ---- strings and JSON bytes ----

  @Test
  void stringsWithNulAndUnicode() {
    for (String s :
        List.of(
            "",
            "\u0000",
            "\u0000\u0000",
            "a\u0000",
            "\u0000b",
            "héllo wörld",
            "日本語のキー",
            "emoji \uD83D\uDE00 and \uD834\uDD1E",
            "\u00ff\u00fe",
            "tab\tnew\nline")) {
      PackedTuple packed = PackedTuple.pack(new Str(s), new Int(1));
      assertThat(packed.bytes()).isEqualTo(Tuple.from(s, 1L).pack());
      assertThat(packed.decode()).containsExactly(new Str(s), new Int(1));
      assertThat(packed.size()).isEqualTo(2);
    }
    assertThat(PackedTuple.pack(new Str("\u0000")).toString()).isEqualTo("0200ff00");
    assertThat(PackedTuple.pack(new Str("é")).toString()).isEqualTo("02c3a900");
  }

  @Test
  void jsonBytesWithEscapedNul() {
    // A raw NUL inside the bytes element is escaped as 00 ff, like in strings.
    Json raw = new Json("{\"a\":\"\u0000\"}");
    PackedTuple packed = PackedTuple.pack(raw, new Str("k"));
    assertThat(packed.toString()).isEqualTo("01" + "7b2261223a2200ff227d" + "00" + "026b00");
    assertThat(packed.decode()).containsExactly(raw, new Str("k"));

    // Flow's own text never holds a raw NUL: serde_json escapes it as \u0000.
    TupleValue fromDoc = TupleValue.fromJson(json("{\"a\":\"x\\u0000y\",\"b\":[1,\"\\u001f\"]}"));
    assertThat(fromDoc).isEqualTo(new Json("{\"a\":\"x\\u0000y\",\"b\":[1,\"\\u001f\"]}"));
    assertThat(PackedTuple.pack(fromDoc).decode()).containsExactly(fromDoc);

    // Arrays too, decoded by fdb-java as plain byte[].
    PackedTuple array = PackedTuple.pack(TupleValue.fromJson(json("[1,\"two\",null,{}]")));
    assertThat(array.toString())
        .isEqualTo("01" + HEX.formatHex("[1,\"two\",null,{}]".getBytes(StandardCharsets.UTF_8)) + "00");
    assertThat(Tuple.fromBytes(array.bytes()).getBytes(0))
        .isEqualTo("[1,\"two\",null,{}]".getBytes(StandardCharsets.UTF_8));
  }

  // ---- JSON to tuple values, as Flow extracts them ----

  @Test
  void fromJsonFollowsFlowsExtraction() {
    assertThat(TupleValue.fromJson(json("42"))).isEqualTo(new Int(42));
    assertThat(TupleValue.fromJson(json("-9223372036854775808"))).isEqualTo(new Int(Long.MIN_VALUE));
    assertThat(TupleValue.fromJson(json("18446744073709551615"))).isEqualTo(new BigInt(U64_MAX));
    // Beyond u64 / below i64, serde_json (and so Flow) reads a double.
    assertThat(TupleValue.fromJson(json("18446744073709551616"))).isEqualTo(new Float64(1.8446744073709552E19));
    assertThat(TupleValue.fromJson(json("-9223372036854775809"))).isEqualTo(new Float64(-9.223372036854775808E18));
    assertThat(TupleValue.fromJson(json("1.0"))).isEqualTo(new Float64(1.0));
    assertThat(TupleValue.fromJson(json("1e3"))).isEqualTo(new Float64(1000.0));
    assertThat(TupleValue.fromJson(json("\"s\""))).isEqualTo(new Str("s"));
    assertThat(TupleValue.fromJson(json("true"))).isEqualTo(Bool.TRUE);
    assertThat(TupleValue.fromJson(json("null"))).isEqualTo(Null.INSTANCE);
    assertThat(TupleValue.fromJson(null)).isEqualTo(Null.INSTANCE);
    assertThat(TupleValue.fromJson(json("{}").path("missing"))).isEqualTo(Null.INSTANCE);
  }

  @Test
  void objectsAndArraysBecomeFlowsCompactJson() {
    // Keys sorted (doc objects are sorted), no whitespace, serde_json escapes, ryu floats.
    assertThat(TupleValue.fromJson(json("{ \"b\": 1, \"a\": { \"z\": [1.0, 2.5e-7, 1e21], \"y\": \"q\\\"/\\u00e9\" } }")))
        .isEqualTo(new Json("{\"a\":{\"y\":\"q\\\"/é\",\"z\":[1.0,2.5e-7,1e21]},\"b\":1}"));
    // Code point order, not UTF-16 order: U+FF61 sorts before U+1F600.
    assertThat(TupleValue.fromJson(json("{\"\uD83D\uDE00\":1,\"\uFF61\":2,\"a\":3}")))
        .isEqualTo(new Json("{\"a\":3,\"\uFF61\":2,\"\uD83D\uDE00\":1}"));
    assertThat(TupleValue.fromJson(json("[18446744073709551615,18446744073709551616,-0.0,100]")))
        .isEqualTo(new Json("[18446744073709551615,1.8446744073709552e19,-0.0,100]"));
  }

  @Test
  void doublesInJsonTextMatchRyu() {
    // Expected strings are what serde_json::to_string(&f64) prints.
    String[][] cases = {
      {"1.0", "1.0"}, {"0.1", "0.1"}, {"123.456", "123.456"}, {"100.0", "100.0"},
      {"1e15", "1000000000000000.0"}, {"1e16", "1e16"}, {"1.5e16", "1.5e16"},
      {"1234567890123456.0", "1234567890123456.0"}, {"0.0001", "0.0001"}, {"0.00001", "0.00001"},
      {"0.000001", "1e-6"}, {"1.5e-7", "1.5e-7"}, {"-2.5", "-2.5"}, {"0.3", "0.3"},
      {"4.9e-324", "5e-324"}, {"1.7976931348623157e308", "1.7976931348623157e308"},
      {"2.2250738585072014e-308", "2.2250738585072014e-308"}, {"9007199254740993", "9007199254740993"},
    };
    for (String[] c : cases) {
      assertThat(FlowJsonText.write(json("[" + c[0] + "]"))).as(c[0]).isEqualTo("[" + c[1] + "]");
    }
  }

  // ---- writeJson / toJavaObject ----

  @Test
  void writeJsonRebuildsValues() throws Exception {
    PackedTuple packed =
        PackedTuple.pack(
            new Int(42),
            new Str("hi"),
            new Json("{\"x\":[1,2]}"),
            Null.INSTANCE,
            Bool.FALSE,
            new Float64(1.5),
            new BigInt(U64_MAX));
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
      gen.writeStartObject();
      gen.writeFieldName("values");
      gen.writeStartArray();
      for (TupleValue v : packed.decode()) {
        v.writeJson(gen);
      }
      gen.writeEndArray();
      gen.writeEndObject();
    }
    assertThat(out.toString())
        .isEqualTo("{\"values\":[42,\"hi\",{\"x\":[1,2]},null,false,1.5,18446744073709551615]}");
    assertThat(MAPPER.readTree(out.toString())).isNotNull();

    assertThat(packed.decode().stream().map(TupleValue::toJavaObject).toList())
        .containsExactly(42L, "hi", "{\"x\":[1,2]}", null, false, 1.5, U64_MAX);
  }

  // ---- PackedTuple as a value ----

  @Test
  void valueSemantics() {
    byte[] source = HEX.parseHex("152a02686900");
    PackedTuple a = PackedTuple.of(source);
    source[1] = 0x2b; // of() copied
    assertThat(a.decode()).containsExactly(new Int(42), new Str("hi"));

    byte[] out = a.bytes();
    out[1] = 0x2b; // bytes() returns a copy
    assertThat(a.toString()).isEqualTo("152a02686900");

    PackedTuple b = PackedTuple.wrap(HEX.parseHex("152a02686900"));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(PackedTuple.of(out));
    assertThat(a.byteLength()).isEqualTo(6);
    assertThat(PackedTuple.EMPTY.decode()).isEmpty();
    assertThat(PackedTuple.EMPTY.size()).isZero();
    assertThat(PackedTuple.EMPTY.toString()).isEmpty();
    assertThat(PackedTuple.pack(List.of())).isEqualTo(PackedTuple.EMPTY);

    List<TupleValue> decoded = a.decode();
    assertThatThrownBy(() -> decoded.add(Null.INSTANCE)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> decoded.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void decodeAfterSizeAndManyElements() {
    List<TupleValue> many = new ArrayList<>();
    for (int i = 0; i < 37; i++) {
      many.add(i % 2 == 0 ? Int.of(i * 1000L) : new Str("s" + i));
    }
    PackedTuple packed = PackedTuple.pack(many);
    assertThat(packed.decode()).isEqualTo(many); // grows its array
    assertThat(packed.size()).isEqualTo(37);
    assertThat(packed.decode()).isEqualTo(many); // exact-size array
  }

  // ---- malformed input ----

  @Test
  void malformedInputNamesElementOffsetAndCode() {
    assertMalformed("152a1501ff", "element 2 at byte offset 4 (code 0xff, unknown)");
    assertMalformed("152a15", "element 1 at byte offset 2 (code 0x15, integer) is truncated");
    assertMalformed("1c0102", "element 0 at byte offset 0 (code 0x1c, integer) is truncated: needs 8");
    assertMalformed("271400bff8", "element 3 at byte offset 3 (code 0xbf, unknown)");
    assertMalformed("2721bff8", "element 1 at byte offset 1 (code 0x21, float64) is truncated");
    assertMalformed("0261620026ff", "element 2 at byte offset 5 (code 0xff"); // "ab", false, ff
    assertMalformed("02616200ff", "element 0 at byte offset 0 (code 0x02, string) has no 0x00 terminator");
    assertMalformed("14026162", "element 1 at byte offset 1 (code 0x02, string) has no 0x00 terminator");
    assertMalformed("0261620000ff", "element 2 at byte offset 5 (code 0xff"); // 00 00: end of string, then null
    assertMalformed("01616200", null); // well-formed
    assertMalformed("017b00ff", "element 0 at byte offset 0 (code 0x01, bytes) has no 0x00 terminator");
    assertMalformed("1d", "element 0 at byte offset 0 (code 0x1d, big integer) is truncated");
    assertMalformed("1d0901", "element 0 at byte offset 0 (code 0x1d, big integer) is truncated: needs 9");
    assertMalformed("0bf6", "(code 0x0b, big integer) is truncated");
    assertMalformed("1405", "element 1 at byte offset 1 (code 0x05, nested tuple) is not a type code Flow emits");
    assertMalformed("3000", "element 0 at byte offset 0 (code 0x30, UUID)");
    assertMalformed("2000000000", "(code 0x20, float32) is not a type code Flow emits");
    assertMalformed("1402c32800", "element 1 at byte offset 1 (code 0x02, string) is not valid UTF-8");
    assertMalformed("02efbfbd00", null); // a real U+FFFD is fine
  }

  private static void assertMalformed(String hex, String expectedMessagePart) {
    PackedTuple t = PackedTuple.of(HEX.parseHex(hex));
    Throwable decode = catchThrowable(t::decode);
    Throwable size = catchThrowable(PackedTuple.of(HEX.parseHex(hex))::size);
    if (expectedMessagePart == null) {
      assertThat(decode).as(hex).isNull();
      assertThat(size).as(hex).isNull();
      return;
    }
    assertThat(decode).as(hex).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expectedMessagePart)
        .hasMessageContaining(hex);
    if (!expectedMessagePart.contains("UTF-8")) { // size() skips without decoding text
      assertThat(size).as(hex).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(expectedMessagePart);
    }
  }

  @Test
  void longMalformedTuplesAbbreviateTheirHex() {
    byte[] bytes = new byte[1000];
    bytes[0] = 0x02;
    java.util.Arrays.fill(bytes, 1, bytes.length, (byte) 'a');
    assertThatThrownBy(PackedTuple.of(bytes)::decode)
        .hasMessageContaining("1000 bytes: 02616161")
        .hasMessageEndingWith("...");
  }

  // ---- random round trips, checked against fdb-java ----

  @Test
  void randomTuplesRoundTrip() {
    Random rnd = new Random(20260501L);
    for (int iter = 0; iter < 5000; iter++) {
      List<TupleValue> values = new ArrayList<>();
      int n = rnd.nextInt(7);
      for (int i = 0; i < n; i++) {
        values.add(randomValue(rnd));
      }
      PackedTuple packed = PackedTuple.pack(values);
      String context = "iteration " + iter + ": " + values + " -> " + packed;

      assertThat(packed.decode()).as(context).isEqualTo(values);
      assertThat(packed.size()).as(context).isEqualTo(n);
      assertThat(PackedTuple.pack(packed.decode())).as(context).isEqualTo(packed);
      assertThat(packed.decode()).as(context).isEqualTo(viaFdb(packed.bytes()));
    }
  }

  @Test
  void randomJsonDocumentsPackLikeTheirValues() throws Exception {
    Random rnd = new Random(7L);
    for (int iter = 0; iter < 2000; iter++) {
      JsonNode node = MAPPER.valueToTree(randomJavaJson(rnd, 0));
      TupleValue v = TupleValue.fromJson(node);
      PackedTuple packed = PackedTuple.pack(v);
      assertThat(packed.decode()).containsExactly(v);
      if (v instanceof Json j) {
        // The compact text parses back to the same document, and is a fixed point of the extraction.
        JsonNode reparsed = MAPPER.readTree(j.text());
        assertThat(reparsed.equals(PackedTupleTest::compareNumbersByValue, node)).as(j.text()).isTrue();
        assertThat(TupleValue.fromJson(reparsed)).isEqualTo(v);
      }
    }
  }

  // ---- allocation and native library ----

  @Test
  void decodingATypicalKeyAllocatesLittle() {
    PackedTuple key = PackedTuple.pack(new Int(123456789L), new Str("customer-42"), Int.of(7));
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
    long sink = 0;
    for (int i = 0; i < 20_000; i++) {
      sink += key.decode().size(); // warm up
    }
    int rounds = 100_000;
    long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (int i = 0; i < rounds; i++) {
      sink += key.decode().size();
    }
    long perDecode = (mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / rounds;
    assertThat(sink).isPositive();
    // List (24) + array (32) + Int (24) + Str (16) + String (24) + its byte[] (32): about 150 bytes.
    assertThat(perDecode).as("bytes allocated per decode").isLessThan(256);
  }

  @Test
  void fdbTupleNeedsNoNativeLibrary() {
    // This JVM has already used com.apple.foundationdb.tuple.Tuple; check libfdb_c really is absent here.
    Tuple t = Tuple.fromBytes(Tuple.from(1L, "x", null).pack());
    assertThat(t.getItems()).containsExactly(1L, "x", null);
    Throwable load = catchThrowable(() -> System.loadLibrary("fdb_c"));
    Assumptions.assumeTrue(load != null, "libfdb_c is installed here, so this check proves nothing");
    assertThat(load).isInstanceOf(UnsatisfiedLinkError.class);
  }

  // ---- helpers ----

  private static TupleValue randomValue(Random rnd) {
    switch (rnd.nextInt(12)) {
      case 0:
        return Null.INSTANCE;
      case 1:
        return Bool.of(rnd.nextBoolean());
      case 2:
        return Int.of(rnd.nextInt(2001) - 1000);
      case 3:
        return Int.of(rnd.nextLong() >> rnd.nextInt(64)); // all byte lengths, both signs
      case 4: {
        // u64 beyond i64, or negatives below i64 min down to -(2^64 - 1), or 0x1D/0x0B sizes
        BigInteger big = new BigInteger(64 + rnd.nextInt(100), rnd);
        if (big.bitLength() < 64) {
          big = big.setBit(63);
        }
        return new BigInt(rnd.nextBoolean() ? big : big.negate());
      }
      case 5:
        return new Float64(rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20) * (rnd.nextBoolean() ? 1 : -1));
      case 6:
        return new Float64(Double.longBitsToDouble(rnd.nextLong())); // any bit pattern, incl. NaN payloads
      case 7:
        return new Float64(
            new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
              Double.MIN_VALUE, Double.MAX_VALUE}[rnd.nextInt(7)]);
      case 8:
      case 9:
        return new Str(randomString(rnd));
      case 10:
        return new Json(randomString(rnd)); // the decoder keeps any text
      default:
        return TupleValue.fromJson(MAPPER.valueToTree(randomJavaJson(rnd, 1)));
    }
  }

  private static String randomString(Random rnd) {
    int len = rnd.nextInt(12);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      switch (rnd.nextInt(6)) {
        case 0 -> sb.append('\u0000');
        case 1 -> sb.append((char) ('a' + rnd.nextInt(26)));
        case 2 -> sb.append((char) (0x80 + rnd.nextInt(0x780))); // 2-byte UTF-8
        case 3 -> sb.append((char) (0x800 + rnd.nextInt(0xD000))); // 3-byte, below surrogates
        case 4 -> sb.appendCodePoint(0x10000 + rnd.nextInt(0x100000)); // 4-byte
        default -> sb.append((char) rnd.nextInt(0x80));
      }
    }
    return sb.toString();
  }

  private static Object randomJavaJson(Random rnd, int depth) {
    int kind = rnd.nextInt(depth > 2 ? 6 : 8);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return rnd.nextBoolean();
      case 2:
        return rnd.nextLong() >> rnd.nextInt(64);
      case 3:
        return rnd.nextBoolean() ? new BigInteger(64, rnd) : rnd.nextDouble() * 1e6;
      case 4:
        return Double.longBitsToDouble(rnd.nextLong() & 0x7fefffffffffffffL) * (rnd.nextBoolean() ? 1 : -1);
      case 5:
        return randomString(rnd);
      case 6: {
        List<Object> list = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          list.add(randomJavaJson(rnd, depth + 1));
        }
        return list;
      }
      default: {
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          map.put(randomString(rnd), randomJavaJson(rnd, depth + 1));
        }
        return map;
      }
    }
  }

  private static int compareNumbersByValue(JsonNode a, JsonNode b) {
    if (a.equals(b)) {
      return 0;
    }
    return a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
  }

  private static List<TupleValue> decodeHex(String hex) {
    return PackedTuple.of(HEX.parseHex(hex)).decode();
  }

  private static List<TupleValue> fromJsonArray(String json) {
    List<TupleValue> out = new ArrayList<>();
    json(json).forEach(n -> out.add(TupleValue.fromJson(n)));
    return out;
  }

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** fdb-java's reading of the same bytes, mapped onto TupleValue. */
  private static List<TupleValue> viaFdb(byte[] bytes) {
    List<TupleValue> out = new ArrayList<>();
    for (Object o : Tuple.fromBytes(bytes).getItems()) {
      if (o == null) {
        out.add(Null.INSTANCE);
      } else if (o instanceof Boolean b) {
        out.add(Bool.of(b));
      } else if (o instanceof Long l) {
        out.add(new Int(l));
      } else if (o instanceof BigInteger b) {
        out.add(TupleValue.integer(b));
      } else if (o instanceof Double d) {
        out.add(new Float64(d));
      } else if (o instanceof String s) {
        out.add(new Str(s));
      } else if (o instanceof byte[] b) {
        out.add(new Json(new String(b, StandardCharsets.UTF_8)));
      } else {
        throw new AssertionError("unexpected fdb item " + o.getClass());
      }
    }
    return out;
  }
}
