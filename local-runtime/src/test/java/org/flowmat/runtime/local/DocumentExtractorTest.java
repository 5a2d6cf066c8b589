package org.flowmat.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.core.tuple.TupleValue;
import org.flowmat.runtime.proto.Flow;
import org.junit.jupiter.api.Test;

class DocumentExtractorTest {
  static final Flow.MaterializationSpec SPEC = Fixtures.materialization("{}");
  final DocumentExtractor orders = new DocumentExtractor(SPEC.getBindings(0));
  final DocumentExtractor profiles = new DocumentExtractor(SPEC.getBindings(1));

  @Test
  void packsKeyAndValuesInFieldSelectionOrderAsFlowDoes() {
    String uuid = Fixtures.uuid(Fixtures.BASE_TICKS, 0);
    JsonNode doc =
        Fixtures.tree(
            "{\"_meta\":{\"uuid\":\"" + uuid + "\",\"op\":\"u\"},\"id\":42,\"total\":9.5,"
                + "\"customer\":{\"z\":1,\"a\":[true,null,1.0]},\"tags\":[\"x\"]}");
    DocumentExtractor.Extracted x = orders.extract(doc);

    assertThat(x.key()).isEqualTo(PackedTuple.pack(TupleValue.Int.of(42)));
    // values: _meta/op, customer, flow_published_at, status (missing: its default), tags, total
    assertThat(x.values().decode())
        .containsExactly(
            new TupleValue.Str("u"),
            new TupleValue.Json("{\"a\":[true,null,1.0],\"z\":1}"),
            new TupleValue.Str("2024-01-02T03:04:05.000000000Z"),
            new TupleValue.Str("new"),
            new TupleValue.Json("[\"x\"]"),
            new TupleValue.Float64(9.5));
    // Objects are packed as bytes (code 0x01) holding their compact JSON text.
    assertThat(x.values().toString()).contains("017b2261223a5b");
    // The document: compact, keys sorted by code point.
    assertThat(new String(x.docJson(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"_meta\":{\"op\":\"u\",\"uuid\":\"" + uuid + "\"},\"customer\":{\"a\":[true,null,1.0],\"z\":1},"
                + "\"id\":42,\"tags\":[\"x\"],\"total\":9.5}");
  }

  @Test
  void missingLocationsWithoutDefaultAreNullAndPresentNullsStayNull() {
    JsonNode doc = Fixtures.tree("{\"id\":1,\"total\":null,\"status\":null}");
    assertThat(orders.values(doc).decode())
        .containsExactly(
            TupleValue.Null.INSTANCE, // _meta/op missing
            TupleValue.Null.INSTANCE, // customer missing
            TupleValue.Null.INSTANCE, // no UUID: no published-at
            TupleValue.Null.INSTANCE, // status present as null: not the default
            TupleValue.Null.INSTANCE,
            TupleValue.Null.INSTANCE);
  }

  /**
   * Keys are packed from the JSON value, whatever the projection's type or format says, as Flow's extractors do: a
   * string-formatted integer stays a string, base64 stays its text, a date-time its exact text; integers up to
   * 2^64-1 are integers (u64 above 2^63-1), and beyond that, as in serde_json, doubles.
   */
  @Test
  void keyElementsArePackedFromTheJsonValueAsFlowDoes() {
    assertThat(orders.keyValues(Fixtures.tree("{\"id\":\"10\"}"))).containsExactly(new TupleValue.Str("10"));
    assertThat(orders.keyValues(Fixtures.tree("{\"id\":\"/w==\"}"))).containsExactly(new TupleValue.Str("/w=="));
    assertThat(orders.keyValues(Fixtures.tree("{\"id\":\"2024-02-29T12:00:00z\"}")))
        .containsExactly(new TupleValue.Str("2024-02-29T12:00:00z"));
    assertThat(orders.keyValues(Fixtures.tree("{\"id\":-9223372036854775808}")))
        .containsExactly(TupleValue.Int.of(Long.MIN_VALUE));
    assertThat(orders.keyValues(Fixtures.tree("{\"id\":18446744073709551615}")))
        .containsExactly(new TupleValue.BigInt(new java.math.BigInteger("18446744073709551615")));
    assertThat(orders.keyValues(Fixtures.tree("{\"id\":100000000000000000000}")))
        .containsExactly(new TupleValue.Float64(1e20));
    assertThat(orders.keyValues(Fixtures.tree("{\"id\":false}"))).containsExactly(TupleValue.Bool.FALSE);
    // The packed bytes are Flow's: u64 2^64-1 under code 0x1c with eight 0xff bytes.
    assertThat(orders.key(Fixtures.tree("{\"id\":18446744073709551615}")).toString()).contains("1cffffffffffffffff");
  }

  @Test
  void compositeKeysFollowFieldSelectionKeysOrder() {
    JsonNode doc = Fixtures.tree("{\"region\":7,\"user\":\"u1\",\"name\":\"n\"}");
    assertThat(profiles.key(doc)).isEqualTo(PackedTuple.pack(new TupleValue.Str("u1"), TupleValue.Int.of(7)));
    assertThat(profiles.keyValues(doc)).containsExactly(new TupleValue.Str("u1"), TupleValue.Int.of(7));
  }

  @Test
  void publishedAtIsTheUuidTimestampWithNanosecondsAndTheCounterIn4NsSteps() {
    long ticks = 1_700_000_000L * 10_000_000L + 1_234_567; // .1234567 s
    assertThat(DocumentExtractor.publishedAt(Fixtures.uuid(ticks, 0))).isEqualTo("2023-11-14T22:13:20.123456700Z");
    assertThat(DocumentExtractor.publishedAt(Fixtures.uuid(ticks, 3))).isEqualTo("2023-11-14T22:13:20.123456712Z");
    assertThat(DocumentExtractor.publishedAt(Fixtures.uuid(0, 0))).isEqualTo("1970-01-01T00:00:00.000000000Z");
    assertThatThrownBy(() -> DocumentExtractor.publishedAt("9b2a3c4e-1d2f-4a5b-8c6d-7e8f9a0b1c2d"))
        .hasMessageContaining("not a v1 UUID");
  }

  @Test
  void aNonV1UuidGivesANullPublishedAt() {
    JsonNode doc = Fixtures.tree("{\"id\":1,\"_meta\":{\"uuid\":\"9b2a3c4e-1d2f-4a5b-8c6d-7e8f9a0b1c2d\"}}");
    assertThat(orders.values(doc).decode().get(2)).isEqualTo(TupleValue.Null.INSTANCE);
  }

  @Test
  void uuidContentEncodingAndTruncationIndicatorAreRecognized() {
    Flow.MaterializationSpec spec =
        Fixtures.request(
                """
                {"apply":{"materialization":{"name":"m","bindings":[{"collection":{"name":"c","key":["/k"],"projections":[
                  {"ptr":"/_meta/flow_truncated","field":"_meta/flow_truncated","inference":{"types":["boolean"]}},
                  {"ptr":"/_meta/uuid","field":"published","inference":{"types":["string"],"string":{"format":"date-time","contentEncoding":"uuid"}}},
                  {"ptr":"/k","field":"k","inference":{"types":["integer"],"default":5}}]},
                 "fieldSelection":{"keys":["k"],"values":["_meta/flow_truncated","published"]}}]}}}""")
            .getApply()
            .getMaterialization();
    DocumentExtractor x = new DocumentExtractor(spec.getBindings(0));
    JsonNode doc = Fixtures.tree("{\"_meta\":{\"uuid\":\"" + Fixtures.uuid(Fixtures.BASE_TICKS, 0) + "\"}}");
    assertThat(x.key(doc)).isEqualTo(PackedTuple.pack(TupleValue.Int.of(5))); // missing key: the default
    assertThat(x.values(doc).decode())
        .containsExactly(TupleValue.Bool.FALSE, new TupleValue.Str("2024-01-02T03:04:05.000000000Z"));
    assertThat(x.storesDocument()).isFalse();
    assertThat(x.extract(doc).docJson()).isEmpty();
  }

  @Test
  void deletionsAreMarkedByMetaOp() {
    assertThat(DocumentExtractor.isDeletion(Fixtures.tree("{\"_meta\":{\"op\":\"d\"}}"))).isTrue();
    assertThat(DocumentExtractor.isDeletion(Fixtures.tree("{\"_meta\":{\"op\":\"u\"}}"))).isFalse();
    assertThat(DocumentExtractor.isDeletion(Fixtures.tree("{}"))).isFalse();
  }

  @Test
  void unknownFieldsAreRejected() {
    Flow.MaterializationSpec.Binding bad =
        SPEC.getBindings(0).toBuilder()
            .setFieldSelection(Flow.FieldSelection.newBuilder().addKeys("id").addValues("nope"))
            .build();
    assertThatThrownBy(() -> new DocumentExtractor(bad)).hasMessageContaining("field nope is not a projection");
  }

  @Test
  void documentsMustBeObjects() {
    assertThatThrownBy(() -> DocumentExtractor.documentJson(Fixtures.tree("[1]")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
