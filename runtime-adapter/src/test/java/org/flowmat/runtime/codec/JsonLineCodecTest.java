package org.flowmat.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.flowmat.runtime.proto.Broker;
import org.flowmat.runtime.proto.Consumer;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import org.junit.jupiter.api.Test;

class JsonLineCodecTest {

  private static MessageReader<Request> requests(String text) {
    return Codec.JSON.reader(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Request.getDefaultInstance());
  }

  private static Request one(String line) throws Exception {
    try (MessageReader<Request> r = requests(line + "\n")) {
      Request req = r.read();
      assertThat(r.read()).isNull();
      return req;
    }
  }

  private static String line(Message m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Codec.JSON.writer(out).write(m);
    String s = out.toString(StandardCharsets.UTF_8);
    assertThat(s).endsWith("\n");
    return s.substring(0, s.length() - 1);
  }

  // ---- framing --------------------------------------------------------------------------------

  @Test
  void emptyAndBlankInputAreCleanEof() throws Exception {
    try (MessageReader<Request> r = requests("")) {
      assertThat(r.read()).isNull();
    }
    try (MessageReader<Request> r = requests("\n  \n\r\n")) {
      assertThat(r.read()).isNull();
    }
  }

  @Test
  void readsSeveralLinesAndSkipsBlankOnes() throws Exception {
    try (MessageReader<Request> r = requests("{\"acknowledge\":{}}\n\n{\"flush\":{}}\r\n")) {
      assertThat(r.read().hasAcknowledge()).isTrue();
      assertThat(r.read().hasFlush()).isTrue();
      assertThat(r.read()).isNull();
    }
  }

  @Test
  void partialLastLineIsAnError() throws Exception {
    try (MessageReader<Request> r = requests("{\"flush\":{}}\n{\"acknowledge\":{}}")) {
      assertThat(r.read().hasFlush()).isTrue();
      assertThatThrownBy(r::read)
          .isInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("line 2: EOF after 18 bytes")
          .hasMessageContaining("partial message");
    }
  }

  @Test
  void nonJsonLine() throws Exception {
    try (MessageReader<Request> r = requests("{\"flush\":{}}\n{\"flush\":{}}\n{\"flush\":{}}\nnot json at all\n")) {
      r.read();
      r.read();
      r.read();
      assertThatThrownBy(r::read)
          .isInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("line 4 is not valid JSON: ");
    }
    try (MessageReader<Request> r = requests("{\"store\":{\"doc\":{\"a\":[1,}}}\n")) {
      assertThatThrownBy(r::read).hasMessageStartingWith("line 1 is not valid JSON: ");
    }
  }

  @Test
  void notAnObjectOrTrailingContent() throws Exception {
    assertThatThrownBy(() -> one("[1,2]")).hasMessage("line 1: expected a JSON object but got array");
    assertThatThrownBy(() -> one("{\"flush\":{}} {\"flush\":{}}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("line 1: unexpected object after the JSON object");
  }

  @Test
  void wrongTypesNameLineAndFieldPath() throws Exception {
    try (MessageReader<Request> r = requests("{\"flush\":{}}\n{\"store\":{\"binding\":\"abc\"}}\n")) {
      r.read();
      assertThatThrownBy(r::read)
          .isInstanceOf(ProtocolException.class)
          .hasMessage("line 2: field 'store.binding' expects an integer but got string");
    }
    assertThatThrownBy(() -> one("{\"validate\":{\"bindings\":[{},{\"backfill\":true}]}}"))
        .hasMessage("line 1: field 'validate.bindings[1].backfill' expects an integer but got boolean");
    assertThatThrownBy(() -> one("{\"startCommit\":{\"runtimeCheckpoint\":{\"sources\":{\"j\":{\"readThrough\":[]}}}}}"))
        .hasMessage("line 1: field 'startCommit.runtimeCheckpoint.sources[\"j\"].readThrough' expects an integer but got array");
    assertThatThrownBy(() -> one("{\"store\":{\"binding\":4294967296}}"))
        .hasMessage("line 1: field 'store.binding' value 4294967296 is out of range for uint32");
    assertThatThrownBy(() -> one("{\"store\":{\"keyPacked\":\"***\"}}"))
        .hasMessageStartingWith("line 1: field 'store.keyPacked' expects base64");
    assertThatThrownBy(() -> one("{\"spec\":{\"connectorType\":{}}}"))
        .hasMessage("line 1: field 'spec.connectorType' expects an enum name or number but got object");
    assertThatThrownBy(() -> one("{\"flush\":[]}"))
        .hasMessage("line 1: field 'flush' expects an object but got array");
    assertThatThrownBy(() -> one("{\"flush\":{\"backfillBegins\":[{\"timestamp\":\"yesterday\"}]}}"))
        .hasMessage("line 1: field 'flush.backfillBegins[0].timestamp' expects an RFC 3339 timestamp but got \"yesterday\"");
  }

  @Test
  void deeplyNestedMessagesAreRejectedNotOverflowed() {
    // CollectionSpec -> derivation -> transforms[] -> collection -> ... nests without bound.
    StringBuilder json = new StringBuilder();
    int levels = 1000;
    for (int i = 0; i < levels; i++) {
      json.append("{\"derivation\":{\"transforms\":[{\"collection\":");
    }
    json.append("{}");
    for (int i = 0; i < levels; i++) {
      json.append("}]}}");
    }
    assertThatThrownBy(() -> PbJsonReader.parse(json.toString().getBytes(StandardCharsets.UTF_8),
        Flow.CollectionSpec.getDefaultInstance()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("is nested more than 200 JSON levels deep");
  }

  @Test
  void unknownKeysAreSkippedWithTheirValues() throws Exception {
    Request r = one("{\"future\":{\"a\":[1,{\"b\":null}],\"c\":\"}\"},\"store\":{\"novel\":[[[]]],"
        + "\"binding\":3,\"doc\":{\"x\":1},\"later\":true},\"$internal\":\"EgJIaRgB\",\"zzz\":1}");
    assertThat(r.getStore().getBinding()).isEqualTo(3);
    assertThat(r.getStore().getDocJson().toStringUtf8()).isEqualTo("{\"x\":1}");
    assertThat(r.getInternal()).isEqualTo(ByteString.copyFrom(java.util.Base64.getDecoder().decode("EgJIaRgB")));
  }

  @Test
  void nullsMeanAbsent() throws Exception {
    Request r = one("{\"spec\":null,\"flush\":{},\"store\":{\"doc\":null,\"binding\":null,\"keyPacked\":null},"
        + "\"startCommit\":{\"runtimeCheckpoint\":null}}");
    assertThat(r.hasSpec()).isFalse();
    assertThat(r.hasFlush()).isTrue();
    assertThat(r.hasStore()).isTrue();
    assertThat(r.getStore()).isEqualTo(Request.Store.getDefaultInstance());
    assertThat(r.getStartCommit().hasRuntimeCheckpoint()).isFalse();
  }

  @Test
  void protoFieldNamesAreAcceptedToo() throws Exception {
    Request r = one("{\"start_commit\":{\"state_patches_json\":[1]},\"store\":{\"doc_json\":{},\"key_packed\":\"FSo=\"}}");
    assertThat(r.getStartCommit().getStatePatchesJson().toStringUtf8()).isEqualTo("[1]");
    assertThat(r.getStore().getDocJson().toStringUtf8()).isEqualTo("{}");
  }

  // ---- encoding rules -------------------------------------------------------------------------

  @Test
  void presentButEmptyMembersAndDefaults() throws Exception {
    assertThat(line(Request.newBuilder().setAcknowledge(Request.Acknowledge.getDefaultInstance()).build()))
        .isEqualTo("{\"acknowledge\":{}}");
    assertThat(line(Response.newBuilder().setOpened(Response.Opened.newBuilder()
        .setRuntimeCheckpoint(Consumer.Checkpoint.getDefaultInstance())).build()))
        .isEqualTo("{\"opened\":{\"runtimeCheckpoint\":{}}}");
    assertThat(line(Response.newBuilder().setLoaded(Response.Loaded.newBuilder().setBinding(0)
        .setDocJson(ByteString.copyFromUtf8("{\"a\":1}"))).build()))
        .isEqualTo("{\"loaded\":{\"doc\":{\"a\":1}}}");
    assertThat(line(Response.getDefaultInstance())).isEqualTo("{}");
    assertThat(one("{\"acknowledge\":{}}").hasAcknowledge()).isTrue();
  }

  @Test
  void rawJsonWithNewlinesIsCompacted() throws Exception {
    Response loaded = Response.newBuilder().setLoaded(Response.Loaded.newBuilder().setBinding(2)
        .setDocJson(ByteString.copyFromUtf8("{\n  \"a\": [1, 2.50, 1e400],\r\n  \"s\": \"x\\ny\"\n}"))).build();
    assertThat(line(loaded)).isEqualTo("{\"loaded\":{\"binding\":2,\"doc\":{\"a\":[1,2.50,1e400],\"s\":\"x\\ny\"}}}");
    // Without newlines, raw JSON is written verbatim (whitespace and all).
    Response verbatim = Response.newBuilder().setLoaded(Response.Loaded.newBuilder()
        .setDocJson(ByteString.copyFromUtf8("{ \"a\" :\t1 }"))).build();
    assertThat(line(verbatim)).isEqualTo("{\"loaded\":{\"doc\":{ \"a\" :\t1 }}}");
    // And decoding slices values out verbatim.
    assertThat(one("{\"store\":{\"doc\":{ \"a\" :\t[1 , 2] }}}").getStore().getDocJson().toStringUtf8())
        .isEqualTo("{ \"a\" :\t[1 , 2] }");
  }

  @Test
  void rawJsonInvalidWithNewlineFailsToEncode() {
    Response bad = Response.newBuilder().setLoaded(Response.Loaded.newBuilder()
        .setDocJson(ByteString.copyFromUtf8("{\n\"a\":"))).build();
    assertThatThrownBy(() -> line(bad))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("field 'loaded.doc' holds invalid raw JSON");
  }

  @Test
  void rawScalarsMapsAndVectors() throws Exception {
    Flow.Inference inf = Flow.Inference.newBuilder()
        .addEnumJsonVec(ByteString.copyFromUtf8("\"a\""))
        .addEnumJsonVec(ByteString.copyFromUtf8("null"))
        .addEnumJsonVec(ByteString.copyFromUtf8("42"))
        .setDefaultJson(ByteString.copyFromUtf8("true"))
        .build();
    String json = PbJsonWriter.toJsonString(inf);
    assertThat(json).isEqualTo("{\"default\":true,\"enum\":[\"a\",null,42]}");
    assertThat(PbJsonReader.parse(json.getBytes(StandardCharsets.UTF_8), Flow.Inference.getDefaultInstance())).isEqualTo(inf);

    Flow.OAuth2 oauth = Flow.OAuth2.newBuilder()
        .putAccessTokenHeadersJsonMap("z", ByteString.copyFromUtf8("\"last\""))
        .putAccessTokenHeadersJsonMap("a", ByteString.copyFromUtf8("{\"x\":[null]}"))
        .build();
    json = PbJsonWriter.toJsonString(oauth);
    assertThat(json).isEqualTo("{\"accessTokenHeaders\":{\"a\":{\"x\":[null]},\"z\":\"last\"}}");
    assertThat(PbJsonReader.parse(json.getBytes(StandardCharsets.UTF_8), Flow.OAuth2.getDefaultInstance())).isEqualTo(oauth);
  }

  @Test
  void scalarForms() throws Exception {
    Consumer.Checkpoint cp = Consumer.Checkpoint.newBuilder()
        .putSources("j", Consumer.Checkpoint.Source.newBuilder().setReadThrough(-5)
            .addProducers(Consumer.Checkpoint.Source.ProducerEntry.newBuilder()
                .setId(ByteString.copyFrom(new byte[] {3, 9, 8, 5, 7}))
                .setState(Consumer.Checkpoint.ProducerState.newBuilder().setLastAck(-1L).setBegin(-1)))
            .build())
        .putAckIntents("k", ByteString.copyFrom(new byte[] {(byte) 0xfb, (byte) 0xff}))
        .build();
    String json = PbJsonWriter.toJsonString(cp);
    assertThat(json).isEqualTo("{\"sources\":{\"j\":{\"readThrough\":\"-5\",\"producers\":[{\"id\":\"AwkIBQc=\","
        + "\"state\":{\"lastAck\":\"18446744073709551615\",\"begin\":\"-1\"}}]}},\"ackIntents\":{\"k\":\"+/8=\"}}");
    assertThat(PbJsonReader.parse(json.getBytes(StandardCharsets.UTF_8), Consumer.Checkpoint.getDefaultInstance())).isEqualTo(cp);

    // 64-bit integers as numbers, base64 without padding or URL-safe, fixed32 as numbers/strings.
    Consumer.Checkpoint lenient = PbJsonReader.parse(("{\"sources\":{\"j\":{\"readThrough\":-5,\"producers\":[{\"id\":\"AwkIBQc\","
        + "\"state\":{\"lastAck\":18446744073709551615,\"begin\":\"-1\"}}]}},\"ackIntents\":{\"k\":\"-_8\"}}")
        .getBytes(StandardCharsets.UTF_8), Consumer.Checkpoint.getDefaultInstance());
    assertThat(lenient).isEqualTo(cp);

    Flow.RangeSpec range = one("{\"open\":{\"range\":{\"keyEnd\":4294967295,\"rClockEnd\":\"4294967295\"}}}").getOpen().getRange();
    assertThat(range.getKeyEnd()).isEqualTo(-1);
    assertThat(range.getRClockEnd()).isEqualTo(-1);
    assertThat(PbJsonWriter.toJsonString(range)).isEqualTo("{\"keyEnd\":4294967295,\"rClockEnd\":4294967295}");

    Flow.Inference.Numeric num = PbJsonReader.parse("{\"minimum\":\"NaN\",\"maximum\":\"-Infinity\",\"hasMaximum\":\"true\"}"
        .getBytes(StandardCharsets.UTF_8), Flow.Inference.Numeric.getDefaultInstance());
    assertThat(num.getMinimum()).isNaN();
    assertThat(num.getMaximum()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(PbJsonWriter.toJsonString(num)).isEqualTo("{\"minimum\":\"NaN\",\"hasMaximum\":true,\"maximum\":\"-Infinity\"}");
    assertThat(PbJsonWriter.toJsonString(Flow.Inference.Numeric.newBuilder().setMinimum(-1000.0).setMaximum(1e21).build()))
        .isEqualTo("{\"minimum\":-1000.0,\"maximum\":1.0E21}");
  }

  @Test
  void enumsByNameOrNumber() throws Exception {
    assertThat(one("{\"spec\":{\"connectorType\":\"IMAGE\"}}").getSpec().getConnectorType())
        .isEqualTo(Flow.MaterializationSpec.ConnectorType.IMAGE);
    assertThat(one("{\"spec\":{\"connectorType\":8}}").getSpec().getConnectorType())
        .isEqualTo(Flow.MaterializationSpec.ConnectorType.IMAGE);
    // A name from a newer protocol leaves the field unset rather than failing the session.
    assertThat(one("{\"spec\":{\"connectorType\":\"WASM\"}}").getSpec().getConnectorTypeValue()).isZero();
    // An unknown number is kept, and printed as a number.
    Request unknown = one("{\"spec\":{\"connectorType\":42}}");
    assertThat(unknown.getSpec().getConnectorTypeValue()).isEqualTo(42);
    assertThat(line(unknown)).isEqualTo("{\"spec\":{\"connectorType\":42}}");

    Response validated = Response.newBuilder().setValidated(Response.Validated.newBuilder()
        .addBindings(Response.Validated.Binding.newBuilder()
            .addProjectionConstraints(Response.Validated.ProjectionConstraint.newBuilder()
                .setField("flow_document")
                .setConstraint(Response.Validated.Constraint.newBuilder()
                    .setType(Response.Validated.Constraint.Type.UNSATISFIABLE)))
            .addResourcePath("t"))).build();
    assertThat(line(validated)).isEqualTo("{\"validated\":{\"bindings\":[{\"resourcePath\":[\"t\"],"
        + "\"projectionConstraints\":[{\"field\":\"flow_document\",\"constraint\":{\"type\":\"UNSATISFIABLE\"}}]}]}}");
  }

  @Test
  void timestampsAndDurations() throws Exception {
    Request flush = one("{\"flush\":{\"backfillBegins\":[{\"binding\":1,\"timestamp\":\"2023-11-14T22:13:20Z\"},"
        + "{\"timestamp\":\"2023-11-15T00:21:40.123456+02:00\"},{\"timestamp\":\"1970-01-01T00:00:00.000000001+00:00\"}]}}");
    List<Request.Flush.BackfillBegin> begins = flush.getFlush().getBackfillBeginsList();
    assertThat(begins.get(0).getTimestamp()).isEqualTo(Timestamp.newBuilder().setSeconds(1_700_000_000).build());
    assertThat(begins.get(1).getTimestamp()).isEqualTo(Timestamp.newBuilder().setSeconds(1_700_000_500).setNanos(123_456_000).build());
    assertThat(line(flush)).isEqualTo("{\"flush\":{\"backfillBegins\":[{\"binding\":1,\"timestamp\":\"2023-11-14T22:13:20+00:00\"},"
        + "{\"timestamp\":\"2023-11-14T22:21:40.123456+00:00\"},{\"timestamp\":\"1970-01-01T00:00:00.000000001+00:00\"}]}}");

    Broker.JournalSpec.Fragment fragment = Broker.JournalSpec.Fragment.newBuilder()
        .setRefreshInterval(Duration.newBuilder().setSeconds(300))
        .setRetention(Duration.newBuilder().setSeconds(-1).setNanos(-500_000_000))
        .setFlushInterval(Duration.newBuilder().setSeconds(62).setNanos(250_000_000))
        .build();
    String json = PbJsonWriter.toJsonString(fragment);
    assertThat(json).isEqualTo("{\"refreshInterval\":\"300s\",\"retention\":\"-1.500s\",\"flushInterval\":\"62.250s\"}");
    assertThat(PbJsonReader.parse(json.getBytes(StandardCharsets.UTF_8), Broker.JournalSpec.Fragment.getDefaultInstance()))
        .isEqualTo(fragment);
    assertThat(JsonTime.formatDuration(0, 1_000)).isEqualTo("0.000001s");
    assertThat(JsonTime.parseDuration("0.5s")).containsExactly(0, 500_000_000);
    assertThat(JsonTime.parseDuration("5")).isNull();
    assertThat(JsonTime.parseDuration("1.0000000001s")).isNull();
  }

  @Test
  void stringsAreEscaped() throws Exception {
    Response applied = Response.newBuilder().setApplied(Response.Applied.newBuilder()
        .setActionDescription("CREATE TABLE \"t\" (\n\tx INT\u0001) -- é \uD83D\uDE00 \\")).build();
    String json = line(applied);
    assertThat(json).isEqualTo("{\"applied\":{\"actionDescription\":\"CREATE TABLE \\\"t\\\" (\\n\\tx INT\\u0001) -- é \uD83D\uDE00 \\\\\"}}");
    assertThat(Codec.JSON.reader(new ByteArrayInputStream((json + "\n").getBytes(StandardCharsets.UTF_8)),
        Response.getDefaultInstance()).read()).isEqualTo(applied);
  }

  @Test
  void sixteenMebibyteDocumentRoundTrips() throws Exception {
    byte[] doc = ProtoFrameCodecTest.bigDoc(16 << 20);
    Response loaded = Response.newBuilder().setLoaded(Response.Loaded.newBuilder()
        .setBinding(1).setDocJson(ByteString.copyFrom(doc))).build();
    Response flushed = Response.newBuilder().setFlushed(Response.Flushed.getDefaultInstance()).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessageWriter<Response> w = Codec.JSON.writer(out);
    w.write(flushed);
    w.write(loaded);
    w.write(loaded);
    w.write(flushed);
    try (MessageReader<Response> r = Codec.JSON.reader(
        new TrickleInputStream(out.toByteArray(), 1 << 20), Response.getDefaultInstance())) {
      assertThat(r.read()).isEqualTo(flushed);
      assertThat(r.read()).isEqualTo(loaded);
      assertThat(r.read()).isEqualTo(loaded);
      assertThat(r.read()).isEqualTo(flushed);
      assertThat(r.read()).isNull();
    }
  }
}
