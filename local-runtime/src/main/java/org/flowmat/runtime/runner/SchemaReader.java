package org.flowmat.runtime.runner;

import static org.flowmat.runtime.runner.SchemaProjections.MAX_DEPTH;
import static org.flowmat.runtime.runner.SchemaProjections.describe;
import static org.flowmat.runtime.runner.SchemaProjections.escape;
import static org.flowmat.runtime.runner.SchemaShape.ANY;
import static org.flowmat.runtime.runner.SchemaShape.ARRAY;
import static org.flowmat.runtime.runner.SchemaShape.BOOLEAN;
import static org.flowmat.runtime.runner.SchemaShape.FRACTIONAL;
import static org.flowmat.runtime.runner.SchemaShape.INTEGER;
import static org.flowmat.runtime.runner.SchemaShape.NULL;
import static org.flowmat.runtime.runner.SchemaShape.NUMBER;
import static org.flowmat.runtime.runner.SchemaShape.OBJECT;
import static org.flowmat.runtime.runner.SchemaShape.STRING;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowmat.runtime.runner.SchemaProjections.SchemaException;

/**
 * Reads the nodes of one JSON schema document into {@link SchemaShape}s, resolving local references against the
 * document's root; what it refuses, it refuses with a {@link SchemaException} naming the keyword's pointer (the
 * rules are on {@link SchemaProjections}). One reader per document: it tracks the references being followed, to
 * refuse recursion.
 */
final class SchemaReader {
  private static final Set<String> REFUSED =
      Set.of("if", "then", "else", "not", "dependentSchemas", "dependencies", "$dynamicRef", "$recursiveRef");

  private final JsonNode document;
  private final Deque<String> refs = new ArrayDeque<>();

  SchemaReader(JsonNode document) {
    this.document = document;
  }

  SchemaShape read(JsonNode node, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new SchemaException(path, "the schema nests deeper than " + MAX_DEPTH + " levels");
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? SchemaShape.any() : SchemaShape.never();
    }
    if (!node.isObject()) {
      throw new SchemaException(path, "a schema must be an object or a boolean, not " + describe(node));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String keyword = it.next();
      if (REFUSED.contains(keyword)) {
        throw new SchemaException(path + "/" + escape(keyword), "'" + keyword + "' is not supported by the local"
            + " runner's schema reader; express the shape with type, properties, required, $ref, allOf, anyOf or"
            + " oneOf");
      }
    }
    SchemaShape s = local(node, path, depth);
    JsonNode ref = node.get("$ref");
    if (ref != null) {
      s = SchemaShape.intersect(s, resolve(ref, path + "/$ref", depth));
    }
    JsonNode allOf = node.get("allOf");
    if (allOf != null) {
      int i = 0;
      for (JsonNode part : array(allOf, path + "/allOf")) {
        s = SchemaShape.intersect(s, read(part, path + "/allOf/" + i++, depth + 1));
      }
    }
    for (String keyword : List.of("anyOf", "oneOf")) {
      JsonNode branches = node.get(keyword);
      if (branches != null) {
        SchemaShape union = null;
        int i = 0;
        for (JsonNode branch : array(branches, path + "/" + keyword)) {
          SchemaShape b = read(branch, path + "/" + keyword + "/" + i++, depth + 1);
          union = union == null ? b : SchemaShape.union(union, b);
        }
        s = SchemaShape.intersect(s, union);
      }
    }
    return s;
  }

  /** The keywords of {@code node} itself, without composition. */
  private SchemaShape local(JsonNode node, String path, int depth) {
    SchemaShape s = new SchemaShape();
    JsonNode type = node.get("type");
    if (type != null) {
      s.types = 0;
      List<JsonNode> names = new ArrayList<>();
      if (type.isArray()) {
        type.forEach(names::add);
      } else {
        names.add(type);
      }
      int i = 0;
      for (JsonNode name : names) {
        String at = type.isArray() ? path + "/type/" + i++ : path + "/type";
        int t = name.isTextual() ? typeOfName(name.textValue()) : -1;
        if (t < 0) {
          throw new SchemaException(at, "unknown type " + name + " (expected one of array, boolean, integer, null,"
              + " number, object, string)");
        }
        s.types |= t;
      }
    }
    int valueTypes = -1;
    if (node.has("const")) {
      valueTypes = typeOfValue(node.get("const"));
    }
    JsonNode enumValues = node.get("enum");
    if (enumValues != null) {
      int t = 0;
      for (JsonNode v : array(enumValues, path + "/enum")) {
        t |= typeOfValue(v);
      }
      valueTypes = valueTypes < 0 ? t : valueTypes & t;
    }
    if (valueTypes >= 0) {
      s.types &= valueTypes; // as Flow: the values' own types (an integral number is an integer) narrow the type
    }
    s.title = text(node, "title", path);
    s.description = text(node, "description", path);
    if (node.has("default")) {
      s.defaultValue = node.get("default");
    }
    JsonNode secret = node.has("secret") ? node.get("secret") : node.get("airbyte_secret");
    if (secret != null && secret.isBoolean()) {
      s.secret = secret.booleanValue();
    }
    s.format = text(node, "format", path);
    s.contentEncoding = text(node, "contentEncoding", path);
    s.contentMediaType = text(node, "contentMediaType", path);
    JsonNode maxLength = node.get("maxLength");
    if (maxLength != null) {
      if (!maxLength.canConvertToLong() || !maxLength.isIntegralNumber() || maxLength.longValue() < 0) {
        throw new SchemaException(path + "/maxLength", "maxLength must be a non-negative integer, not " + maxLength);
      }
      s.maxLength = maxLength.longValue();
    }
    s.minimum = number(node, "minimum", path);
    s.maximum = number(node, "maximum", path);
    JsonNode properties = node.get("properties");
    if (properties != null) {
      if (!properties.isObject()) {
        throw new SchemaException(path + "/properties", "properties must be an object, not " + describe(properties));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        s.properties.put(e.getKey(), read(e.getValue(), path + "/properties/" + escape(e.getKey()), depth + 1));
      }
    }
    JsonNode required = node.get("required");
    if (required != null) {
      int i = 0;
      for (JsonNode r : array(required, path + "/required")) {
        if (!r.isTextual()) {
          throw new SchemaException(path + "/required/" + i, "required must list property names, not " + describe(r));
        }
        s.required.add(r.textValue());
        i++;
      }
    }
    JsonNode additional = node.get("additionalProperties");
    if (additional != null) {
      SchemaShape a = read(additional, path + "/additionalProperties", depth + 1);
      s.additional = a.types == ANY && a.properties.isEmpty() && a.additional == null ? null : a;
    }
    return s;
  }

  private SchemaShape resolve(JsonNode ref, String path, int depth) {
    if (!ref.isTextual()) {
      throw new SchemaException(path, "$ref must be a string, not " + describe(ref));
    }
    String target = ref.textValue();
    if (!target.startsWith("#")) {
      throw new SchemaException(path, "only local references (\"#/$defs/...\") are supported, not \"" + target
          + "\"; inline the referenced schema under $defs");
    }
    String pointer = URLDecoder.decode(target.substring(1).replace("+", "%2B"),
        StandardCharsets.UTF_8);
    if (!pointer.isEmpty() && !pointer.startsWith("/")) {
      throw new SchemaException(path, "\"" + target + "\" is an anchor; only JSON pointer references (\"#/...\") are"
          + " supported");
    }
    if (refs.contains(pointer)) {
      throw new SchemaException(path, "\"" + target + "\" refers to a schema that contains it: recursive schemas"
          + " have no finite set of projections and are not supported");
    }
    JsonNode resolved;
    try {
      resolved = document.at(JsonPointer.compile(pointer));
    } catch (IllegalArgumentException e) {
      throw new SchemaException(path, "\"" + target + "\" is not a valid JSON pointer reference");
    }
    if (resolved.isMissingNode()) {
      throw new SchemaException(path, "\"" + target + "\" does not resolve to anything in this schema");
    }
    refs.push(pointer);
    try {
      return read(resolved, pointer, depth + 1);
    } finally {
      refs.pop();
    }
  }

  private static Iterable<JsonNode> array(JsonNode node, String path) {
    if (!node.isArray()) {
      throw new SchemaException(path, "expected an array, not " + describe(node));
    }
    return node;
  }

  private static String text(JsonNode node, String keyword, String path) {
    JsonNode v = node.get(keyword);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw new SchemaException(path + "/" + keyword, keyword + " must be a string, not " + describe(v));
    }
    return v.textValue();
  }

  private static Double number(JsonNode node, String keyword, String path) {
    JsonNode v = node.get(keyword);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw new SchemaException(path + "/" + keyword, keyword + " must be a number, not " + describe(v));
    }
    return v.doubleValue();
  }

  private static int typeOfName(String name) {
    return switch (name) {
      case "array" -> ARRAY;
      case "boolean" -> BOOLEAN;
      case "integer" -> INTEGER;
      case "null" -> NULL;
      case "number" -> NUMBER;
      case "object" -> OBJECT;
      case "string" -> STRING;
      default -> -1;
    };
  }

  private static int typeOfValue(JsonNode v) {
    if (v.isObject()) {
      return OBJECT;
    } else if (v.isArray()) {
      return ARRAY;
    } else if (v.isBoolean()) {
      return BOOLEAN;
    } else if (v.isNull()) {
      return NULL;
    } else if (v.isTextual()) {
      return STRING;
    } else if (v.isIntegralNumber()) {
      return INTEGER;
    } else if (v.isNumber()) {
      double d = v.doubleValue();
      return d == Math.rint(d) && !Double.isInfinite(d) ? INTEGER : FRACTIONAL;
    }
    return 0;
  }
}
