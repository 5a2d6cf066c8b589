package org.flowmat.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.flowmat.runtime.codec.PbJsonReader;
import org.flowmat.runtime.codec.PbJsonWriter;
import org.flowmat.runtime.proto.Flow;
import org.junit.jupiter.api.Test;

class SchemaProjectionsTest {

  /** Nested objects (one nullable), required and optional, formats, arrays, a $ref, a oneOf, an enum, a "/" name. */
  static final String SCHEMA =
      """
      {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Thing",
        "type": "object",
        "required": ["id", "tenant", "shipping", "created"],
        "properties": {
          "id": {"type": "integer", "minimum": 1},
          "tenant": {"type": "string", "maxLength": 8},
          "created": {"type": "string", "format": "date-time", "title": "Created"},
          "note": {"type": ["string", "null"], "default": "none", "description": "Free text"},
          "tags": {"type": "array", "items": {"type": "string"}},
          "price": {"type": "number", "minimum": 0, "maximum": 1000},
          "blob": {"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"},
          "shipping": {
            "type": "object",
            "required": ["address"],
            "properties": {"address": {"$ref": "#/$defs/address"}, "carrier": {"type": "string"}}
          },
          "billing": {
            "type": ["object", "null"],
            "required": ["address"],
            "properties": {"address": {"$ref": "#/$defs/address", "description": "Where invoices go"}}
          },
          "anything": {},
          "either": {"oneOf": [{"type": "integer"}, {"type": "string", "format": "date"}]},
          "kind": {"enum": ["a", "b", 1]},
          "a/b": {"type": "boolean", "secret": true}
        },
        "$defs": {
          "address": {
            "type": "object",
            "required": ["city"],
            "properties": {"city": {"type": "string"}, "zip": {"type": "string"}}
          }
        }
      }
      """;

  /** What Flow would build, hand-written in Flow's JSON form, sorted on field. */
  static final String EXPECTED =
      """
      [
        {"ptr":"/_meta/flow_truncated","field":"_meta/flow_truncated","inference":{"types":["boolean"],
          "title":"Flow truncation indicator","description":"Indicates whether any of the materialized values for this row have been truncated to make them fit inside the limitations of the destination system.",
          "exists":"MUST"}},
        {"ptr":"/_meta/op","field":"_meta/op","inference":{"types":["string"],"string":{},"title":"Change Operation",
          "description":"Operation type of the document: 'c' create, 'u' update, 'd' delete","exists":"MUST"}},
        {"ptr":"/anything","field":"anything","inference":{"types":["array","boolean","null","number","object","string"],
          "string":{},"exists":"MAY","numeric":{}}},
        {"ptr":"/a~1b","field":"a~1b","inference":{"types":["boolean"],"secret":true,"exists":"MAY"}},
        {"ptr":"/billing","field":"billing","inference":{"types":["null","object"],"exists":"MAY"}},
        {"ptr":"/billing/address","field":"billing/address","inference":{"types":["object"],
          "description":"Where invoices go","exists":"MAY"}},
        {"ptr":"/billing/address/city","field":"billing/address/city","inference":{"types":["string"],"string":{},"exists":"MAY"}},
        {"ptr":"/billing/address/zip","field":"billing/address/zip","inference":{"types":["string"],"string":{},"exists":"MAY"}},
        {"ptr":"/blob","field":"blob","inference":{"types":["string"],
          "string":{"contentType":"image/png","contentEncoding":"base64"},"exists":"MAY"}},
        {"ptr":"/created","field":"created","inference":{"types":["string"],"string":{"format":"date-time"},
          "title":"Created","exists":"MUST"}},
        {"ptr":"/either","field":"either","inference":{"types":["integer","string"],"string":{},"exists":"MAY","numeric":{}}},
        {"ptr":"","field":"flow_document","inference":{"types":["object"],"title":"Thing","exists":"MUST"}},
        {"ptr":"/_meta/uuid","field":"flow_published_at","inference":{"types":["string"],
          "string":{"format":"date-time","contentEncoding":"uuid"},"title":"Flow Publication Time",
          "description":"Flow publication date-time of this document","exists":"MUST"}},
        {"ptr":"/id","field":"id","isPrimaryKey":true,"inference":{"types":["integer"],"exists":"MUST",
          "numeric":{"hasMinimum":true,"minimum":1.0}}},
        {"ptr":"/kind","field":"kind","inference":{"types":["integer","string"],"string":{},"exists":"MAY","numeric":{}}},
        {"ptr":"/note","field":"note","inference":{"types":["null","string"],"string":{},"description":"Free text",
          "default":"none","exists":"MAY"}},
        {"ptr":"/price","field":"price","inference":{"types":["number"],"exists":"MAY",
          "numeric":{"hasMinimum":true,"minimum":0.0,"hasMaximum":true,"maximum":1000.0}}},
        {"ptr":"/shipping","field":"shipping","inference":{"types":["object"],"exists":"MUST"}},
        {"ptr":"/shipping/address","field":"shipping/address","inference":{"types":["object"],"exists":"MUST"}},
        {"ptr":"/shipping/address/city","field":"shipping/address/city","inference":{"types":["string"],"string":{},"exists":"MUST"}},
        {"ptr":"/shipping/address/zip","field":"shipping/address/zip","inference":{"types":["string"],"string":{},"exists":"MAY"}},
        {"ptr":"/shipping/carrier","field":"shipping/carrier","inference":{"types":["string"],"string":{},"exists":"MAY"}},
        {"ptr":"/tags","field":"tags","inference":{"types":["array"],"exists":"MAY"}},
        {"ptr":"/tenant","field":"tenant","isPrimaryKey":true,"inference":{"types":["string"],"string":{"maxLength":8},"exists":"MUST"}}
      ]
      """;

  @Test
  void projectsEveryPropertyLocationAndFlowsOwnFieldsLikeFlow() throws Exception {
    List<Flow.Projection> actual = SchemaProjections.projections(tree(SCHEMA), List.of("/tenant", "/id"));
    assertThat(json(actual)).containsExactlyElementsOf(json(expected(EXPECTED)));
  }

  @Test
  void locationsAreOrderedOnPointerAndIncludeTheRoot() {
    SchemaProjections sp = SchemaProjections.of(tree(SCHEMA));
    assertThat(sp.locations().get(0).ptr()).isEmpty();
    assertThat(sp.location("/shipping/address/city")).isPresent();
    assertThat(sp.location("/tags/0")).isEmpty(); // array items are not projected
    assertThat(sp.location("/_meta/op")).isEmpty(); // synthetic: a projection, not a schema location
  }

  @Test
  void keysMustExistAndBeKeyableTypes() {
    SchemaProjections sp = SchemaProjections.of(tree(SCHEMA));
    assertThat(sp.keyProblem("/tenant")).isEmpty();
    assertThat(sp.keyProblem("/nope")).get().asString().contains("/nope is not a location of the schema");
    assertThat(sp.keyProblem("/shipping/address/zip")).get().asString().contains("may not exist");
    assertThat(sp.keyProblem("/billing/address/city")).get().asString().contains("may not exist");
    assertThat(sp.keyProblem("/shipping")).get().asString().contains("types [object]");
    assertThat(sp.keyProblem("id")).get().asString().contains("starting with '/'");
    assertThatThrownBy(() -> sp.projections(List.of("/created", "/price")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/price may not exist");
    String number = "{\"type\":\"object\",\"required\":[\"n\"],\"properties\":{\"n\":{\"type\":[\"number\"]}}}";
    assertThat(SchemaProjections.of(tree(number)).keyProblem("/n")).get().asString()
        .contains("may only be integer, string or boolean (not number)");
  }

  @Test
  void aSchemaThatDeclaresMetaOpKeepsItsOwnInference() {
    JsonNode schema = tree(
        """
        {"type":"object","required":["_meta","k"],"properties":{
          "k":{"type":"string"},
          "_meta":{"type":"object","required":["op"],"properties":{"op":{"enum":["c","u","d"],"title":"Op"}}}}}
        """);
    List<Flow.Projection> ps = SchemaProjections.projections(schema, List.of("/k"));
    assertThat(ps).extracting(Flow.Projection::getField)
        .containsExactly("_meta", "_meta/flow_truncated", "_meta/op", "flow_document", "flow_published_at", "k");
    Flow.Projection op = ps.get(2);
    assertThat(op.getInference().getTitle()).isEqualTo("Op");
    assertThat(op.getInference().getTypesList()).containsExactly("string");
    assertThat(op.getInference().getExists()).isEqualTo(Flow.Inference.Exists.MUST);
  }

  @Test
  void allOfAndRefIntersectAnyOfUnites() {
    JsonNode schema = tree(
        """
        {"type":"object","required":["a","u"],"properties":{
          "a":{"allOf":[{"type":["string","integer"],"maxLength":10,"title":"first"},{"type":"string","maxLength":5,"title":"second"}]},
          "u":{"anyOf":[
            {"type":"object","required":["x","y"],"properties":{"x":{"type":"integer","minimum":0},"y":{"type":"string"}},"additionalProperties":false},
            {"type":"object","required":["x"],"properties":{"x":{"type":"integer","minimum":-5}},"additionalProperties":false}]},
          "w":{"anyOf":[
            {"type":"object","properties":{"p":{"type":"string"}}},
            {"type":"object","properties":{"q":{"type":"string"}}}]}}}
        """);
    SchemaProjections sp = SchemaProjections.of(schema);
    Flow.Inference a = sp.location("/a").orElseThrow().inference();
    assertThat(a.getTypesList()).containsExactly("string");
    assertThat(a.getString().getMaxLength()).isEqualTo(5);
    assertThat(a.getTitle()).isEqualTo("first");
    Flow.Inference x = sp.location("/u/x").orElseThrow().inference();
    assertThat(x.getExists()).isEqualTo(Flow.Inference.Exists.MUST); // required by every branch
    assertThat(x.getNumeric().getMinimum()).isEqualTo(-5.0); // the looser bound
    Flow.Inference y = sp.location("/u/y").orElseThrow().inference();
    assertThat(y.getExists()).isEqualTo(Flow.Inference.Exists.MAY);
    assertThat(y.getTypesList()).containsExactly("string"); // the other branch allows no other properties
    // Declared by one branch only, where the other allows anything: the property may be anything.
    assertThat(sp.location("/w/p").orElseThrow().inference().getTypesList())
        .containsExactly("array", "boolean", "null", "number", "object", "string");
  }

  @Test
  void refusesWhatItCannotModelNamingThePath() {
    assertRefused("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"other.json#/x\"}}}",
        "/properties/a/$ref", "only local references");
    assertRefused("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}",
        "/properties/a/$ref", "does not resolve");
    assertRefused("{\"type\":\"object\",\"properties\":{\"a\":{\"if\":{},\"then\":{}}}}",
        "/properties/a/if", "'if' is not supported");
    assertRefused("{\"type\":\"object\",\"properties\":{\"a\":{\"not\":{\"type\":\"string\"}}}}",
        "/properties/a/not", "'not' is not supported");
    assertRefused("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"string\",\"text\"]}}}",
        "/properties/a/type/1", "unknown type \"text\"");
    assertRefused("{\"type\":\"object\",\"properties\":{\"n\":{\"$ref\":\"#/$defs/node\"}},"
            + "\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/node\"}}}}}",
        "/$defs/node/properties/next/$ref", "recursive schemas");
    assertRefused("{\"type\":[\"object\",\"null\"]}", "", "must have type \"object\"");
    assertRefused("{\"properties\":{}}", "", "must have type \"object\"");
    assertRefused("{\"type\":\"object\",\"properties\":{\"a\":{\"maxLength\":-1}}}",
        "/properties/a/maxLength", "non-negative integer");
    assertRefused("{\"type\":\"object\",\"properties\":{\"a\":3}}", "/properties/a", "an object or a boolean");
  }

  @Test
  void aLocationCannotTakeAFieldFlowReserves() {
    JsonNode schema = tree("{\"type\":\"object\",\"properties\":{\"flow_published_at\":{\"type\":\"string\"},"
        + "\"flow_document\":{\"type\":\"string\"}}}");
    assertThatThrownBy(() -> SchemaProjections.projections(schema, List.of()))
        .hasMessageContaining("/flow_published_at would be projected as field 'flow_published_at'");
  }

  @Test
  void typeNamesFollowFlowsOrder() {
    assertThat(SchemaShape.typeNames(SchemaShape.ANY))
        .containsExactly("array", "boolean", "null", "number", "object", "string");
    assertThat(SchemaShape.typeNames(SchemaShape.INTEGER | SchemaShape.NULL))
        .containsExactly("integer", "null");
    assertThat(SchemaShape.typeNames(SchemaShape.FRACTIONAL)).containsExactly("fractional");
  }

  @Test
  void fieldsSortByCodePointLikeRust() {
    // U+FF21 (fullwidth A) is below U+1F600 by code point, above it in UTF-16 units.
    assertThat(SchemaProjections.CODE_POINT_ORDER.compare("\uFF21", "\uD83D\uDE00")).isNegative();
    assertThat("\uFF21".compareTo("\uD83D\uDE00")).isPositive();
  }

  private static void assertRefused(String schema, String path, String problem) {
    assertThatThrownBy(() -> SchemaProjections.of(tree(schema)))
        .isInstanceOfSatisfying(SchemaProjections.SchemaException.class, e -> {
          assertThat(e.schemaPath()).isEqualTo(path);
          assertThat(e.problem()).contains(problem);
        });
  }

  static JsonNode tree(String json) {
    return SchemaProjections.parse(json);
  }

  private static List<Flow.Projection> expected(String jsonArray) throws Exception {
    List<Flow.Projection> out = new ArrayList<>();
    for (JsonNode p : tree(jsonArray)) {
      out.add(PbJsonReader.parse(p.toString().getBytes(StandardCharsets.UTF_8), Flow.Projection.getDefaultInstance()));
    }
    return out;
  }

  private static List<String> json(List<Flow.Projection> projections) throws Exception {
    List<String> out = new ArrayList<>();
    for (Flow.Projection p : projections) {
      out.add(PbJsonWriter.toJsonString(p));
    }
    return out;
  }
}
