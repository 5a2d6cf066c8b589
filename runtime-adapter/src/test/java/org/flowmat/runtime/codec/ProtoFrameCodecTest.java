package org.flowmat.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.flowmat.runtime.proto.Consumer;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import org.junit.jupiter.api.Test;

class ProtoFrameCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] frames(Object... messages) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessageWriter<com.google.protobuf.Message> w = Codec.PROTO.writer(out);
    for (Object m : messages) {
      w.write((com.google.protobuf.Message) m);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static MessageReader<Request> requests(byte[] bytes) {
    return Codec.PROTO.reader(new ByteArrayInputStream(bytes), Request.getDefaultInstance());
  }

  @Test
  void framesFromTheProtocolReference() throws Exception {
    // Examples of §1.5: present-but-empty members are written as `tag 00`.
    assertThat(HEX.formatHex(frames(Request.newBuilder().setAcknowledge(Request.Acknowledge.getDefaultInstance()).build())))
        .isEqualTo("020000004a00");
    assertThat(HEX.formatHex(frames(Request.newBuilder().setFlush(Request.Flush.getDefaultInstance()).build())))
        .isEqualTo("020000003200");
    assertThat(HEX.formatHex(frames(Response.newBuilder().setOpened(Response.Opened.getDefaultInstance()).build())))
        .isEqualTo("020000002200");
    assertThat(HEX.formatHex(frames(Response.newBuilder().setOpened(Response.Opened.newBuilder()
        .setRuntimeCheckpoint(Consumer.Checkpoint.getDefaultInstance())).build())))
        .isEqualTo("0400000022020a00");
    assertThat(HEX.formatHex(frames(Response.newBuilder().setLoaded(Response.Loaded.newBuilder()
        .setBinding(0).setDocJson(ByteString.copyFromUtf8("{}"))).build())))
        .isEqualTo("060000002a0412027b7d");
    assertThat(HEX.formatHex(frames(
        Response.newBuilder().setFlushed(Response.Flushed.getDefaultInstance()).build(),
        Response.newBuilder().setStartedCommit(Response.StartedCommit.getDefaultInstance()).build(),
        Response.newBuilder().setAcknowledged(Response.Acknowledged.getDefaultInstance()).build())))
        .isEqualTo("02000000" + "3200" + "02000000" + "3a00" + "02000000" + "4200");
  }

  @Test
  void presentButEmptyMembersSurviveReading() throws Exception {
    try (MessageReader<Request> r = requests(HEX.parseHex("020000004a00020000003200"))) {
      Request ack = r.read();
      assertThat(ack.hasAcknowledge()).isTrue();
      assertThat(ack.hasFlush()).isFalse();
      assertThat(r.read().hasFlush()).isTrue();
      assertThat(r.read()).isNull();
      assertThat(r.read()).isNull(); // EOF is sticky
    }
  }

  @Test
  void emptyInputIsACleanEof() throws Exception {
    try (MessageReader<Request> r = requests(new byte[0])) {
      assertThat(r.read()).isNull();
    }
  }

  @Test
  void zeroLengthFrameIsAnEmptyMessage() throws Exception {
    try (MessageReader<Request> r = requests(new byte[4])) {
      assertThat(r.read()).isEqualTo(Request.getDefaultInstance());
      assertThat(r.read()).isNull();
    }
  }

  @Test
  void truncatedHeader() throws Exception {
    byte[] ok = frames(Request.newBuilder().setFlush(Request.Flush.getDefaultInstance()).build());
    try (MessageReader<Request> r = requests(concat(ok, new byte[] {2, 0}))) {
      assertThat(r.read().hasFlush()).isTrue();
      assertThatThrownBy(r::read)
          .isInstanceOf(ProtocolException.class)
          .hasMessage("truncated frame header: 2 of 4 length bytes before EOF (message #2)");
    }
  }

  @Test
  void truncatedBody() throws Exception {
    byte[] ok = frames(
        Request.newBuilder().setFlush(Request.Flush.getDefaultInstance()).build(),
        Request.newBuilder().setAcknowledge(Request.Acknowledge.getDefaultInstance()).build());
    byte[] partial = new byte[4 + 17];
    partial[0] = (byte) (812 & 0xff);
    partial[1] = (byte) (812 >> 8);
    try (MessageReader<Request> r = Codec.PROTO.reader(
        new TrickleInputStream(concat(ok, partial), 3), Request.getDefaultInstance())) {
      r.read();
      r.read();
      assertThatThrownBy(r::read)
          .isInstanceOf(ProtocolException.class)
          .hasMessage("truncated frame: header says 812 bytes but EOF after 17 (message #3)");
    }
  }

  @Test
  void oversizeLengthIsRejected() throws Exception {
    try (MessageReader<Request> r = requests(HEX.parseHex("ffffffff00"))) {
      assertThatThrownBy(r::read)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("4294967295 bytes, more than the maximum of 268435456 (message #1)");
    }
    byte[] justOver = new byte[4];
    int len = Codec.MAX_MESSAGE_BYTES + 1;
    justOver[0] = (byte) len;
    justOver[1] = (byte) (len >> 8);
    justOver[2] = (byte) (len >> 16);
    justOver[3] = (byte) (len >> 24);
    try (MessageReader<Request> r = requests(justOver)) {
      assertThatThrownBy(r::read).isInstanceOf(ProtocolException.class).hasMessageContaining("maximum");
    }
  }

  @Test
  void invalidProtobufBody() throws Exception {
    try (MessageReader<Request> r = requests(HEX.parseHex("02000000ffff"))) {
      assertThatThrownBy(r::read)
          .isInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("message #1 (2 bytes) is not valid protobuf");
    }
  }

  @Test
  void unknownFieldsSurviveARoundTrip() throws Exception {
    // A newer runtime's Request: unknown field 50 at the top and 99 inside Store.
    Request.Store store = Request.Store.newBuilder().setBinding(3)
        .setUnknownFields(UnknownFieldSet.newBuilder()
            .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build()).build())
        .build();
    Request request = Request.newBuilder().setStore(store)
        .setUnknownFields(UnknownFieldSet.newBuilder()
            .addField(50, UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(ByteString.copyFromUtf8("future")).build()).build())
        .build();
    byte[] wire = frames(request);
    try (MessageReader<Request> r = requests(wire)) {
      Request back = r.read();
      assertThat(back.getUnknownFields().hasField(50)).isTrue();
      assertThat(back.getStore().getUnknownFields().hasField(99)).isTrue();
      assertThat(frames(back)).isEqualTo(wire);
    }
  }

  @Test
  void mapEntriesWithDefaultKeysOrValuesAreEncodedLikeFlow() throws Exception {
    // prost omits a default key or value inside a map entry; protobuf-java would write `0a 00`.
    Flow.MaterializationSpec spec = Flow.MaterializationSpec.newBuilder()
        .putSecrets("", "x")
        .putSecrets("/a", "")
        .build();
    assertThat(HEX.formatHex(ProtoFrameWriter.toBytes(spec))).isEqualTo("7203120178" + "7204" + "0a022f61");
    assertThat(Flow.MaterializationSpec.parseFrom(ProtoFrameWriter.toBytes(spec))).isEqualTo(spec);
    // Without default keys or values, output is protobuf-java's own deterministic encoding.
    Flow.MaterializationSpec plain = Flow.MaterializationSpec.newBuilder().putSecrets("/b", "y").putSecrets("/a", "x").build();
    assertThat(ProtoFrameWriter.toBytes(plain)).isEqualTo(Vectors.deterministic(plain));
    assertThat(HEX.formatHex(ProtoFrameWriter.toBytes(plain))).startsWith("72070a022f611201787207");
  }

  @Test
  void sixteenMebibyteDocumentRoundTrips() throws Exception {
    byte[] doc = bigDoc(16 << 20);
    Request store = Request.newBuilder().setStore(Request.Store.newBuilder()
        .setBinding(1).setKeyPacked(ByteString.copyFrom(new byte[] {0x15, 0x2a}))
        .setDocJson(ByteString.copyFrom(doc)).setExists(true)).build();
    Request ack = Request.newBuilder().setAcknowledge(Request.Acknowledge.getDefaultInstance()).build();
    byte[] wire = frames(ack, store, ack, store);
    try (MessageReader<Request> r = Codec.PROTO.reader(
        new TrickleInputStream(wire, 1 << 20), Request.getDefaultInstance())) {
      assertThat(r.read()).isEqualTo(ack);
      assertThat(r.read().getStore().getDocJson().size()).isEqualTo(doc.length);
      assertThat(r.read()).isEqualTo(ack);
      assertThat(r.read()).isEqualTo(store);
      assertThat(r.read()).isNull();
    }
  }

  static byte[] bigDoc(int size) {
    byte[] doc = new byte[size];
    Arrays.fill(doc, (byte) 'x');
    byte[] head = "{\"big\":\"".getBytes();
    System.arraycopy(head, 0, doc, 0, head.length);
    doc[size - 2] = '"';
    doc[size - 1] = '}';
    return doc;
  }
}
