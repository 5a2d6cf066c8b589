package org.flowmat.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.util.List;
import org.flowmat.runtime.proto.Flow;

/**
 * The collections of the value-forms suite: one field of every flat type and format, and one with keys of the forms a
 * warehouse parser is narrowest for (date-time text, integers beyond 64 bits).
 */
public final class ValueFormsCollections {
  /** 2^64, as Flow's inference bounds a u64 field: beyond the signed 64-bit range, so the column is 128-bit. */
  static final double U64_BOUND = 18446744073709551615.0;

  private ValueFormsCollections() {}

  /** An integer projection whose inferred maximum is beyond 64 signed bits (a CDC source's unsigned BIGINT). */
  static Flow.Projection wideInteger(String field, boolean key) {
    return Flow.Projection.newBuilder().setPtr("/" + field).setField(field).setIsPrimaryKey(key)
        .setInference(Flow.Inference.newBuilder().addTypes("integer")
            .setExists(key ? Flow.Inference.Exists.MUST : Flow.Inference.Exists.MAY)
            .setNumeric(Flow.Inference.Numeric.newBuilder().setHasMinimum(true).setMinimum(-U64_BOUND)
                .setHasMaximum(true).setMaximum(U64_BOUND)))
        .build();
  }

  /** A string-formatted integer of at most 39 characters: a 128-bit column in every dialect's mapping. */
  static Flow.Projection boundedStringInteger(String field) {
    return Flow.Projection.newBuilder().setPtr("/" + field).setField(field)
        .setInference(Flow.Inference.newBuilder().addTypes("string").setExists(Flow.Inference.Exists.MAY)
            .setString(Flow.Inference.String.newBuilder().setFormat("integer").setMaxLength(38)))
        .build();
  }

  /** Every flat type and format, each field optional; key {@code /id}. */
  public static Flow.CollectionSpec valueForms() {
    return TestCollections.collection("acmeCo/value-forms", List.of("/id"), List.of(
        TestCollections.field("id", "/id", true, true, "", "integer"),
        TestCollections.field("ts", "/ts", false, false, "date-time", "string"),
        TestCollections.field("d", "/d", false, false, "date", "string"),
        TestCollections.field("t", "/t", false, false, "time", "string"),
        TestCollections.field("i", "/i", false, false, "", "integer"),
        wideInteger("wide", false),
        boundedStringInteger("si"),
        TestCollections.field("sn", "/sn", false, false, "number", "string"),
        TestCollections.field("n", "/n", false, false, "", "number"),
        TestCollections.field("bin", "/bin", false, false, "base64", "string"),
        TestCollections.field("s", "/s", false, false, "", "string"),
        TestCollections.field("u", "/u", false, false, "uuid", "string")));
  }

  /** A composite key of a date-time (stored as its text) and an integer beyond 64 bits. */
  public static Flow.CollectionSpec valueKeys() {
    return TestCollections.collection("acmeCo/value-keys", List.of("/at", "/wide"), List.of(
        TestCollections.field("at", "/at", true, true, "date-time", "string"),
        wideInteger("wide", true),
        TestCollections.field("v", "/v", false, false, "", "string")));
  }

  /** {@link TestCollections#binding} without the root document: Loads rebuild documents from the columns. */
  public static Flow.MaterializationSpec.Binding withoutDocument(List<String> resourcePath, Flow.CollectionSpec collection) {
    Flow.MaterializationSpec.Binding b = TestCollections.binding(resourcePath, collection, false, 0);
    Flow.FieldSelection selection = b.getFieldSelection().toBuilder().clearDocument().build();
    ObjectNode resource = TestCollections.JSON.createObjectNode().put("table", resourcePath.get(resourcePath.size() - 1));
    return b.toBuilder().setFieldSelection(selection).setResourceConfigJson(ByteString.copyFromUtf8(resource.toString()))
        .build();
  }
}
