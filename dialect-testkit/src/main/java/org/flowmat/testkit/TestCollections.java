package org.flowmat.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.flowmat.runtime.proto.Flow;

/**
 * The collections the conformance suite materializes, built as Flow would send them (projections with inference,
 * field selections, state keys), and documents for them.
 */
public final class TestCollections {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_700_000_000_000L;
  private static int clock;

  private TestCollections() {}

  /** One projection. {@code format} may be empty. */
  public static Flow.Projection field(String field, String ptr, boolean key, boolean required, String format, String... types) {
    Flow.Inference.Builder inference = Flow.Inference.newBuilder()
        .addAllTypes(List.of(types))
        .setExists(required ? Flow.Inference.Exists.MUST : Flow.Inference.Exists.MAY);
    if (List.of(types).contains("string")) {
      Flow.Inference.String.Builder s = Flow.Inference.String.newBuilder();
      if (format.equals("base64")) {
        s.setContentEncoding("base64");
      } else {
        s.setFormat(format);
      }
      inference.setString(s);
    }
    return Flow.Projection.newBuilder().setPtr(ptr).setField(field).setIsPrimaryKey(key).setInference(inference).build();
  }

  static List<Flow.Projection> meta() {
    return List.of(
        Flow.Projection.newBuilder().setPtr("").setField("flow_document")
            .setInference(Flow.Inference.newBuilder().addTypes("object").setExists(Flow.Inference.Exists.MUST)).build(),
        field("flow_published_at", "/_meta/uuid", false, true, "date-time", "string"),
        field("_meta/op", "/_meta/op", false, false, "", "string"));
  }

  public static Flow.CollectionSpec collection(String name, List<String> key, List<Flow.Projection> fields) {
    List<Flow.Projection> all = new ArrayList<>(fields);
    all.addAll(meta());
    all.sort((a, b) -> a.getField().compareTo(b.getField()));
    return Flow.CollectionSpec.newBuilder().setName(name).addAllKey(key).setUuidPtr("/_meta/uuid")
        .addAllProjections(all).build();
  }

  /** A binding selecting every projection of {@code collection}: the key fields as keys, the root as document. */
  public static Flow.MaterializationSpec.Binding binding(List<String> resourcePath, Flow.CollectionSpec collection,
      boolean delta, int backfill) {
    Flow.FieldSelection.Builder selection = Flow.FieldSelection.newBuilder().setDocument("flow_document");
    for (String ptr : collection.getKeyList()) {
      collection.getProjectionsList().stream().filter(p -> p.getPtr().equals(ptr)).findFirst()
          .ifPresent(p -> selection.addKeys(p.getField()));
    }
    collection.getProjectionsList().stream()
        .filter(p -> !p.getPtr().isEmpty() && !selection.getKeysList().contains(p.getField()))
        .filter(p -> !(p.getInference().getTypesCount() == 1 && p.getInference().getTypes(0).equals("null")))
        .map(Flow.Projection::getField).sorted().forEach(selection::addValues);
    ObjectNode resource = JSON.createObjectNode().put("table", resourcePath.get(resourcePath.size() - 1));
    if (delta) {
      resource.put("delta_updates", true);
    }
    return Flow.MaterializationSpec.Binding.newBuilder()
        .setResourceConfigJson(ByteString.copyFromUtf8(resource.toString()))
        .addAllResourcePath(resourcePath)
        .setCollection(collection)
        .setFieldSelection(selection)
        .setDeltaUpdates(delta)
        .setBackfill(backfill)
        .setStateKey(String.join("%2F", resourcePath).replace(" ", "%20") + ".v" + backfill)
        .setJournalReadSuffix("materialize/acmeCo/conformance/" + String.join("%2F", resourcePath) + ".v" + backfill)
        .build();
  }

  public static Flow.MaterializationSpec spec(JsonNode config, List<Flow.MaterializationSpec.Binding> bindings) {
    return Flow.MaterializationSpec.newBuilder().setName("acmeCo/conformance")
        .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE)
        .setConfigJson(ByteString.copyFromUtf8(config.toString()))
        .addAllBindings(bindings).build();
  }

  // ---- collections ----

  public static Flow.CollectionSpec orders() {
    return collection("acmeCo/orders", List.of("/id"), List.of(
        field("id", "/id", true, true, "", "integer"),
        field("customer", "/customer", false, true, "", "string"),
        field("total", "/total", false, false, "", "number", "null"),
        field("status", "/status", false, false, "", "string", "null")));
  }

  public static Flow.CollectionSpec events() {
    return collection("acmeCo/events", List.of("/id"), List.of(
        field("id", "/id", true, true, "", "string"),
        field("kind", "/kind", false, true, "", "string")));
  }

  public static Flow.CollectionSpec allTypes() {
    return collection("acmeCo/all-types", List.of("/id"), List.of(
        field("id", "/id", true, true, "", "integer"),
        field("b", "/b", false, false, "", "boolean"),
        field("i", "/i", false, false, "", "integer"),
        field("n", "/n", false, false, "", "number"),
        field("s", "/s", false, false, "", "string"),
        field("d", "/d", false, false, "date", "string"),
        field("ts", "/ts", false, false, "date-time", "string"),
        field("t", "/t", false, false, "time", "string"),
        field("u", "/u", false, false, "uuid", "string"),
        field("si", "/si", false, false, "integer", "string"),
        field("sn", "/sn", false, false, "number", "string"),
        field("bin", "/bin", false, false, "base64", "string"),
        field("o", "/o", false, false, "", "object"),
        field("a", "/a", false, false, "", "array"),
        field("m", "/m", false, false, "", "string", "integer"),
        field("nested/x", "/nested/x", false, false, "", "integer")));
  }

  public static Flow.CollectionSpec hostile() {
    return collection("acmeCo/hostile", List.of("/\"k\""), List.of(
        field("\"k\"", "/\"k\"", true, true, "", "string"),
        field("select", "/select", false, false, "", "string"),
        field("with space", "/with space", false, false, "", "integer"),
        field("ünïcødé 名前", "/u", false, false, "", "string"),
        field("semi;colon'); DROP TABLE x; --", "/semi", false, false, "", "string"),
        field("1leading", "/1leading", false, false, "", "boolean")));
  }

  // ---- documents ----

  /** A document with the next publication clock and {@code _meta/op} ({@code c}, {@code u} or {@code d}). */
  public static ObjectNode doc(String json, String op) {
    try {
      ObjectNode doc = (ObjectNode) JSON.readTree(json);
      ObjectNode meta = doc.putObject("_meta");
      meta.put("uuid", Uuids.v1(T0, ++clock));
      meta.put("op", op);
      return doc;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
