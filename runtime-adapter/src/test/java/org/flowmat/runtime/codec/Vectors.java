package org.flowmat.runtime.codec;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize;

/**
 * Flow's regression-snapshot vectors under src/test/resources/vectors (copied from
 * /work/shared/vectors; see its README for provenance).
 */
final class Vectors {
  private Vectors() {}

  /** Base names of every .hex vector. */
  static final List<String> HEX = List.of(
      "materialize_request__12ead22a",
      "materialize_request__552f6c0e",
      "materialize_response__0ba7662f",
      "materialize_response__9ed9846a",
      "materialize_response__2929832e_17ced1e6",
      "materialize_response__5ed81033",
      "materialization_spec__372ac280",
      "materialization_spec__5ed81033_4ce496c6",
      "materialization_spec__12ead22a",
      "collection_spec__552f6c0e",
      "collection_spec__4ce496c6_5ed81033");

  /** JSON vector file -> its .hex twin. All IDENTICAL pairs, plus the one RECONSTRUCTED file. */
  static final Map<String, String> JSON = Map.ofEntries(
      Map.entry("materialize_request__12ead22a.json", "materialize_request__12ead22a"),
      Map.entry("materialize_request__552f6c0e.json", "materialize_request__552f6c0e"),
      Map.entry("materialize_response__0ba7662f.json", "materialize_response__0ba7662f"),
      Map.entry("materialize_response__9ed9846a.json", "materialize_response__9ed9846a"),
      Map.entry("materialize_response__2929832e_17ced1e6.json", "materialize_response__2929832e_17ced1e6"),
      Map.entry("materialize_response__5ed81033.RECONSTRUCTED-NOT-FROM-SNAPSHOT.json", "materialize_response__5ed81033"),
      Map.entry("materialization_spec__372ac280.json", "materialization_spec__372ac280"),
      Map.entry("materialization_spec__5ed81033_4ce496c6.json", "materialization_spec__5ed81033_4ce496c6"),
      Map.entry("materialization_spec__12ead22a.json", "materialization_spec__12ead22a"),
      Map.entry("collection_spec__552f6c0e.json", "collection_spec__552f6c0e"),
      Map.entry("collection_spec__4ce496c6_5ed81033.json", "collection_spec__4ce496c6_5ed81033"));

  static Message defaultInstanceFor(String name) {
    if (name.startsWith("materialize_request")) {
      return Materialize.Request.getDefaultInstance();
    } else if (name.startsWith("materialize_response")) {
      return Materialize.Response.getDefaultInstance();
    } else if (name.startsWith("materialization_spec")) {
      return Flow.MaterializationSpec.getDefaultInstance();
    } else if (name.startsWith("collection_spec")) {
      return Flow.CollectionSpec.getDefaultInstance();
    }
    throw new IllegalArgumentException(name);
  }

  static byte[] resource(String file) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource /vectors/" + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] hex(String name) {
    return HexFormat.of().parseHex(new String(resource(name + ".hex"), StandardCharsets.US_ASCII).strip());
  }

  static byte[] deterministic(Message m) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    CodedOutputStream cos = CodedOutputStream.newInstance(bos);
    cos.useDeterministicSerialization();
    m.writeTo(cos);
    cos.flush();
    return bos.toByteArray();
  }

  /** Paths of every message in the tree that carries unknown fields. */
  static List<String> unknownFieldPaths(Message m) {
    List<String> out = new ArrayList<>();
    walk(m, m.getDescriptorForType().getName(), out);
    return out;
  }

  private static void walk(Message m, String path, List<String> out) {
    if (!m.getUnknownFields().asMap().isEmpty()) {
      out.add(path + " " + m.getUnknownFields().asMap().keySet());
    }
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor fd = e.getKey();
      if (fd.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (fd.isRepeated()) {
        List<?> items = (List<?>) e.getValue();
        for (int i = 0; i < items.size(); i++) {
          walk((Message) items.get(i), path + "." + fd.getName() + "[" + i + "]", out);
        }
      } else {
        walk((Message) e.getValue(), path + "." + fd.getName(), out);
      }
    }
  }
}
