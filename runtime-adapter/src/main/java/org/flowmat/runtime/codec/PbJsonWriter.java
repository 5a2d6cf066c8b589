package org.flowmat.runtime.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import org.flowmat.runtime.codec.PbJson.FieldInfo;
import org.flowmat.runtime.codec.PbJson.Kind;
import org.flowmat.runtime.codec.PbJson.MessageInfo;

/**
 * Encodes messages in Flow's JSON dialect (the rules are on {@link PbJson}): one compact line per
 * message, fields in declaration order, raw JSON fields embedded rather than quoted.
 */
public final class PbJsonWriter {
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private PbJsonWriter() {}

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

  static void print(MessageOrBuilder message, JsonOut out) throws ProtocolException {
    try {
      printMessage(message, PbJson.info(message.getDescriptorForType()), out);
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
    Kind k = PbJson.kindOf(keyFd);
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
    try (JsonParser p = PbJson.FACTORY.createParser(b, off, len)) {
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
}
