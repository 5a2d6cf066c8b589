package org.flowmat.runtime.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.regex.Pattern;
import org.flowmat.runtime.codec.PbJson.FieldInfo;
import org.flowmat.runtime.codec.PbJson.Kind;
import org.flowmat.runtime.codec.PbJson.MessageInfo;

/**
 * Decodes messages from Flow's JSON dialect (the rules are on {@link PbJson}), leniently as
 * described there; raw JSON values are sliced out of the input verbatim.
 */
public final class PbJsonReader {
  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
  private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MAX_ULONG = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final Object SKIP = new Object();
  /** Bounds recursion through self-nesting messages, in JSON nesting levels (raw values are skipped iteratively). */
  private static final int MAX_MESSAGE_DEPTH = 200;

  private PbJsonReader() {}

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

  /** Input bytes being parsed; raw JSON values are sliced from here. */
  private record Input(byte[] buf, int off) {}

  static void merge(byte[] buf, int off, int len, Message.Builder builder, long line)
      throws ProtocolException {
    String where = line > 0 ? "line " + line + ": " : "";
    try (JsonParser p = PbJson.FACTORY.createParser(buf, off, len)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new ProtocolException(where + "expected a JSON object but got " + FieldError.nameOf(t));
      }
      parseObject(p, new Input(buf, off), builder, PbJson.info(builder.getDescriptorForType()));
      t = p.nextToken();
      if (t != null) {
        throw new ProtocolException(where + "unexpected " + FieldError.nameOf(t)
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
          throw new FieldError("expects an RFC 3339 timestamp but got \"" + PbJson.preview(p.getText()) + "\"");
        }
        return secondsNanos(owner.newBuilderForField(f.fd), ts);
      }
      case DURATION -> {
        if (t != JsonToken.VALUE_STRING) {
          throw FieldError.wrongType("a duration string like \"1.5s\"", t);
        }
        long[] d = JsonTime.parseDuration(p.getText());
        if (d == null) {
          throw new FieldError("expects a duration like \"1.5s\" but got \"" + PbJson.preview(p.getText()) + "\"");
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
            throw new FieldError("expects an integer but got non-integral number \"" + PbJson.preview(s) + "\"");
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
    return new FieldError("value " + PbJson.preview(value) + " is out of range for " + type);
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
}
