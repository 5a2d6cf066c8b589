package org.flowmat.runtime.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

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
 */
public final class PbJson {
  /** Field-name suffix of a field holding one raw JSON value. */
  public static final String RAW_SUFFIX = "_json";
  /** Field-name suffix of a {@code map<string, bytes>} whose values are raw JSON. */
  public static final String RAW_MAP_SUFFIX = "_json_map";
  /** Field-name suffix of a {@code repeated bytes} whose elements are raw JSON. */
  public static final String RAW_VEC_SUFFIX = "_json_vec";

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

  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
  private static final Base64.Encoder BASE64 = Base64.getEncoder();
  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
  private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MAX_ULONG = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final Object SKIP = new Object();
  /** Bounds recursion through self-nesting messages, in JSON nesting levels (raw values are skipped iteratively). */
  private static final int MAX_MESSAGE_DEPTH = 200;

  private static final Map<Descriptor, MessageInfo> CACHE = new ConcurrentHashMap<>();

  private PbJson() {}

  // ---------------------------------------------------------------------------------------------
  // Public API

  /**
   * Parses one JSON document (any whitespace, including newlines, is allowed) into a message of
   * {@code defaultInstance}'s type.
   */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T parse(byte[] json, T defaultInstance) throws ProtocolException {
    Message.Builder b = defaultInstance.newBuilderForType();
    merge(json, 0, json.length, b);
    return (T) b.build();
  }

  /** Parses {@code buf[off, off+len)} as one JSON object and merges it into {@code builder}. */
  public static void merge(byte[] buf, int off, int len, Message.Builder builder)
      throws ProtocolException {
    merge(buf, off, len, builder, 0);
  }

  /** Encodes {@code message} as one compact JSON object (no trailing newline). */
  public static byte[] toJson(MessageOrBuilder message) throws ProtocolException {
    JsonOut out = new JsonOut(1024);
    print(message, out);
    return out.toByteArray();
  }

  /** Encodes {@code message} as one compact JSON object (no trailing newline). */
  public static String toJsonString(MessageOrBuilder message) throws ProtocolException {
    return new String(toJson(message), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------
  // Descriptor metadata

  private enum Kind {
    INT32, UINT32, INT64, UINT64, FLOAT, DOUBLE, BOOL, STRING, BYTES, ENUM, MESSAGE, TIMESTAMP,
    DURATION, RAW
  }

  /** Per-field encoding metadata. For maps, {@link #key} and {@link #value} describe the entry. */
  private static final class FieldInfo {
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

  private static final class MessageInfo {
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

  private static MessageInfo info(Descriptor d) {
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

  private static Kind kindOf(FieldDescriptor fd) {
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

  // ---------------------------------------------------------------------------------------------
  // Encoding

  static void print(MessageOrBuilder message, JsonOut out) throws ProtocolException {
    try {
      printMessage(message, info(message.getDescriptorForType()), out);
    } catch (FieldError e) {
      throw new ProtocolException("cannot encode " + message.getDescriptorForType().getFullName()
          + " as JSON: " + e.describe());
    }
  }

  private static void printMessage(MessageOrBuilder m, MessageInfo info, JsonOut out)
      throws FieldError {
    out.write((byte) '{');
    boolean first = true;
    for (FieldInfo f : info.fields) {
      FieldDescriptor fd = f.fd;
      if (fd.isRepeated()) {
        int n = m.getRepeatedFieldCount(fd);
        if (n == 0) {
          continue;
        }
        if (!first) {
          out.write((byte) ',');
        }
        first = false;
        out.write(f.keyBytes);
        try {
          if (f.map) {
            printMap(m, f, n, out);
          } else {
            out.write((byte) '[');
            for (int i = 0; i < n; i++) {
              if (i > 0) {
                out.write((byte) ',');
              }
              printValue(f, m.getRepeatedField(fd, i), out);
            }
            out.write((byte) ']');
          }
        } catch (FieldError e) {
          throw e.under(f.jsonName);
        }
      } else {
        if (!m.hasField(fd)) {
          continue;
        }
        if (!first) {
          out.write((byte) ',');
        }
        first = false;
        out.write(f.keyBytes);
        try {
          printValue(f, m.getField(fd), out);
        } catch (FieldError e) {
          throw e.under(f.jsonName);
        }
      }
    }
    out.write((byte) '}');
  }

  private static void printMap(MessageOrBuilder m, FieldInfo f, int n, JsonOut out)
      throws FieldError {
    FieldDescriptor keyFd = f.key.fd;
    FieldDescriptor valueFd = f.value.fd;
    Message[] entries = new Message[n];
    for (int i = 0; i < n; i++) {
      entries[i] = (Message) m.getRepeatedField(f.fd, i);
    }
    if (n > 1) {
      Arrays.sort(entries, mapKeyOrder(keyFd));
    }
    out.write((byte) '{');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.write((byte) ',');
      }
      Object key = entries[i].getField(keyFd);
      String keyText = mapKeyText(f.key.kind, key);
      out.string(keyText);
      out.write((byte) ':');
      try {
        printValue(f.value, entries[i].getField(valueFd), out);
      } catch (FieldError e) {
        throw e.atKey(keyText);
      }
    }
    out.write((byte) '}');
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<Message> mapKeyOrder(FieldDescriptor keyFd) {
    Kind k = kindOf(keyFd);
    if (k == Kind.UINT32) {
      return (a, b) -> Integer.compareUnsigned((Integer) a.getField(keyFd), (Integer) b.getField(keyFd));
    }
    if (k == Kind.UINT64) {
      return (a, b) -> Long.compareUnsigned((Long) a.getField(keyFd), (Long) b.getField(keyFd));
    }
    return (a, b) -> ((Comparable) a.getField(keyFd)).compareTo(b.getField(keyFd));
  }

  private static String mapKeyText(Kind kind, Object key) {
    return switch (kind) {
      case UINT32 -> Integer.toUnsignedString((Integer) key);
      case UINT64 -> Long.toUnsignedString((Long) key);
      default -> key.toString();
    };
  }

  private static void printValue(FieldInfo f, Object v, JsonOut out) throws FieldError {
    switch (f.kind) {
      case INT32 -> out.number((Integer) v);
      case UINT32 -> out.ascii(Integer.toUnsignedString((Integer) v));
      case INT64 -> {
        out.write((byte) '"');
        out.ascii(Long.toString((Long) v));
        out.write((byte) '"');
      }
      case UINT64 -> {
        out.write((byte) '"');
        out.ascii(Long.toUnsignedString((Long) v));
        out.write((byte) '"');
      }
      case FLOAT -> printDouble((Float) v, Float.toString((Float) v), out);
      case DOUBLE -> printDouble((Double) v, Double.toString((Double) v), out);
      case BOOL -> out.bool((Boolean) v);
      case STRING -> out.string((String) v);
      case BYTES -> {
        byte[] encoded = BASE64.encode(((ByteString) v).toByteArray());
        out.ensure(encoded.length + 2);
        out.write((byte) '"');
        out.write(encoded);
        out.write((byte) '"');
      }
      case ENUM -> {
        EnumValueDescriptor ev = (EnumValueDescriptor) v;
        if (ev.getType().findValueByNumber(ev.getNumber()) == ev) {
          out.string(ev.getName());
        } else {
          out.number(ev.getNumber());
        }
      }
      case MESSAGE -> printMessage((MessageOrBuilder) v, f.message(), out);
      case TIMESTAMP -> {
        long[] t = secondsNanos((Message) v);
        try {
          out.string(JsonTime.formatTimestamp(t[0], (int) t[1]));
        } catch (IllegalArgumentException e) {
          throw new FieldError(e.getMessage());
        }
      }
      case DURATION -> {
        long[] d = secondsNanos((Message) v);
        try {
          out.string(JsonTime.formatDuration(d[0], (int) d[1]));
        } catch (IllegalArgumentException e) {
          throw new FieldError(e.getMessage());
        }
      }
      case RAW -> printRaw(v, out);
    }
  }

  private static void printDouble(double d, String text, JsonOut out) {
    if (Double.isNaN(d)) {
      out.ascii("\"NaN\"");
    } else if (Double.isInfinite(d)) {
      out.ascii(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else {
      out.ascii(text);
    }
  }

  private static long[] secondsNanos(Message m) {
    Descriptor d = m.getDescriptorForType();
    long seconds = (Long) m.getField(d.findFieldByNumber(1));
    int nanos = (Integer) m.getField(d.findFieldByNumber(2));
    return new long[] {seconds, nanos};
  }

  /** Writes raw JSON bytes verbatim, or compacted if they'd break the one-line rule. */
  private static void printRaw(Object v, JsonOut out) throws FieldError {
    int start = out.len;
    if (v instanceof ByteString bs) {
      int n = bs.size();
      if (n == 0) {
        out.write(NULL);
        return;
      }
      out.ensure(n);
      bs.copyTo(out.buf, start);
      out.len = start + n;
    } else {
      String s = (String) v;
      if (s.isEmpty()) {
        out.write(NULL);
        return;
      }
      out.write(s.getBytes(StandardCharsets.UTF_8));
    }
    byte[] b = out.buf;
    int end = out.len;
    for (int i = start; i < end; i++) {
      byte c = b[i];
      if (c == '\n' || c == '\r') {
        byte[] compact = compact(b, start, end - start);
        out.len = start;
        out.write(compact);
        return;
      }
    }
  }

  /**
   * Validates raw JSON with Jackson, then drops the whitespace between its tokens. Tokens are kept
   * byte for byte (numbers keep their exact text), so only the layout changes.
   */
  private static byte[] compact(byte[] b, int off, int len) throws FieldError {
    try (JsonParser p = FACTORY.createParser(b, off, len)) {
      if (p.nextToken() == null) {
        throw new FieldError("holds an empty raw JSON value");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new FieldError("holds more than one raw JSON value");
      }
    } catch (JsonProcessingException e) {
      throw new FieldError("holds invalid raw JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new FieldError("holds unreadable raw JSON: " + e.getMessage());
    }
    byte[] out = new byte[len];
    int n = 0;
    boolean inString = false;
    for (int i = off, end = off + len; i < end; i++) {
      byte c = b[i];
      if (inString) {
        out[n++] = c;
        if (c == '\\') {
          out[n++] = b[++i]; // escaped character, possibly a quote
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        out[n++] = c;
      } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        out[n++] = c;
      }
    }
    return Arrays.copyOf(out, n);
  }

  // ---------------------------------------------------------------------------------------------
  // Decoding

  /** Input bytes being parsed; raw JSON values are sliced from here. */
  private record Input(byte[] buf, int off) {}

  static void merge(byte[] buf, int off, int len, Message.Builder builder, long line)
      throws ProtocolException {
    String where = line > 0 ? "line " + line + ": " : "";
    try (JsonParser p = FACTORY.createParser(buf, off, len)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new ProtocolException(where + "expected a JSON object but got " + describe(t));
      }
      parseObject(p, new Input(buf, off), builder, info(builder.getDescriptorForType()));
      t = p.nextToken();
      if (t != null) {
        throw new ProtocolException(where + "unexpected " + describe(t)
            + " after the JSON object, at byte " + p.currentTokenLocation().getByteOffset());
      }
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String at = loc != null && loc.getByteOffset() >= 0 ? " (at byte " + loc.getByteOffset() + ")" : "";
      String msg = (line > 0 ? "line " + line + " is" : "input is") + " not valid JSON: "
          + e.getOriginalMessage() + at;
      throw new ProtocolException(msg, e);
    } catch (FieldError e) {
      throw new ProtocolException(where + e.describe());
    } catch (ProtocolException e) {
      throw e;
    } catch (IOException e) {
      throw new ProtocolException(where + "cannot parse JSON: " + e.getMessage(), e);
    }
  }

  private static void parseObject(JsonParser p, Input in, Message.Builder b, MessageInfo info)
      throws IOException, FieldError {
    if (p.getParsingContext().getNestingDepth() > MAX_MESSAGE_DEPTH) {
      throw new FieldError("is nested more than " + MAX_MESSAGE_DEPTH + " JSON levels deep");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      FieldInfo f = info.byName.get(p.currentName());
      JsonToken t = p.nextToken();
      if (f == null) {
        p.skipChildren(); // unknown key: skip its whole value
        continue;
      }
      if (t == JsonToken.VALUE_NULL) {
        continue; // null means absent
      }
      try {
        parseField(p, t, in, b, f);
      } catch (FieldError e) {
        throw e.under(f.jsonName);
      }
    }
  }

  private static void parseField(JsonParser p, JsonToken t, Input in, Message.Builder b, FieldInfo f)
      throws IOException, FieldError {
    FieldDescriptor fd = f.fd;
    if (f.map) {
      if (t != JsonToken.START_OBJECT) {
        throw FieldError.wrongType("an object", t);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String keyText = p.currentName();
        JsonToken vt = p.nextToken();
        try {
          if (vt == JsonToken.VALUE_NULL && f.value.kind != Kind.RAW) {
            continue;
          }
          Message.Builder entry = b.newBuilderForField(fd);
          Object key = parseMapKey(f.key.kind, keyText);
          Object value = parseValue(p, vt, in, entry, f.value);
          if (value == SKIP) {
            continue;
          }
          entry.setField(f.key.fd, key);
          entry.setField(f.value.fd, value);
          b.addRepeatedField(fd, entry.build());
        } catch (FieldError e) {
          throw e.atKey(keyText);
        }
      }
    } else if (fd.isRepeated()) {
      if (t != JsonToken.START_ARRAY) {
        throw FieldError.wrongType("an array", t);
      }
      int i = 0;
      JsonToken et;
      while ((et = p.nextToken()) != JsonToken.END_ARRAY) {
        try {
          if (et == JsonToken.VALUE_NULL && f.kind != Kind.RAW) {
            throw new FieldError("must not be null");
          }
          Object value = parseValue(p, et, in, b, f);
          if (value != SKIP) {
            b.addRepeatedField(fd, value);
          }
        } catch (FieldError e) {
          throw e.atIndex(i);
        }
        i++;
      }
    } else if (f.kind == Kind.MESSAGE) {
      if (t != JsonToken.START_OBJECT) {
        throw FieldError.wrongType("an object", t);
      }
      Message.Builder sub;
      boolean nested;
      try {
        sub = b.getFieldBuilder(fd); // marks the field present, even if {} stays empty
        nested = true;
      } catch (UnsupportedOperationException e) {
        sub = b.newBuilderForField(fd);
        if (b.hasField(fd)) {
          sub.mergeFrom((Message) b.getField(fd));
        }
        nested = false;
      }
      parseObject(p, in, sub, f.message());
      if (!nested) {
        b.setField(fd, sub.build());
      }
    } else {
      Object value = parseValue(p, t, in, b, f);
      if (value != SKIP) {
        b.setField(fd, value);
      }
    }
  }

  /** Parses one (non-repeated, non-map) value of {@code f}'s kind at token {@code t}. */
  private static Object parseValue(JsonParser p, JsonToken t, Input in, Message.Builder owner,
      FieldInfo f) throws IOException, FieldError {
    switch (f.kind) {
      case INT32 -> {
        long v = integral(p, t, Integer.MIN_VALUE, Integer.MAX_VALUE, "int32");
        return (int) v;
      }
      case UINT32 -> {
        long v = integral(p, t, 0, 0xFFFF_FFFFL, "uint32");
        return (int) v;
      }
      case INT64 -> {
        return integral(p, t, Long.MIN_VALUE, Long.MAX_VALUE, "int64");
      }
      case UINT64 -> {
        return unsigned64(p, t);
      }
      case FLOAT -> {
        double d = floating(p, t);
        if (Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
          throw new FieldError("value " + d + " is out of range for float");
        }
        return (float) d;
      }
      case DOUBLE -> {
        return floating(p, t);
      }
      case BOOL -> {
        if (t == JsonToken.VALUE_TRUE) {
          return Boolean.TRUE;
        } else if (t == JsonToken.VALUE_FALSE) {
          return Boolean.FALSE;
        } else if (t == JsonToken.VALUE_STRING && ("true".equals(p.getText()) || "false".equals(p.getText()))) {
          return Boolean.valueOf(p.getText());
        }
        throw FieldError.wrongType("a boolean", t);
      }
      case STRING -> {
        if (t != JsonToken.VALUE_STRING) {
          throw FieldError.wrongType("a string", t);
        }
        return p.getText();
      }
      case BYTES -> {
        if (t != JsonToken.VALUE_STRING) {
          throw FieldError.wrongType("a base64 string", t);
        }
        return base64(p.getText());
      }
      case ENUM -> {
        return enumValue(p, t, f.fd.getEnumType());
      }
      case MESSAGE -> {
        if (t != JsonToken.START_OBJECT) {
          throw FieldError.wrongType("an object", t);
        }
        Message.Builder sub = owner.newBuilderForField(f.fd);
        parseObject(p, in, sub, f.message());
        return sub.build();
      }
      case TIMESTAMP -> {
        if (t != JsonToken.VALUE_STRING) {
          throw FieldError.wrongType("an RFC 3339 timestamp string", t);
        }
        long[] ts = JsonTime.parseTimestamp(p.getText());
        if (ts == null) {
          throw new FieldError("expects an RFC 3339 timestamp but got \"" + preview(p.getText()) + "\"");
        }
        return secondsNanos(owner.newBuilderForField(f.fd), ts);
      }
      case DURATION -> {
        if (t != JsonToken.VALUE_STRING) {
          throw FieldError.wrongType("a duration string like \"1.5s\"", t);
        }
        long[] d = JsonTime.parseDuration(p.getText());
        if (d == null) {
          throw new FieldError("expects a duration like \"1.5s\" but got \"" + preview(p.getText()) + "\"");
        }
        return secondsNanos(owner.newBuilderForField(f.fd), d);
      }
      case RAW -> {
        return raw(p, t, in, f.fd.getType() == FieldDescriptor.Type.STRING);
      }
    }
    throw new IllegalStateException("unhandled kind " + f.kind);
  }

  private static Message secondsNanos(Message.Builder b, long[] sn) {
    Descriptor d = b.getDescriptorForType();
    b.setField(d.findFieldByNumber(1), sn[0]);
    b.setField(d.findFieldByNumber(2), (int) sn[1]);
    return b.build();
  }

  /** Slices the raw bytes of the value starting at the current token, without decoding it. */
  private static Object raw(JsonParser p, JsonToken t, Input in, boolean asString)
      throws IOException {
    long start = p.currentTokenLocation().getByteOffset();
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      p.skipChildren();
    } else {
      p.finishToken(); // strings are otherwise read lazily
    }
    long end = p.currentLocation().getByteOffset();
    ByteString bytes = ByteString.copyFrom(in.buf, in.off + (int) start, (int) (end - start));
    return asString ? bytes.toStringUtf8() : bytes;
  }

  private static long integral(JsonParser p, JsonToken t, long min, long max, String type)
      throws IOException, FieldError {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType nt = p.getNumberType();
      if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
        long v = p.getLongValue();
        if (v < min || v > max) {
          throw outOfRange(Long.toString(v), type);
        }
        return v;
      }
      return checkRange(p.getBigIntegerValue(), min, max, type);
    }
    BigInteger big = bigIntegral(p, t);
    return checkRange(big, min, max, type);
  }

  private static long unsigned64(JsonParser p, JsonToken t) throws IOException, FieldError {
    BigInteger v;
    if (t == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType nt = p.getNumberType();
      if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
        long l = p.getLongValue();
        if (l < 0) {
          throw outOfRange(Long.toString(l), "uint64");
        }
        return l;
      }
      v = p.getBigIntegerValue();
    } else {
      v = bigIntegral(p, t);
    }
    if (v.signum() < 0 || v.compareTo(MAX_ULONG) > 0) {
      throw outOfRange(v.toString(), "uint64");
    }
    return v.longValue();
  }

  /** An integer given as a non-integer token: an integral float, or a numeric string. */
  private static BigInteger bigIntegral(JsonParser p, JsonToken t) throws IOException, FieldError {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getBigIntegerValue();
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      try {
        return p.getDecimalValue().toBigIntegerExact();
      } catch (ArithmeticException e) {
        throw new FieldError("expects an integer but got non-integral number " + p.getText());
      }
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      try {
        return new BigInteger(s);
      } catch (NumberFormatException e) {
        if (JSON_NUMBER.matcher(s).matches()) {
          try {
            return new BigDecimal(s).toBigIntegerExact();
          } catch (ArithmeticException e2) {
            throw new FieldError("expects an integer but got non-integral number \"" + preview(s) + "\"");
          }
        }
      }
    }
    throw FieldError.wrongType("an integer", t);
  }

  private static long checkRange(BigInteger v, long min, long max, String type) throws FieldError {
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0
        || v.compareTo(MIN_LONG) < 0 || v.compareTo(MAX_LONG) > 0) {
      throw outOfRange(v.toString(), type);
    }
    return v.longValue();
  }

  private static FieldError outOfRange(String value, String type) {
    return new FieldError("value " + preview(value) + " is out of range for " + type);
  }

  private static double floating(JsonParser p, JsonToken t) throws IOException, FieldError {
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      switch (s) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          if (JSON_NUMBER.matcher(s).matches()) {
            return Double.parseDouble(s);
          }
      }
    }
    throw FieldError.wrongType("a number", t);
  }

  private static ByteString base64(String s) throws FieldError {
    try {
      boolean urlSafe = s.indexOf('-') >= 0 || s.indexOf('_') >= 0;
      return ByteString.copyFrom((urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s));
    } catch (IllegalArgumentException e) {
      throw new FieldError("expects base64 but got a string which isn't: " + e.getMessage());
    }
  }

  private static Object enumValue(JsonParser p, JsonToken t, EnumDescriptor ed)
      throws IOException, FieldError {
    int number;
    if (t == JsonToken.VALUE_STRING) {
      String name = p.getText();
      EnumValueDescriptor ev = ed.findValueByName(name);
      if (ev != null) {
        return ev;
      }
      try {
        number = Integer.parseInt(name);
      } catch (NumberFormatException e) {
        return SKIP; // a name from a newer protocol: leave the field unset
      }
    } else if (t == JsonToken.VALUE_NUMBER_INT) {
      number = (int) integral(p, t, Integer.MIN_VALUE, Integer.MAX_VALUE, "enum");
    } else {
      throw FieldError.wrongType("an enum name or number", t);
    }
    EnumValueDescriptor ev = ed.findValueByNumber(number);
    if (ev != null) {
      return ev;
    }
    return ed.isClosed() ? SKIP : ed.findValueByNumberCreatingIfUnknown(number);
  }

  private static Object parseMapKey(Kind kind, String text) throws FieldError {
    try {
      return switch (kind) {
        case STRING -> text;
        case INT32 -> Integer.parseInt(text);
        case UINT32 -> Integer.parseUnsignedInt(text);
        case INT64 -> Long.parseLong(text);
        case UINT64 -> Long.parseUnsignedLong(text);
        case BOOL -> {
          if (!text.equals("true") && !text.equals("false")) {
            throw new FieldError("map key must be \"true\" or \"false\"");
          }
          yield Boolean.valueOf(text);
        }
        default -> throw new IllegalStateException("invalid map key kind " + kind);
      };
    } catch (NumberFormatException e) {
      throw new FieldError("map key is not a valid " + kind.name().toLowerCase());
    }
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT, END_OBJECT -> "object";
      case START_ARRAY, END_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> t.name();
    };
  }

  private static String preview(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /**
   * A field-level error. The path is assembled while unwinding, so the success path never pays
   * for it.
   */
  private static final class FieldError extends Exception {
    private static final long serialVersionUID = 1L;
    private final String detail;
    private final ArrayList<String> reversedPath = new ArrayList<>(4);

    FieldError(String detail) {
      super(detail, null, false, false);
      this.detail = detail;
    }

    static FieldError wrongType(String expected, JsonToken got) {
      return new FieldError("expects " + expected + " but got " + PbJson.describe(got));
    }

    FieldError under(String fieldName) {
      reversedPath.add(fieldName);
      return this;
    }

    FieldError atIndex(int i) {
      reversedPath.add("[" + i + "]");
      return this;
    }

    FieldError atKey(String key) {
      reversedPath.add("[\"" + preview(key) + "\"]");
      return this;
    }

    String describe() {
      if (reversedPath.isEmpty()) {
        return detail;
      }
      StringBuilder path = new StringBuilder();
      for (int i = reversedPath.size() - 1; i >= 0; i--) {
        String seg = reversedPath.get(i);
        if (path.length() > 0 && !seg.startsWith("[")) {
          path.append('.');
        }
        path.append(seg);
      }
      return "field '" + path + "' " + detail;
    }
  }
}
