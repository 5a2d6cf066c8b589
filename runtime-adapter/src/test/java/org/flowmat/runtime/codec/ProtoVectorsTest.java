package org.flowmat.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every .hex vector parses with no unknown fields and re-encodes byte-identically. */
class ProtoVectorsTest {

  static Stream<String> hexVectors() {
    return Vectors.HEX.stream();
  }

  @ParameterizedTest
  @MethodSource("hexVectors")
  void parsesWithoutUnknownFieldsAndReencodesIdentically(String name) throws Exception {
    byte[] bytes = Vectors.hex(name);
    Message m = Vectors.defaultInstanceFor(name).getParserForType().parseFrom(bytes);

    assertThat(Vectors.unknownFieldPaths(m)).as("unknown fields in %s", name).isEmpty();
    // The codec's encoder: deterministic protobuf-java serialization, plus prost's elision of
    // default map keys/values (the 12ead22a vectors carry secrets {"": ...}).
    assertThat(ProtoFrameWriter.toBytes(m)).as("re-encoding of %s", name).isEqualTo(bytes);
  }

  @ParameterizedTest
  @MethodSource("hexVectors")
  void roundTripsThroughFrames(String name) throws Exception {
    byte[] bytes = Vectors.hex(name);
    Message prototype = Vectors.defaultInstanceFor(name);
    Message m = prototype.getParserForType().parseFrom(bytes);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessageWriter<Message> writer = Codec.PROTO.writer(out);
    writer.write(m);
    writer.write(m);
    byte[] framed = out.toByteArray();

    // Each frame is a 4-byte little-endian length followed by exactly the vector bytes.
    assertThat(framed).hasSize(2 * (4 + bytes.length));
    for (int f = 0; f < 2; f++) {
      int base = f * (4 + bytes.length);
      int len = (framed[base] & 0xff) | (framed[base + 1] & 0xff) << 8
          | (framed[base + 2] & 0xff) << 16 | (framed[base + 3] & 0xff) << 24;
      assertThat(len).isEqualTo(bytes.length);
      byte[] body = java.util.Arrays.copyOfRange(framed, base + 4, base + 4 + len);
      assertThat(body).isEqualTo(bytes);
    }

    try (MessageReader<Message> reader = Codec.PROTO.reader(new ByteArrayInputStream(framed), prototype)) {
      assertThat(reader.read()).isEqualTo(m);
      assertThat(reader.read()).isEqualTo(m);
      assertThat(reader.read()).isNull();
    }
  }

  @Test
  void allVectorsInOneStream() throws Exception {
    // Requests and responses interleaved by type: read each back with its own reader.
    List<Message> requests = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessageWriter<Message> writer = Codec.PROTO.writer(out);
    for (String name : Vectors.HEX) {
      if (name.startsWith("materialize_request")) {
        Message m = Vectors.defaultInstanceFor(name).getParserForType().parseFrom(Vectors.hex(name));
        requests.add(m);
        writer.write(m);
      }
    }
    try (MessageReader<Message> reader = Codec.PROTO.reader(
        new TrickleInputStream(out.toByteArray(), 5),
        org.flowmat.runtime.proto.Materialize.Request.getDefaultInstance())) {
      for (Message expected : requests) {
        assertThat(reader.read()).isEqualTo(expected);
      }
      assertThat(reader.read()).isNull();
    }
  }
}
