package org.flowmat.runtime.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flow's JSON dialect of protobuf messages (as written by the Rust pbjson serializers of
 * estuary/flow), driven by message descriptors so it works for any message type.
 *
 * <p>Encoding rules:
 *
 * <ul>
 *   <li>Keys are each field's {@code json_name} (lowerCamelCase or explicit, e.g. {@code
 *       "$internal"}). Fields are written in .proto declaration order.
 *   <li>Fields whose name ends in {@code _json} hold one raw JSON value, {@code _json_map} fields
 *       map keys to raw JSON values and {@code _json_vec} fields are lists of raw JSON values; all
 *       of these are embedded as JSON rather than quoted (see the comment at the top of
 *       materialize.proto). Raw bytes are written verbatim unless they contain {@code '\n'} or
 *       {@code '\r'}, in which case they're validated with Jackson and re-serialized compactly
 *       (whitespace between tokens dropped, tokens kept byte for byte) so a message is always one
 *       line. Raw values are not otherwise validated when writing.
 *   <li>Other bytes fields are standard base64 with padding; 64-bit integers are strings; 32-bit
 *       integers are numbers (unsigned types unsigned); doubles and floats are numbers or {@code
 *       "NaN"}, {@code "Infinity"}, {@code "-Infinity"}; enums are names (numbers if unknown).
 *   <li>Default scalars and empty lists and maps are omitted; present message fields are written,
 *       as {@code {}} when empty. Map entries are sorted by key.
 *   <li>google.protobuf.Timestamp is RFC 3339 with a {@code +00:00} offset and 0, 3, 6 or 9
 *       fraction digits; google.protobuf.Duration is like {@code "62.250s"}. Other well-known
 *       types get no special treatment. Unknown fields of a message are not written.
 * </ul>
 *
 * <p>Decoding accepts json names and proto field names, skips unknown keys with their whole value,
 * treats {@code null} as absent, accepts 64-bit integers as strings or numbers, 32-bit integers
 * and floats as numbers or numeric strings, enums by name or number (an unknown name leaves the
 * field unset), base64 with or without padding (standard or URL-safe), and timestamps with any
 * offset. Raw JSON values are sliced out of the input bytes verbatim, with no re-encoding.
 *
 * <p>{@link PbJsonReader} decodes and {@link PbJsonWriter} encodes. This class holds what both take
 * from a message's descriptor (each field's JSON name and kind, worked out once per message type)
 * and the Jackson factory both use, so that the two directions cannot disagree about a field.
 */
public final class PbJson {
  /** Field-name suffix of a field holding one raw JSON value. */
  public static final String RAW_SUFFIX = "_json";
  /** Field-name suffix of a {@code map<string, bytes>} whose values are raw JSON. */
  public static final String RAW_MAP_SUFFIX = "_json_map";
  /** Field-name suffix of a {@code repeated bytes} whose elements are raw JSON. */
  public static final String RAW_VEC_SUFFIX = "_json_vec";

  /**
   * Jackson's default limits on string length and nesting are below what Flow's documents may hold;
   * the input is bounded by the message size instead (Codec.MAX_MESSAGE_BYTES).
   */
  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNumberLength(1 << 20)
                  .maxNestingDepth(100_000)
                  .maxNameLength(Integer.MAX_VALUE)
                  .build())
          .build();

  private static final Map<Descriptor, MessageInfo> CACHE = new ConcurrentHashMap<>();

  private PbJson() {}

  enum Kind {
    INT32, UINT32, INT64, UINT64, FLOAT, DOUBLE, BOOL, STRING, BYTES, ENUM, MESSAGE, TIMESTAMP,
    DURATION, RAW
  }

  /** Per-field encoding metadata. For maps, {@link #key} and {@link #value} describe the entry. */
  static final class FieldInfo {
    final FieldDescriptor fd;
    final String jsonName;
    final byte[] keyBytes; // "jsonName":
    final Kind kind;
    final boolean map;
    final FieldInfo key;
    final FieldInfo value;
    private volatile MessageInfo message;

    FieldInfo(FieldDescriptor fd, boolean rawValue) {
      this.fd = fd;
      this.jsonName = fd.getJsonName();
      JsonOut k = new JsonOut(jsonName.length() + 4);
      k.string(jsonName);
      k.write((byte) ':');
      this.keyBytes = k.toByteArray();
      this.map = fd.isMapField();
      if (map) {
        Descriptor entry = fd.getMessageType();
        boolean rawMap = fd.getName().endsWith(RAW_MAP_SUFFIX);
        this.key = new FieldInfo(entry.findFieldByNumber(1), false);
        this.value = new FieldInfo(entry.findFieldByNumber(2), rawMap && isText(entry.findFieldByNumber(2)));
        this.kind = Kind.MESSAGE;
      } else {
        this.key = null;
        this.value = null;
        this.kind = rawValue ? Kind.RAW : kindOf(fd);
      }
    }

    MessageInfo message() {
      MessageInfo m = message;
      if (m == null) {
        m = info(fd.getMessageType());
        message = m;
      }
      return m;
    }
  }

  static final class MessageInfo {
    final FieldInfo[] fields;
    final Map<String, FieldInfo> byName;

    MessageInfo(Descriptor d) {
      List<FieldDescriptor> fds = d.getFields(); // declaration order
      fields = new FieldInfo[fds.size()];
      byName = new HashMap<>(fds.size() * 4);
      for (int i = 0; i < fields.length; i++) {
        FieldDescriptor fd = fds.get(i);
        String name = fd.getName();
        boolean raw =
            !fd.isMapField()
                && isText(fd)
                && ((!fd.isRepeated() && name.endsWith(RAW_SUFFIX))
                    || (fd.isRepeated() && name.endsWith(RAW_VEC_SUFFIX)));
        FieldInfo f = new FieldInfo(fd, raw);
        fields[i] = f;
        byName.putIfAbsent(f.jsonName, f);
      }
      for (FieldInfo f : fields) {
        byName.putIfAbsent(f.fd.getName(), f); // proto names are accepted as aliases
      }
    }
  }

  static MessageInfo info(Descriptor d) {
    MessageInfo m = CACHE.get(d);
    if (m == null) {
      m = new MessageInfo(d);
      MessageInfo prior = CACHE.putIfAbsent(d, m);
      if (prior != null) {
        m = prior;
      }
    }
    return m;
  }

  private static boolean isText(FieldDescriptor fd) {
    return fd.getType() == FieldDescriptor.Type.BYTES || fd.getType() == FieldDescriptor.Type.STRING;
  }

  static Kind kindOf(FieldDescriptor fd) {
    return switch (fd.getType()) {
      case INT32, SINT32, SFIXED32 -> Kind.INT32;
      case UINT32, FIXED32 -> Kind.UINT32;
      case INT64, SINT64, SFIXED64 -> Kind.INT64;
      case UINT64, FIXED64 -> Kind.UINT64;
      case FLOAT -> Kind.FLOAT;
      case DOUBLE -> Kind.DOUBLE;
      case BOOL -> Kind.BOOL;
      case STRING -> Kind.STRING;
      case BYTES -> Kind.BYTES;
      case ENUM -> Kind.ENUM;
      case MESSAGE, GROUP -> switch (fd.getMessageType().getFullName()) {
        case "google.protobuf.Timestamp" -> Kind.TIMESTAMP;
        case "google.protobuf.Duration" -> Kind.DURATION;
        default -> Kind.MESSAGE;
      };
    };
  }

  /** Shortens user-supplied text quoted in an error message. */
  static String preview(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
