package org.flowmat.runtime.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.flowmat.runtime.proto.Flow;

/**
 * A collection's projections and inferences, derived from its JSON schema the way Flow's build does
 * ({@code validation::collection::walk_collection_projections} and {@code assemble::inference}):
 *
 * <ul>
 *   <li>one projection per location reachable through {@code properties}, at any depth: the field is the JSON
 *       pointer without its leading slash ({@code /customer/name} → {@code customer/name}); objects get their own
 *       projection besides their children's. Locations under {@code patternProperties}, {@code additionalProperties}
 *       and array items are not projected (Flow skips patterns; tuple items are not modelled here);
 *   <li>{@code flow_document} (pointer {@code ""}), {@code flow_published_at} (pointer {@code /_meta/uuid}, a
 *       date-time string with content encoding {@code uuid}), {@code _meta/flow_truncated} (boolean), all
 *       {@code MUST} exist, as Flow adds them to every collection;
 *   <li>{@code _meta/op} (string, {@code MUST}) when the schema does not declare that location itself: Flow's
 *       captures declare it, and the local runner's documents carry it;
 *   <li>{@code isPrimaryKey} on the projections whose pointer is a component of the collection key.
 * </ul>
 *
 * <p>Projections are sorted on field by code point, as Flow sorts them (Rust string order).
 *
 * <p><b>Inference per location.</b> {@code types} from {@code type} (a string or an array; {@code null} kept;
 * absent means every type), narrowed by {@code enum}/{@code const} values, and named in Flow's order
 * ({@code integer} and {@code number} together are {@code number}); {@code string} ({@code format},
 * {@code contentEncoding}, {@code contentMediaType} as content type, {@code maxLength}) whenever the types include
 * string; {@code numeric} ({@code minimum}/{@code maximum}) whenever they include a number; {@code default} as raw
 * JSON; {@code title}, {@code description}, {@code secret}; {@code exists} is {@code MUST} when the location is
 * required at every level down from the root and every parent is an object and nothing else (not nullable),
 * {@code MAY} otherwise, and {@code CANNOT} under a parent that cannot be an object or for a {@code false} schema.
 *
 * <p><b>Composition.</b> {@code $ref} to a local definition ({@code #/$defs/…}, {@code #/definitions/…}, any
 * {@code #/…} pointer of the same document) and {@code allOf} intersect with the schema around them: types
 * intersect, bounds tighten, a property is required if any part requires it, and the first part that has an
 * annotation (title, description, default, format, …) provides it. {@code anyOf} and {@code oneOf} unite their
 * branches: types are the union (so branches of differing types give a projection of several types, which
 * connectors materialize as a JSON column, rather than an error), a property is required only if every branch
 * requires it, and an annotation survives only if every branch agrees on it; a property that only some branches
 * declare can, in the others, be whatever their {@code additionalProperties} allows (anything, by default).
 *
 * <p><b>Refused</b>, with a {@link SchemaException} naming the JSON pointer of the offending keyword within the
 * schema: {@code $ref} to another document (only {@code #…} fragments resolve), a {@code $ref} that does not
 * resolve, recursive references, {@code if}/{@code then}/{@code else}, {@code not}, {@code dependentSchemas},
 * {@code dependencies}, {@code $dynamicRef}/{@code $recursiveRef}, unknown type names, and malformed keywords. Other
 * keywords (validation-only ones like {@code pattern}, {@code minLength}, {@code exclusiveMinimum}, and Flow's
 * {@code reduce} annotation) do not change projections and are ignored.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class SchemaProjections {
  /** Field of the root document projection. */
  public static final String FLOW_DOCUMENT = "flow_document";
  /** Field of the publication time, read from the document UUID. */
  public static final String FLOW_PUBLISHED_AT = "flow_published_at";
  /** Field of the change operation ({@code c}, {@code u} or {@code d}). */
  public static final String OP_FIELD = "_meta/op";
  /** Field of Flow's truncation indicator. */
  public static final String TRUNCATED_FIELD = "_meta/flow_truncated";
  /** Pointer of the document UUID: Flow's publication clock. */
  public static final String UUID_PTR = "/_meta/uuid";
  /** Pointer of the change operation. */
  public static final String OP_PTR = "/_meta/op";
  /** Pointer of the truncation indicator. */
  public static final String TRUNCATED_PTR = "/_meta/flow_truncated";

  /** Compares strings by code point, as Rust compares UTF-8 strings (Java's compareTo differs above U+FFFF). */
  public static final Comparator<String> CODE_POINT_ORDER = SchemaProjections::compareCodePoints;

  private static final ObjectMapper JSON = new ObjectMapper();
  /** How deep schemas and their properties may nest, for the reader and the walk alike. */
  static final int MAX_DEPTH = 64;

  private final JsonNode schema;
  private final TreeMap<String, Location> locations; // by pointer

  /** A location of the schema reachable through {@code properties}, with what Flow infers about it. */
  public record Location(String ptr, Flow.Inference inference) {}

  /**
   * A schema construct this reader does not support, or a malformed one. {@link #schemaPath()} is the JSON pointer
   * of the offending keyword within the schema document ({@code ""} for the root).
   */
  public static final class SchemaException extends IllegalArgumentException {
    private final String schemaPath;
    private final String problem;

    public SchemaException(String schemaPath, String problem) {
      super((schemaPath.isEmpty() ? "(root)" : schemaPath) + ": " + problem);
      this.schemaPath = schemaPath;
      this.problem = problem;
    }

    public String schemaPath() {
      return schemaPath;
    }

    /** The problem without the path prefix. */
    public String problem() {
      return problem;
    }
  }

  private SchemaProjections(JsonNode schema) {
    this.schema = schema;
    SchemaShape root = new SchemaReader(schema).read(schema, "", 0);
    if (root.types != SchemaShape.OBJECT) {
      throw new SchemaException("", "a collection schema must have type \"object\" (and only that), not "
          + SchemaShape.typeNames(root.types));
    }
    this.locations = new TreeMap<>();
    walk(root, "", Flow.Inference.Exists.MUST, 0);
  }

  /**
   * Reads {@code schema}.
   *
   * @throws SchemaException if it uses something this reader refuses, or is not an object schema
   */
  public static SchemaProjections of(JsonNode schema) {
    return new SchemaProjections(Objects.requireNonNull(schema, "schema"));
  }

  /** Shorthand for {@code of(schema).projections(key)}. */
  public static List<Flow.Projection> projections(JsonNode schema, List<String> key) {
    return of(schema).projections(key);
  }

  /** The schema as given. */
  public JsonNode schema() {
    return schema;
  }

  /** Every location reachable through {@code properties}, the root included, ordered on pointer. */
  public List<Location> locations() {
    return List.copyOf(locations.values());
  }

  /** The location at {@code ptr}, if the schema declares it through {@code properties}. */
  public Optional<Location> location(String ptr) {
    return Optional.ofNullable(locations.get(ptr));
  }

  /**
   * Why {@code ptr} cannot be a component of a collection key, or empty when it can: a key must be a declared
   * location that always exists ({@link Flow.Inference.Exists#MUST}) and is an integer, string or boolean (Flow
   * refuses objects, arrays, fractional numbers and null in keys).
   */
  public Optional<String> keyProblem(String ptr) {
    if (ptr == null || !ptr.startsWith("/")) {
      return Optional.of("a key component must be a JSON pointer starting with '/', not \"" + ptr + "\"");
    }
    Location loc = locations.get(ptr);
    if (loc == null) {
      return Optional.of("key " + ptr + " is not a location of the schema (declare it under \"properties\")");
    }
    Flow.Inference inf = loc.inference();
    if (inf.getExists() != Flow.Inference.Exists.MUST) {
      return Optional.of("key " + ptr + " may not exist: the location and each of its parents must be required, and"
          + " every parent an object that cannot be null");
    }
    Set<String> bad = new LinkedHashSet<>();
    for (String t : inf.getTypesList()) {
      if (!t.equals("integer") && !t.equals("string") && !t.equals("boolean")) {
        bad.add(t);
      }
    }
    if (!bad.isEmpty() || inf.getTypesCount() == 0) {
      return Optional.of("key " + ptr + " has types " + inf.getTypesList() + "; a key may only be integer, string or"
          + " boolean (not " + (bad.isEmpty() ? "without any type" : String.join(", ", bad)) + ")");
    }
    return Optional.empty();
  }

  /**
   * The collection's projections for collection key {@code key} (JSON pointers), sorted on field.
   *
   * @throws IllegalArgumentException if a key component has a {@link #keyProblem}, or a schema location collides
   *     with a field Flow reserves ({@code flow_published_at}, {@code _meta/flow_truncated})
   */
  public List<Flow.Projection> projections(List<String> key) {
    for (String k : key) {
      keyProblem(k).ifPresent(p -> {
        throw new IllegalArgumentException(p);
      });
    }
    Set<String> keyPtrs = new HashSet<>(key);
    TreeMap<String, Flow.Projection> byField = new TreeMap<>(CODE_POINT_ORDER);
    byField.put(FLOW_DOCUMENT, projection("", FLOW_DOCUMENT, locations.get("").inference(), false));
    byField.put(FLOW_PUBLISHED_AT, projection(UUID_PTR, FLOW_PUBLISHED_AT, publishedAtInference(), false));
    byField.put(TRUNCATED_FIELD, projection(TRUNCATED_PTR, TRUNCATED_FIELD, truncatedInference(), false));
    if (!locations.containsKey(OP_PTR)) {
      byField.put(OP_FIELD, projection(OP_PTR, OP_FIELD, opInference(), false));
    }
    for (Location loc : locations.values()) {
      if (loc.ptr().isEmpty()) {
        continue;
      }
      String field = loc.ptr().substring(1);
      if (field.equals(FLOW_DOCUMENT)) {
        continue; // Flow keeps the root projection and skips a location of that name
      }
      Flow.Projection prior = byField.get(field);
      if (prior != null) {
        if (prior.getPtr().equals(loc.ptr())) {
          continue; // e.g. a schema declaring /_meta/flow_truncated: Flow's projection wins
        }
        throw new IllegalArgumentException("schema location " + loc.ptr() + " would be projected as field '" + field
            + "', which Flow reserves for " + (prior.getPtr().isEmpty() ? "the document" : prior.getPtr()));
      }
      byField.put(field, projection(loc.ptr(), field, loc.inference(), keyPtrs.contains(loc.ptr())));
    }
    return List.copyOf(byField.values());
  }

  private static Flow.Projection projection(String ptr, String field, Flow.Inference inference, boolean key) {
    return Flow.Projection.newBuilder()
        .setPtr(ptr)
        .setField(field)
        .setIsPrimaryKey(key)
        .setInference(inference)
        .build();
  }

  /** Flow's {@code assemble::inference_uuid_v1_date_time}. */
  public static Flow.Inference publishedAtInference() {
    return Flow.Inference.newBuilder()
        .addTypes("string")
        .setString(Flow.Inference.String.newBuilder().setFormat("date-time").setContentEncoding("uuid"))
        .setTitle("Flow Publication Time")
        .setDescription("Flow publication date-time of this document")
        .setExists(Flow.Inference.Exists.MUST)
        .build();
  }

  /** Flow's {@code assemble::inference_truncation_indicator}. */
  public static Flow.Inference truncatedInference() {
    return Flow.Inference.newBuilder()
        .addTypes("boolean")
        .setTitle("Flow truncation indicator")
        .setDescription("Indicates whether any of the materialized values for this row have been truncated to make"
            + " them fit inside the limitations of the destination system.")
        .setExists(Flow.Inference.Exists.MUST)
        .build();
  }

  /** The change operation, for schemas that do not declare {@code /_meta/op}. */
  public static Flow.Inference opInference() {
    return Flow.Inference.newBuilder()
        .addTypes("string")
        .setString(Flow.Inference.String.getDefaultInstance())
        .setTitle("Change Operation")
        .setDescription("Operation type of the document: 'c' create, 'u' update, 'd' delete")
        .setExists(Flow.Inference.Exists.MUST)
        .build();
  }

  // ---- the walk over properties ----

  private void walk(SchemaShape shape, String ptr, Flow.Inference.Exists exists, int depth) {
    locations.put(ptr, new Location(ptr, inference(shape, exists)));
    if (depth >= MAX_DEPTH) {
      return;
    }
    for (Map.Entry<String, SchemaShape> e : shape.properties.entrySet()) {
      if (e.getKey().isEmpty()) {
        continue; // Flow does not project properties with empty names
      }
      SchemaShape child = e.getValue();
      Flow.Inference.Exists childExists;
      if (exists == Flow.Inference.Exists.CANNOT || (shape.types & SchemaShape.OBJECT) == 0 || child.types == 0) {
        childExists = Flow.Inference.Exists.CANNOT;
      } else if (exists == Flow.Inference.Exists.MUST && shape.types == SchemaShape.OBJECT
          && shape.required.contains(e.getKey())) {
        childExists = Flow.Inference.Exists.MUST;
      } else {
        childExists = Flow.Inference.Exists.MAY;
      }
      walk(child, ptr + "/" + escape(e.getKey()), childExists, depth + 1);
    }
  }

  private static Flow.Inference inference(SchemaShape s, Flow.Inference.Exists exists) {
    Flow.Inference.Builder b =
        Flow.Inference.newBuilder().addAllTypes(SchemaShape.typeNames(s.types)).setExists(exists);
    if (s.title != null) {
      b.setTitle(s.title);
    }
    if (s.description != null) {
      b.setDescription(s.description);
    }
    if (s.defaultValue != null) {
      b.setDefaultJson(ByteString.copyFromUtf8(s.defaultValue.toString()));
    }
    if (Boolean.TRUE.equals(s.secret)) {
      b.setSecret(true);
    }
    if ((s.types & SchemaShape.STRING) != 0) {
      Flow.Inference.String.Builder str = Flow.Inference.String.newBuilder();
      if (s.format != null) {
        str.setFormat(s.format);
      }
      if (s.contentEncoding != null) {
        str.setContentEncoding(s.contentEncoding);
      }
      if (s.contentMediaType != null) {
        str.setContentType(s.contentMediaType);
      }
      if (s.maxLength != null) {
        str.setMaxLength((int) Math.min(s.maxLength, 0xFFFF_FFFFL));
      }
      b.setString(str);
    }
    if ((s.types & SchemaShape.NUMBER) != 0) {
      Flow.Inference.Numeric.Builder num = Flow.Inference.Numeric.newBuilder();
      if (s.minimum != null) {
        num.setHasMinimum(true).setMinimum(s.minimum);
      }
      if (s.maximum != null) {
        num.setHasMaximum(true).setMaximum(s.maximum);
      }
      b.setNumeric(num);
    }
    return b.build();
  }

  /** Escapes a property name as a JSON pointer token (RFC 6901). */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  static String describe(JsonNode node) {
    String text = node.toString();
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
        + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
  }

  /** Parses JSON text; for tests and callers holding schemas as text. */
  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }
}
