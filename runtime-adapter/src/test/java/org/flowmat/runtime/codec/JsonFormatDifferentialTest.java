package org.flowmat.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our JSON codec against protobuf-java-util's {@link JsonFormat} on every JSON vector. The two dialects differ
 * only in the raw JSON fields ({@code _json}, {@code _json_map}, {@code _json_vec}): Flow embeds them, proto3 JSON
 * writes bytes as base64. So the test moves a document between the dialects by rewriting just those fields
 * (by the field-name rule, walked with the message descriptors), and everything else must agree as is.
 */
class JsonFormatDifferentialTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<String> jsonVectors() {
    return Vectors.JSON.keySet().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("jsonVectors")
  void decodesToWhatJsonFormatDecodes(String file) throws Exception {
    Message prototype = Vectors.defaultInstanceFor(file);
    byte[] vector = Vectors.resource(file);

    Message ours = PbJsonReader.parse(vector, prototype);
    Message theirs = parseWithJsonFormat(flowToProto3(vector, prototype.getDescriptorForType()), prototype);

    assertThat(ours).isEqualTo(theirs);
    assertThat(ours).isNotEqualTo(prototype); // the vector was not read as an empty message
  }

  @ParameterizedTest
  @MethodSource("jsonVectors")
  void encodesWhatJsonFormatDecodesBackEqual(String file) throws Exception {
    Message prototype = Vectors.defaultInstanceFor(file);
    Message m = PbJsonReader.parse(Vectors.resource(file), prototype);

    byte[] ours = PbJsonWriter.toJson(m);
    assertThat(parseWithJsonFormat(flowToProto3(ours, prototype.getDescriptorForType()), prototype)).isEqualTo(m);
  }

  @ParameterizedTest
  @MethodSource("jsonVectors")
  void decodesWhatJsonFormatEncodes(String file) throws Exception {
    Message prototype = Vectors.defaultInstanceFor(file);
    Message fromHex = prototype.getParserForType().parseFrom(Vectors.hex(Vectors.JSON.get(file)));

    String theirs = JsonFormat.printer().print(fromHex);
    byte[] flow = proto3ToFlow(theirs.getBytes(StandardCharsets.UTF_8), prototype.getDescriptorForType());
    assertThat(PbJsonReader.parse(flow, prototype)).isEqualTo(fromHex);
  }

  private static Message parseWithJsonFormat(String json, Message prototype) throws IOException {
    Message.Builder b = prototype.newBuilderForType();
    JsonFormat.parser().merge(json, b); // strict: an unknown key fails the test
    return b.build();
  }

  /** Flow's JSON to proto3 JSON: each raw JSON value becomes base64 (bytes fields) or a JSON string. */
  private static String flowToProto3(byte[] flow, Descriptor d) throws IOException {
    ObjectNode tree = (ObjectNode) MAPPER.readTree(flow);
    rewriteRaw(tree, d, (fd, raw) -> {
      byte[] text = writeCompact(raw);
      return new TextNode(fd.getType() == FieldDescriptor.Type.BYTES
          ? Base64.getEncoder().encodeToString(text)
          : new String(text, StandardCharsets.UTF_8));
    });
    return MAPPER.writeValueAsString(tree);
  }

  /** Proto3 JSON to Flow's: each raw field's base64 or string is parsed and embedded as the JSON it holds. */
  private static byte[] proto3ToFlow(byte[] proto3, Descriptor d) throws IOException {
    ObjectNode tree = (ObjectNode) MAPPER.readTree(proto3);
    rewriteRaw(tree, d, (fd, encoded) -> {
      byte[] text = fd.getType() == FieldDescriptor.Type.BYTES
          ? Base64.getDecoder().decode(encoded.textValue())
          : encoded.textValue().getBytes(StandardCharsets.UTF_8);
      return readTree(text);
    });
    return MAPPER.writeValueAsBytes(tree);
  }

  /** Replaces, in place, every value of a raw JSON field below {@code obj} (of message type {@code d}). */
  private static void rewriteRaw(ObjectNode obj, Descriptor d, BiFunction<FieldDescriptor, JsonNode, JsonNode> raw) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    obj.fields().forEachRemaining(entries::add);
    for (Map.Entry<String, JsonNode> e : entries) {
      FieldDescriptor fd = fieldFor(d, e.getKey());
      JsonNode value = e.getValue();
      if (fd == null || value.isNull()) {
        continue; // left for the parsers to judge
      }
      String name = fd.getName();
      if (fd.isMapField()) {
        FieldDescriptor valueFd = fd.getMessageType().findFieldByNumber(2);
        ObjectNode map = (ObjectNode) value;
        List<String> keys = new ArrayList<>();
        map.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
          if (name.endsWith(PbJson.RAW_MAP_SUFFIX)) {
            map.set(k, raw.apply(valueFd, map.get(k)));
          } else if (isPlainMessage(valueFd)) {
            rewriteRaw((ObjectNode) map.get(k), valueFd.getMessageType(), raw);
          }
        }
      } else if (fd.isRepeated()) {
        ArrayNode items = (ArrayNode) value;
        for (int i = 0; i < items.size(); i++) {
          if (name.endsWith(PbJson.RAW_VEC_SUFFIX)) {
            items.set(i, raw.apply(fd, items.get(i)));
          } else if (isPlainMessage(fd)) {
            rewriteRaw((ObjectNode) items.get(i), fd.getMessageType(), raw);
          }
        }
      } else if (name.endsWith(PbJson.RAW_SUFFIX)) {
        obj.set(e.getKey(), raw.apply(fd, value));
      } else if (isPlainMessage(fd)) {
        rewriteRaw((ObjectNode) value, fd.getMessageType(), raw);
      }
    }
  }

  private static FieldDescriptor fieldFor(Descriptor d, String key) {
    for (FieldDescriptor fd : d.getFields()) {
      if (fd.getJsonName().equals(key) || fd.getName().equals(key)) {
        return fd;
      }
    }
    return null;
  }

  /** A message field JsonFormat reads field by field (well-known types have their own JSON forms). */
  private static boolean isPlainMessage(FieldDescriptor fd) {
    return fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && !fd.getMessageType().getFullName().startsWith("google.protobuf.");
  }

  private static byte[] writeCompact(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readTree(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
