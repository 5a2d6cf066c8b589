package org.flowmat.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.google.protobuf.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every .json vector decodes with the JSON codec's parser and re-encodes to a single line equal
 * (as a JSON tree, and in key order) to the vector; and JSON -> message equals .hex -> message.
 */
class JsonVectorsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Numbers compare by value, so 42.5 == 42.50 and 3 == 3.0 regardless of node class. */
  static final Comparator<JsonNode> NUMERIC = (a, b) -> {
    if (a instanceof NumericNode && b instanceof NumericNode) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  static Stream<String> jsonVectors() {
    return Vectors.JSON.keySet().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("jsonVectors")
  void decodesAndReencodesToTheSameTree(String file) throws Exception {
    byte[] json = Vectors.resource(file);
    Message prototype = Vectors.defaultInstanceFor(file);
    Message m = PbJsonReader.parse(json, prototype);

    byte[] line = writeOneLine(m);
    JsonNode expected = MAPPER.readTree(json);
    JsonNode actual = MAPPER.readTree(line);
    assertThat(actual.equals(NUMERIC, expected))
        .as("tree of %s%n  got:      %s%n  expected: %s", file, actual, expected)
        .isTrue();
    // pbjson writes fields in .proto declaration order: so must we, so compare text as well.
    assertThat(new String(line, StandardCharsets.UTF_8).stripTrailing())
        .isEqualTo(MAPPER.writeValueAsString(expected));
  }

  @ParameterizedTest
  @MethodSource("jsonVectors")
  void jsonMessageEqualsHexMessage(String file) throws Exception {
    String hexName = Vectors.JSON.get(file);
    Message prototype = Vectors.defaultInstanceFor(file);
    Message fromJson = PbJsonReader.parse(Vectors.resource(file), prototype);
    Message fromHex = prototype.getParserForType().parseFrom(Vectors.hex(hexName));

    // IDENTICAL pairs (and, semantically, the RECONSTRUCTED response) decode to equal messages,
    // which also encode to exactly the vector bytes.
    assertThat(fromJson).isEqualTo(fromHex);
    assertThat(ProtoFrameWriter.toBytes(fromJson)).isEqualTo(Vectors.hex(hexName));
  }

  @ParameterizedTest
  @MethodSource("jsonVectors")
  void hexMessageEncodesToTheVectorTree(String file) throws Exception {
    Message prototype = Vectors.defaultInstanceFor(file);
    Message fromHex = prototype.getParserForType().parseFrom(Vectors.hex(Vectors.JSON.get(file)));
    JsonNode actual = MAPPER.readTree(writeOneLine(fromHex));
    assertThat(actual.equals(NUMERIC, MAPPER.readTree(Vectors.resource(file)))).isTrue();
  }

  @ParameterizedTest
  @MethodSource("jsonVectors")
  void roundTripsThroughJsonLines(String file) throws Exception {
    Message prototype = Vectors.defaultInstanceFor(file);
    Message m = PbJsonReader.parse(Vectors.resource(file), prototype);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessageWriter<Message> writer = Codec.JSON.writer(out);
    writer.write(m);
    writer.write(m);
    try (MessageReader<Message> reader =
        Codec.JSON.reader(new TrickleInputStream(out.toByteArray(), 7), prototype)) {
      assertThat(reader.read()).isEqualTo(m);
      assertThat(reader.read()).isEqualTo(m);
      assertThat(reader.read()).isNull();
    }
  }

  /** Writes {@code m} with the JSON codec and checks it's exactly one '\n'-terminated line. */
  static byte[] writeOneLine(Message m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Codec.JSON.writer(out).write(m);
    byte[] bytes = out.toByteArray();
    assertThat(bytes).isNotEmpty();
    assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
    for (int i = 0; i < bytes.length - 1; i++) {
      assertThat(bytes[i]).as("byte %d", i).isNotIn((byte) '\n', (byte) '\r');
    }
    // And it's what the JSON reader reads back.
    Message back = Codec.JSON.reader(new ByteArrayInputStream(bytes), m.getDefaultInstanceForType()).read();
    assertThat(back).isEqualTo(m);
    return bytes;
  }
}
