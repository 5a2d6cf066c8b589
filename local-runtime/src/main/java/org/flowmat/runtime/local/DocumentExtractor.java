package org.flowmat.runtime.local;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.core.tuple.TupleValue;
import org.flowmat.runtime.proto.Flow;

/**
 * Turns a collection document into what Flow sends a connector for one binding (protocol reference §8): the packed
 * key (in {@code fieldSelection.keys} order), the packed values (in {@code fieldSelection.values} order) and the
 * document's JSON text for the document field.
 *
 * <p>Per field, as Flow's {@code extractors} crate does:
 *
 * <ul>
 *   <li>the value at the projection's JSON pointer; a missing location gives the projection's
 *       {@code inference.default} (or null when it has none); a present JSON null stays null;
 *   <li>objects and arrays become their compact JSON text (a bytes element), as {@link TupleValue#fromJson} packs
 *       them: keys sorted by code point, Rust float formatting;
 *   <li>a string projection of format {@code date-time} over the document UUID ({@code contentEncoding: uuid}, or
 *       older specs without it: the pointer {@code /_meta/uuid}), i.e. {@code flow_published_at}, becomes the UUID
 *       v1 timestamp rendered RFC 3339 with 9 fractional digits and {@code Z} ({@link #publishedAt}); a missing or
 *       non-v1 UUID gives null;
 *   <li>{@code /_meta/flow_truncated} is {@code false}: this model applies no {@code SerPolicy} truncation.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class DocumentExtractor {
  /** Flow's pointer of the synthetic truncation indicator. */
  public static final String TRUNCATION_INDICATOR_PTR = "/_meta/flow_truncated";

  /** Flow's pointer of the document UUID. */
  public static final String UUID_PTR = "/_meta/uuid";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonPointer OP_PTR = JsonPointer.compile("/_meta/op");
  private static final DateTimeFormatter RFC3339_NANOS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  /** 100 ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01. */
  private static final long G1582NS100 = 122_192_928_000_000_000L;

  private final String collection;
  private final List<Field> keys;
  private final List<Field> values;
  private final boolean storesDocument;

  /** The kind of extraction of one field. */
  private enum Kind {
    POINTER,
    UUID_DATE_TIME,
    TRUNCATION_INDICATOR
  }

  private record Field(String name, JsonPointer ptr, Kind kind, JsonNode defaultValue) {}

  /**
   * Extractors for {@code binding}'s field selection.
   *
   * @throws IllegalArgumentException if a selected field is not a projection of the binding's collection, or a
   *     projection default is not JSON
   */
  public DocumentExtractor(Flow.MaterializationSpec.Binding binding) {
    Flow.CollectionSpec spec = binding.getCollection();
    this.collection = spec.getName();
    Map<String, Flow.Projection> byField = new HashMap<>();
    for (Flow.Projection p : spec.getProjectionsList()) {
      byField.put(p.getField(), p);
    }
    Flow.FieldSelection selection = binding.getFieldSelection();
    this.keys = fields(selection.getKeysList(), byField, spec.getUuidPtr());
    this.values = fields(selection.getValuesList(), byField, spec.getUuidPtr());
    this.storesDocument = !selection.getDocument().isEmpty();
  }

  /** Key, values and document text of one document, as sent in a Store. */
  public record Extracted(PackedTuple key, PackedTuple values, byte[] docJson) {}

  /** Everything a Store carries for {@code doc}; {@code docJson} is empty when the binding selects no document. */
  public Extracted extract(JsonNode doc) {
    return new Extracted(key(doc), values(doc), storesDocument ? documentJson(doc) : new byte[0]);
  }

  /** The packed key, in {@code fieldSelection.keys} order. */
  public PackedTuple key(JsonNode doc) {
    return PackedTuple.pack(keyValues(doc));
  }

  /** The key elements, in {@code fieldSelection.keys} order. */
  public List<TupleValue> keyValues(JsonNode doc) {
    return elements(keys, doc);
  }

  /** The packed values, in {@code fieldSelection.values} order. */
  public PackedTuple values(JsonNode doc) {
    return PackedTuple.pack(elements(values, doc));
  }

  /** Whether the binding selects a document field, so Stores carry {@code doc}. */
  public boolean storesDocument() {
    return storesDocument;
  }

  public String collection() {
    return collection;
  }

  /** The document as Flow serializes it: compact, object keys sorted by code point, Rust float formatting. */
  public static byte[] documentJson(JsonNode doc) {
    if (doc.isObject() && TupleValue.fromJson(doc) instanceof TupleValue.Json json) {
      return json.text().getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException("a collection document must be a JSON object, not " + doc.getNodeType());
  }

  /** Whether {@code doc} is a deletion: its {@code /_meta/op} is {@code "d"}. */
  public static boolean isDeletion(JsonNode doc) {
    return "d".equals(doc.at(OP_PTR).textValue());
  }

  /**
   * Flow's {@code flow_published_at}: the timestamp of a v1 UUID as RFC 3339 with 9 fractional digits and
   * {@code Z}. The 60-bit timestamp counts 100 ns since 1582-10-15; the 4 high bits of the clock sequence are a
   * sub-100 ns counter that Flow renders as 4 ns steps (Gazette's {@code Clock::to_unix}).
   *
   * @throws IllegalArgumentException if {@code uuid} is not a v1 UUID
   */
  public static String publishedAt(String uuid) {
    UUID u = UUID.fromString(uuid);
    if (u.version() != 1) {
      throw new IllegalArgumentException("not a v1 UUID: " + uuid);
    }
    long ticks = Math.max(0, u.timestamp() - G1582NS100); // 100 ns since the Unix epoch; Flow saturates at 0
    long counter = (u.getLeastSignificantBits() >>> 58) & 0xF; // high 4 bits of the clock sequence
    long seconds = ticks / 10_000_000L;
    long nanos = (ticks % 10_000_000L) * 100 + (counter << 2);
    return RFC3339_NANOS.format(Instant.ofEpochSecond(seconds, nanos));
  }

  private static List<Field> fields(List<String> names, Map<String, Flow.Projection> byField, String uuidPtr) {
    List<Field> out = new ArrayList<>(names.size());
    for (String name : names) {
      Flow.Projection p = byField.get(name);
      if (p == null) {
        throw new IllegalArgumentException("field " + name + " is not a projection of the collection");
      }
      out.add(field(p, uuidPtr));
    }
    return List.copyOf(out);
  }

  private static Field field(Flow.Projection p, String uuidPtr) {
    JsonPointer ptr = JsonPointer.compile(p.getPtr());
    Flow.Inference inf = p.getInference();
    Flow.Inference.String str = inf.getString();
    boolean dateTime = inf.hasString() && "date-time".equals(str.getFormat());
    boolean overUuid =
        "uuid".equals(str.getContentEncoding())
            || p.getPtr().equals(UUID_PTR)
            || (!uuidPtr.isEmpty() && p.getPtr().equals(uuidPtr));
    if (dateTime && overUuid) {
      return new Field(p.getField(), ptr, Kind.UUID_DATE_TIME, null);
    }
    if (p.getPtr().equals(TRUNCATION_INDICATOR_PTR)) {
      return new Field(p.getField(), ptr, Kind.TRUNCATION_INDICATOR, null);
    }
    JsonNode defaultValue = null;
    if (!inf.getDefaultJson().isEmpty()) {
      try {
        defaultValue = JSON.readTree(inf.getDefaultJson().toByteArray());
      } catch (IOException e) {
        throw new IllegalArgumentException("projection " + p.getField() + " has a default that is not JSON", e);
      }
    }
    return new Field(p.getField(), ptr, Kind.POINTER, defaultValue);
  }

  private static List<TupleValue> elements(List<Field> fields, JsonNode doc) {
    List<TupleValue> out = new ArrayList<>(fields.size());
    for (Field f : fields) {
      out.add(element(f, doc));
    }
    return out;
  }

  private static TupleValue element(Field f, JsonNode doc) {
    JsonNode node = doc.at(f.ptr());
    return switch (f.kind()) {
      case TRUNCATION_INDICATOR -> TupleValue.Bool.FALSE;
      case UUID_DATE_TIME -> {
        if (!node.isTextual()) {
          yield TupleValue.Null.INSTANCE;
        }
        try {
          yield new TupleValue.Str(publishedAt(node.textValue()));
        } catch (IllegalArgumentException e) {
          yield TupleValue.Null.INSTANCE;
        }
      }
      case POINTER -> TupleValue.fromJson(node.isMissingNode() && f.defaultValue() != null ? f.defaultValue() : node);
    };
  }

  /** A packed tuple as a JSON array, e.g. {@code ["u1",7]}: how messages show keys. */
  public static String tupleJson(PackedTuple tuple) {
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = JSON.getFactory().createGenerator(out)) {
      gen.writeStartArray();
      for (TupleValue v : tuple.decode()) {
        v.writeJson(gen);
      }
      gen.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      return "<malformed tuple " + tuple + ">";
    }
    return out.toString();
  }

  /** Parses JSON text, for callers holding documents as text. */
  static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
