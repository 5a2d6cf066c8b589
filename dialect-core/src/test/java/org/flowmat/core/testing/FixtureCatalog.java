package org.flowmat.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowmat.core.connector.ValidateRequest;
import org.flowmat.core.spec.CollectionSpec;
import org.flowmat.core.spec.Exists;
import org.flowmat.core.spec.FieldSelection;
import org.flowmat.core.spec.Inference;
import org.flowmat.core.spec.MaterializationBinding;
import org.flowmat.core.spec.MaterializationSpec;
import org.flowmat.core.spec.Projection;
import org.flowmat.core.spec.SerPolicy;

/**
 * The one catalog of collections every dialect is tested and snapshotted against: every flat type and string format,
 * required and nullable fields, compound keys with date keys, a delta-updates binding, and hostile names (quotes,
 * spaces, unicode, reserved words, leading digits, SQL metacharacters, names differing only in case).
 */
public final class FixtureCatalog {
  public static final ObjectMapper JSON = new ObjectMapper();

  private FixtureCatalog() {}

  // ---- projections ----

  public static Projection field(String field, String ptr, Exists exists, String... types) {
    return new Projection(ptr, field, false, false, false, inference(exists, Optional.empty(), types));
  }

  public static Projection key(String field, String ptr, String... types) {
    return new Projection(ptr, field, false, false, true, inference(Exists.MUST, Optional.empty(), types));
  }

  public static Projection formatted(String field, String ptr, Exists exists, String format, boolean key, String... types) {
    Inference.StringInference s = new Inference.StringInference("", format, 0, "", "", "");
    return new Projection(ptr, field, false, false, key, inference(exists, Optional.of(s), types));
  }

  public static Projection withString(String field, String ptr, Exists exists, Inference.StringInference s, String... types) {
    return new Projection(ptr, field, false, false, false, inference(exists, Optional.of(s), types));
  }

  private static Projection keyWithString(String field, String ptr, Inference.StringInference s) {
    return new Projection(ptr, field, false, false, true, inference(Exists.MUST, Optional.of(s), "string"));
  }

  public static Projection document() {
    return new Projection("", "flow_document", false, false, false, inference(Exists.MUST, Optional.empty(), "object"));
  }

  public static Projection publishedAt() {
    return formatted("flow_published_at", "/_meta/uuid", Exists.MUST, "date-time", false, "string");
  }

  public static Projection op() {
    return field("_meta/op", "/_meta/op", Exists.MUST, "string");
  }

  private static Inference inference(Exists exists, Optional<Inference.StringInference> string, String... types) {
    return new Inference(Arrays.asList(types), string, "", "", Optional.empty(), false, exists, Optional.empty());
  }

  /** An integer whose inferred maximum is beyond int64 (needs a wider column). */
  public static Projection wideInteger(String field, String ptr) {
    Inference i = new Inference(List.of("integer"), Optional.empty(), "", "", Optional.empty(), false, Exists.MUST,
        Optional.of(new Inference.NumericInference(true, 0, true, 1e20)));
    return new Projection(ptr, field, false, false, false, i);
  }

  // ---- collections ----

  public static CollectionSpec allTypes() {
    return new CollectionSpec("acmeCo/all-types", List.of("/id"), "/_meta/uuid", List.of(), List.of(
        field("_meta/op", "/_meta/op", Exists.MUST, "string"),
        field("amount", "/amount", Exists.MUST, "number"),
        field("arr", "/arr", Exists.MAY, "array"),
        wideInteger("big_count", "/big_count"),
        withString("blob", "/blob", Exists.MAY, new Inference.StringInference("", "", 0, "base64", "", ""), "string", "null"),
        formatted("clock", "/clock", Exists.MAY, "time", false, "string"),
        field("count", "/count", Exists.MAY, "integer", "null"),
        formatted("day", "/day", Exists.MAY, "date", false, "string"),
        field("flag", "/flag", Exists.MUST, "boolean"),
        document(),
        publishedAt(),
        key("id", "/id", "integer"),
        field("multi", "/multi", Exists.MAY, "integer", "string"),
        field("name", "/name", Exists.MUST, "string"),
        field("nothing", "/nothing", Exists.MAY, "null"),
        field("obj", "/obj", Exists.MAY, "object"),
        withString("str_int", "/str_int", Exists.MAY, new Inference.StringInference("", "integer", 20, "", "", ""), "string"),
        // No maxLength, as CDC sources send NUMERIC and unsigned 64-bit columns.
        withString("str_int_wide", "/str_int_wide", Exists.MAY, new Inference.StringInference("", "integer", 0, "", "", ""), "integer", "string"),
        withString("str_num", "/str_num", Exists.MAY, new Inference.StringInference("", "number", 0, "", "", ""), "string"),
        formatted("ts", "/ts", Exists.MAY, "date-time", false, "string", "null"),
        formatted("u32", "/u32", Exists.MAY, "uint32", false, "string"),
        formatted("uid", "/uid", Exists.MAY, "uuid", false, "string")),
        Optional.empty(), Optional.empty());
  }

  public static CollectionSpec compoundKeys() {
    return new CollectionSpec("acmeCo/compound", List.of("/region", "/day", "/seq"), "/_meta/uuid", List.of(), List.of(
        formatted("day", "/day", Exists.MUST, "date", true, "string"),
        document(),
        publishedAt(),
        key("region", "/region", "string"),
        key("seq", "/seq", "integer"),
        formatted("updated", "/updated", Exists.MAY, "date-time", false, "string"),
        field("v", "/v", Exists.MAY, "number")),
        Optional.empty(), Optional.empty());
  }

  public static CollectionSpec events() {
    return new CollectionSpec("acmeCo/events", List.of("/id"), "/_meta/uuid", List.of(), List.of(
        document(),
        publishedAt(),
        key("id", "/id", "string"),
        field("kind", "/kind", Exists.MUST, "string"),
        field("payload", "/payload", Exists.MAY, "object")),
        Optional.empty(), Optional.empty());
  }

  public static CollectionSpec hostile() {
    return new CollectionSpec("acmeCo/hostile", List.of("/\"quoted\""), "/_meta/uuid", List.of(), List.of(
        field("1leading_digit", "/1leading_digit", Exists.MAY, "integer"),
        field("CaseField", "/CaseField", Exists.MAY, "string"),
        key("\"quoted\"", "/\"quoted\"", "string"),
        field("a/b", "/a/b", Exists.MAY, "string"),
        field("casefield", "/casefield", Exists.MAY, "string"),
        document(),
        field("select", "/select", Exists.MAY, "string"),
        field("semi;colon'); DROP TABLE x; --", "/semi", Exists.MAY, "string"),
        field("with space", "/with space", Exists.MAY, "boolean"),
        field("ünïcødé 名前", "/unicode", Exists.MAY, "number")),
        Optional.empty(), Optional.empty());
  }

  /**
   * Keys of the kinds whose order or form differs between Flow's packed tuple and the warehouse column: a
   * string-formatted integer, base64 bytes, a boolean and a date-time kept as text. Not one of {@link #fixtures()}:
   * the golden transaction statements render it on its own, keyed by all four.
   */
  public static CollectionSpec keyKinds() {
    return new CollectionSpec("acmeCo/key-kinds", List.of("/n", "/bin", "/flag", "/at"), "/_meta/uuid", List.of(), List.of(
        formatted("at", "/at", Exists.MUST, "date-time", true, "string"),
        keyWithString("bin", "/bin", new Inference.StringInference("", "", 0, "base64", "", "")),
        document(),
        key("flag", "/flag", "boolean"),
        keyWithString("n", "/n", new Inference.StringInference("", "integer", 20, "", "", "")),
        field("v", "/v", Exists.MAY, "string")),
        Optional.empty(), Optional.empty());
  }

  /** The binding of {@link #keyKinds()}: its four keys, one value and the document. */
  public static MaterializationBinding keyKindsBinding() {
    ObjectNode resource = JSON.createObjectNode().put("table", "key_kinds").put("schema", "main");
    return new MaterializationBinding(resource, List.of("main", "key_kinds"), keyKinds(),
        new FieldSelection(List.of("n", "bin", "flag", "at"), List.of("v"), "flow_document", Map.of()), false, 0,
        "main%2Fkey_kinds.v0", SerPolicy.NONE);
  }

  // ---- the materialization ----

  /** One fixture binding: its resource config, the path Flow would store, and the field selection. */
  public record Fixture(String name, ObjectNode resourceConfig, List<String> resourcePath, CollectionSpec collection,
      FieldSelection selection, boolean delta) {}

  public static List<Fixture> fixtures() {
    return List.of(
        fixture("all_types", "all_types", "main", allTypes(), List.of("id"),
            List.of("_meta/op", "amount", "arr", "big_count", "blob", "clock", "count", "day", "flag", "flow_published_at",
                "multi", "name", "obj", "str_int", "str_int_wide", "str_num", "ts", "u32", "uid"), false),
        fixture("compound_keys", "compound keys", "main", compoundKeys(), List.of("region", "day", "seq"),
            List.of("flow_published_at", "updated", "v"), false),
        fixture("events_delta", "events", "analytics", events(), List.of("id"), List.of("kind", "payload"), true),
        // "casefield" is projected but not selected: it differs from "CaseField" only in case, and Flow selects one
        // of such a pair where the warehouse folds case.
        fixture("hostile", "weird \"table\"; DROP TABLE x; --", "Schema Ünï", hostile(), List.of("\"quoted\""),
            List.of("1leading_digit", "CaseField", "a/b", "select", "semi;colon'); DROP TABLE x; --", "with space",
                "ünïcødé 名前"), false));
  }

  private static Fixture fixture(String name, String table, String schema, CollectionSpec c, List<String> keys,
      List<String> values, boolean delta) {
    ObjectNode resource = JSON.createObjectNode().put("table", table).put("schema", schema);
    if (delta) {
      resource.put("delta_updates", true);
    }
    return new Fixture(name, resource, List.of(schema, table), c, new FieldSelection(keys, values, "flow_document", Map.of()), delta);
  }

  public static MaterializationBinding binding(Fixture f, long backfill) {
    return new MaterializationBinding(f.resourceConfig(), f.resourcePath(), f.collection(), f.selection(), f.delta(), backfill,
        String.join("%2F", f.resourcePath()) + ".v" + backfill, SerPolicy.NONE);
  }

  public static MaterializationSpec materialization(JsonNode config, List<MaterializationBinding> bindings) {
    return new MaterializationSpec("acmeCo/fixtures", config, bindings, List.of(), Map.of());
  }

  public static MaterializationSpec materialization(JsonNode config) {
    List<MaterializationBinding> bindings = new ArrayList<>();
    fixtures().forEach(f -> bindings.add(binding(f, 0)));
    return materialization(config, bindings);
  }

  public static ValidateRequest.Binding proposal(Fixture f, long backfill) {
    return new ValidateRequest.Binding(f.resourceConfig(), f.collection(), Map.of(), backfill, List.of());
  }
}
