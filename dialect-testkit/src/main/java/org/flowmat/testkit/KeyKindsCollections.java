package org.flowmat.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flowmat.runtime.proto.Flow;

/**
 * The key kinds {@link KeyKindsConformance} materializes: one collection per kind of key Flow sends (every flat type a
 * key can have, and composites), each with keys chosen so that text order and the column's order disagree
 * ({@code "9" < "10"} as numbers, not as text; {@code "/w=="} is byte 0xFF; U+FF21 is below U+1F600 in UTF-8 but above
 * it in UTF-16), so that bounds or joins computed in the wrong order lose the rows they should find.
 */
public final class KeyKindsCollections {
  private KeyKindsCollections() {}

  /** 2^64 - 1, the largest unsigned 64-bit integer, which Flow packs as a u64. */
  public static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /**
   * One kind of key.
   *
   * @param name for test names and table names
   * @param keyFields the key's projections, in key order
   * @param keys every key of the test, each as the JSON text of its elements (one per key field)
   * @param needs the capability a dialect must have to hold this kind, if any
   */
  public record KeyKind(String name, List<Flow.Projection> keyFields, List<List<String>> keys, Optional<Capability> needs) {
    public KeyKind {
      keyFields = List.copyOf(keyFields);
      keys = List.copyOf(keys);
    }

    /** The collection: the key fields, an integer {@code v} and a string {@code note}. */
    public Flow.CollectionSpec collection() {
      List<Flow.Projection> fields = new ArrayList<>(keyFields);
      fields.add(TestCollections.field("v", "/v", false, true, "", "integer"));
      fields.add(TestCollections.field("note", "/note", false, false, "", "string", "null"));
      return TestCollections.collection("acmeCo/keys-" + name, keyFields.stream().map(Flow.Projection::getPtr).toList(), fields);
    }

    /** The document of key {@code key} (an index into {@link #keys}) with value {@code v}. */
    public ObjectNode doc(int key, int v, String op) {
      ObjectNode doc = TestCollections.JSON.createObjectNode();
      List<String> elements = keys.get(key);
      for (int i = 0; i < keyFields.size(); i++) {
        doc.set(keyFields.get(i).getPtr().substring(1), parse(elements.get(i)));
      }
      doc.put("v", v).put("note", "key " + key + " v" + v);
      return TestCollections.doc(doc.toString(), op);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Every kind, as every dialect must hold them unless it declares the capability lacking. */
  public static List<KeyKind> all() {
    return List.of(
        new KeyKind("integer", List.of(integer("k", false)),
            single("-100", "-10", "-9", "0", "9", "10", "100", "1000", String.valueOf(Long.MIN_VALUE), String.valueOf(Long.MAX_VALUE)),
            Optional.empty()),
        // 2^63 and 2^64-1 are packed as u64; 10^20 is beyond u64, so Flow (like serde_json) packs it as a double.
        new KeyKind("integer_beyond_64_bits", List.of(integer("k", true)),
            single("-9", "9", "10", String.valueOf(Long.MIN_VALUE), BigInteger.ONE.shiftLeft(63).toString(),
                U64_MAX.toString(), "100000000000000000000"),
            Optional.of(Capability.KEYS_BEYOND_INT64)),
        new KeyKind("string", List.of(string("k", "", 0)),
            single(q("a"), q("B"), q("b"), q("Zebra"), q("zebra"), q("é"), q("E"), q("名前"), q("\uFF21"), q("😀"),
                q("9"), q("10"), q("100"), q("a b"), q("it's")),
            Optional.empty()),
        new KeyKind("string_integer_bounded", List.of(string("k", "integer", 21)),
            single(q("9"), q("10"), q("100"), q("-5"), q("-50"), q("0"), q("12345678901234567890"), q(U64_MAX.toString()),
                q("-" + U64_MAX)),
            Optional.empty()),
        new KeyKind("string_integer_unbounded", List.of(string("k", "integer", 0)),
            single(q("9"), q("10"), q("100"), q("-5"), q("-50"), q("0"), q(U64_MAX.toString()),
                q("123456789012345678901234567890"), q("-99999999999999999999999999999999999999")),
            Optional.empty()),
        new KeyKind("binary", List.of(string("k", "base64", 0)),
            single(q("aGVsbG8="), q("AA=="), q("/w=="), q("AAE="), q("eA=="), q("AQID"), q("+/+/")),
            Optional.of(Capability.BINARY_KEYS)),
        new KeyKind("boolean", List.of(TestCollections.field("k", "/k", true, true, "", "boolean")),
            single("true", "false"),
            Optional.of(Capability.BOOLEAN_KEYS)),
        // Distinct keys of Flow that name one instant: a key's text is its identity and must never be normalized.
        new KeyKind("date_time_text", List.of(string("k", "date-time", 0)),
            single(q("2024-02-29T12:00:00Z"), q("2024-02-29T12:00:00.000Z"), q("2024-02-29T12:00:00z"),
                q("2024-02-29t12:00:00Z"), q("2024-02-29T12:00:00+00:00"), q("2024-02-29T13:00:00+01:00"),
                q("2024-02-29T10:45:00-01:15"), q("1999-12-31T23:59:60Z"), q("0001-01-01T00:00:00.123456789Z")),
            Optional.empty()),
        new KeyKind("composite", List.of(string("tenant", "", 0), string("seq", "integer", 20), integer("n", false)),
            List.of(
                List.of(q("acme"), q("9"), "-1"), List.of(q("acme"), q("10"), "-1"), List.of(q("acme"), q("10"), "2"),
                List.of(q("Acme"), q("100"), "10"), List.of(q("äcme"), q("9"), "9"), List.of(q("acme"), q("-5"), "100"),
                List.of(q("b"), q("18446744073709551615"), "0")),
            Optional.empty()),
        new KeyKind("composite_binary_boolean", List.of(string("bytes", "base64", 0),
                TestCollections.field("flag", "/flag", true, true, "", "boolean"), string("day", "date", 0)),
            List.of(
                List.of(q("/w=="), "true", q("2024-02-29")), List.of(q("AA=="), "true", q("2024-02-29")),
                List.of(q("/w=="), "false", q("2024-02-29")), List.of(q("/w=="), "true", q("2024-03-01")),
                List.of(q("aGVsbG8="), "false", q("1999-12-31"))),
            Optional.of(Capability.BINARY_KEYS)));
  }

  /** The kind of {@code name}. */
  public static KeyKind kind(String name) {
    return all().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
  }

  /** An integer key field; {@code beyond64} gives it the inferred range of a u64 column, as Flow infers for one. */
  static Flow.Projection integer(String name, boolean beyond64) {
    Flow.Projection p = TestCollections.field(name, "/" + name, true, true, "", "integer");
    if (!beyond64) {
      return p;
    }
    Flow.Inference.Numeric range = Flow.Inference.Numeric.newBuilder()
        .setHasMinimum(true).setMinimum(-9.223372036854775808E18).setHasMaximum(true).setMaximum(1e21).build();
    return p.toBuilder().setInference(p.getInference().toBuilder().setNumeric(range)).build();
  }

  /** A string key field of {@code format} ("base64" for base64 content), with {@code maxLength} (0: none). */
  static Flow.Projection string(String name, String format, int maxLength) {
    Flow.Projection p = TestCollections.field(name, "/" + name, true, true, format, "string");
    if (maxLength == 0) {
      return p;
    }
    Flow.Inference.Builder inference = p.getInference().toBuilder();
    inference.setString(inference.getString().toBuilder().setMaxLength(maxLength));
    return p.toBuilder().setInference(inference).build();
  }

  private static List<List<String>> single(String... elements) {
    return java.util.Arrays.stream(elements).map(List::of).toList();
  }

  /** A JSON string literal. */
  private static String q(String text) {
    return TestCollections.JSON.valueToTree(text).toString();
  }

  private static JsonNode parse(String json) {
    try {
      return TestCollections.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
