package org.flowmat.runtime.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-for-byte compatibility with Flow's (prost) encoding of map entries.
 *
 * <p>protobuf-java always writes both the key and the value of a map entry, while prost omits a
 * key or value equal to its default: Flow encodes {@code secrets {"": "x"}} as entry {@code 12 01
 * 78} where protobuf-java writes {@code 0a 00 12 01 78}. Both decode identically; only the bytes
 * differ. Everything else protobuf-java's deterministic serialization emits (field-number order,
 * omitted proto3 defaults, present-but-empty messages, packed repeated scalars, sorted map keys)
 * already matches.
 *
 * <p>{@link #needed} finds, cheaply, whether a message holds such an entry anywhere (only fields
 * whose types can reach a map are inspected); if so {@link #encode} writes the message with a
 * reflective encoder that follows prost's rule. Unknown fields are written last, as protobuf-java
 * does.
 *
 * <p>Flow does not need this to read what a connector writes: prost's map decoder starts each entry from the
 * default key and value and merges fields 1 and 2 only when present, so both encodings decode alike. What it buys
 * is byte-identity with Flow's own encodings, and ProstCompatTest records where that shows: only in vectors Flow
 * sends to a connector (a Request and its MaterializationSpec with {@code secrets {"": ...}}), in no Response.
 * It stays until a test against Flow's decoder itself shows it can go.
 */
final class ProstCompat {
  private static final Map<Descriptor, FieldDescriptor[]> MAP_REACHING = new ConcurrentHashMap<>();
  private static final Map<Descriptor, FieldDescriptor[]> BY_NUMBER = new ConcurrentHashMap<>();

  private ProstCompat() {}

  /** Whether {@code m} holds a map entry whose key or value is a default value. */
  static boolean needed(MessageOrBuilder m) {
    FieldDescriptor[] fields = mapReaching(m.getDescriptorForType());
    for (FieldDescriptor fd : fields) {
      if (fd.isMapField()) {
        int n = m.getRepeatedFieldCount(fd);
        if (n == 0) {
          continue;
        }
        FieldDescriptor keyFd = fd.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueFd = fd.getMessageType().findFieldByNumber(2);
        for (int i = 0; i < n; i++) {
          Message entry = (Message) m.getRepeatedField(fd, i);
          Object value = entry.getField(valueFd);
          if (isDefault(entry.getField(keyFd)) || isDefault(value)
              || (value instanceof Message v && needed(v))) {
            return true;
          }
        }
      } else if (fd.isRepeated()) {
        int n = m.getRepeatedFieldCount(fd);
        for (int i = 0; i < n; i++) {
          if (needed((MessageOrBuilder) m.getRepeatedField(fd, i))) {
            return true;
          }
        }
      } else if (m.hasField(fd) && needed((MessageOrBuilder) m.getField(fd))) {
        return true;
      }
    }
    return false;
  }

  /** Encodes {@code m} as prost would (see the class comment). */
  static void encode(Message m, CodedOutputStream out) throws IOException {
    for (FieldDescriptor fd : byNumber(m.getDescriptorForType())) {
      if (fd.isMapField()) {
        int n = m.getRepeatedFieldCount(fd);
        if (n == 0) {
          continue;
        }
        FieldDescriptor keyFd = fd.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueFd = fd.getMessageType().findFieldByNumber(2);
        for (Message entry : sortedEntries(m, fd, keyFd, n)) {
          Object key = entry.getField(keyFd);
          Object value = entry.getField(valueFd);
          boolean skipKey = isDefault(key);
          boolean skipValue = isDefault(value);
          int size = (skipKey ? 0 : elementSize(keyFd, key)) + (skipValue ? 0 : elementSize(valueFd, value));
          out.writeTag(fd.getNumber(), 2);
          out.writeUInt32NoTag(size);
          if (!skipKey) {
            writeElement(out, keyFd, key);
          }
          if (!skipValue) {
            writeElement(out, valueFd, value);
          }
        }
      } else if (fd.isRepeated()) {
        int n = m.getRepeatedFieldCount(fd);
        if (n == 0) {
          continue;
        }
        if (fd.isPacked()) {
          int dataSize = 0;
          for (int i = 0; i < n; i++) {
            dataSize += noTagSize(fd, m.getRepeatedField(fd, i));
          }
          out.writeTag(fd.getNumber(), 2);
          out.writeUInt32NoTag(dataSize);
          for (int i = 0; i < n; i++) {
            writeNoTag(out, fd, m.getRepeatedField(fd, i));
          }
        } else {
          for (int i = 0; i < n; i++) {
            writeElement(out, fd, m.getRepeatedField(fd, i));
          }
        }
      } else if (m.hasField(fd)) {
        writeElement(out, fd, m.getField(fd));
      }
    }
    m.getUnknownFields().writeTo(out);
  }

  static int size(Message m) {
    int size = 0;
    for (FieldDescriptor fd : byNumber(m.getDescriptorForType())) {
      if (fd.isMapField()) {
        int n = m.getRepeatedFieldCount(fd);
        if (n == 0) {
          continue;
        }
        FieldDescriptor keyFd = fd.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueFd = fd.getMessageType().findFieldByNumber(2);
        for (int i = 0; i < n; i++) {
          Message entry = (Message) m.getRepeatedField(fd, i);
          Object key = entry.getField(keyFd);
          Object value = entry.getField(valueFd);
          int entrySize = (isDefault(key) ? 0 : elementSize(keyFd, key))
              + (isDefault(value) ? 0 : elementSize(valueFd, value));
          size += CodedOutputStream.computeTagSize(fd.getNumber())
              + CodedOutputStream.computeUInt32SizeNoTag(entrySize) + entrySize;
        }
      } else if (fd.isRepeated()) {
        int n = m.getRepeatedFieldCount(fd);
        if (n == 0) {
          continue;
        }
        if (fd.isPacked()) {
          int dataSize = 0;
          for (int i = 0; i < n; i++) {
            dataSize += noTagSize(fd, m.getRepeatedField(fd, i));
          }
          size += CodedOutputStream.computeTagSize(fd.getNumber())
              + CodedOutputStream.computeUInt32SizeNoTag(dataSize) + dataSize;
        } else {
          for (int i = 0; i < n; i++) {
            size += elementSize(fd, m.getRepeatedField(fd, i));
          }
        }
      } else if (m.hasField(fd)) {
        size += elementSize(fd, m.getField(fd));
      }
    }
    return size + m.getUnknownFields().getSerializedSize();
  }

  private static List<Message> sortedEntries(Message m, FieldDescriptor fd, FieldDescriptor keyFd, int n) {
    List<Message> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      entries.add((Message) m.getRepeatedField(fd, i));
    }
    if (n > 1) {
      Comparator<Object> order = keyOrder(keyFd);
      entries.sort((a, b) -> order.compare(a.getField(keyFd), b.getField(keyFd)));
    }
    return entries;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<Object> keyOrder(FieldDescriptor keyFd) {
    return switch (keyFd.getType()) {
      case UINT32, FIXED32 -> (a, b) -> Integer.compareUnsigned((Integer) a, (Integer) b);
      case UINT64, FIXED64 -> (a, b) -> Long.compareUnsigned((Long) a, (Long) b);
      default -> (a, b) -> ((Comparable) a).compareTo(b);
    };
  }

  private static boolean isDefault(Object v) {
    if (v instanceof String s) {
      return s.isEmpty();
    } else if (v instanceof ByteString b) {
      return b.isEmpty();
    } else if (v instanceof Integer i) {
      return i == 0;
    } else if (v instanceof Long l) {
      return l == 0;
    } else if (v instanceof Boolean b) {
      return !b;
    } else if (v instanceof Double d) {
      return Double.doubleToRawLongBits(d) == 0;
    } else if (v instanceof Float f) {
      return Float.floatToRawIntBits(f) == 0;
    } else if (v instanceof EnumValueDescriptor e) {
      return e.getNumber() == 0;
    } else if (v instanceof Message msg) {
      return msg.getSerializedSize() == 0;
    }
    return false;
  }

  private static int elementSize(FieldDescriptor fd, Object v) {
    int n = fd.getNumber();
    if (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      int size = size((Message) v);
      return CodedOutputStream.computeTagSize(n) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    }
    return CodedOutputStream.computeTagSize(n) + noTagSize(fd, v);
  }

  private static int noTagSize(FieldDescriptor fd, Object v) {
    return switch (fd.getType()) {
      case DOUBLE -> 8;
      case FLOAT -> 4;
      case INT64 -> CodedOutputStream.computeInt64SizeNoTag((Long) v);
      case UINT64 -> CodedOutputStream.computeUInt64SizeNoTag((Long) v);
      case INT32 -> CodedOutputStream.computeInt32SizeNoTag((Integer) v);
      case FIXED64, SFIXED64 -> 8;
      case FIXED32, SFIXED32 -> 4;
      case BOOL -> 1;
      case STRING -> CodedOutputStream.computeStringSizeNoTag((String) v);
      case BYTES -> CodedOutputStream.computeBytesSizeNoTag((ByteString) v);
      case UINT32 -> CodedOutputStream.computeUInt32SizeNoTag((Integer) v);
      case ENUM -> CodedOutputStream.computeEnumSizeNoTag(((EnumValueDescriptor) v).getNumber());
      case SINT32 -> CodedOutputStream.computeSInt32SizeNoTag((Integer) v);
      case SINT64 -> CodedOutputStream.computeSInt64SizeNoTag((Long) v);
      case MESSAGE, GROUP -> throw new IllegalArgumentException("not a scalar: " + fd.getFullName());
    };
  }

  private static void writeElement(CodedOutputStream out, FieldDescriptor fd, Object v)
      throws IOException {
    int n = fd.getNumber();
    switch (fd.getType()) {
      case MESSAGE -> {
        Message msg = (Message) v;
        out.writeTag(n, 2);
        out.writeUInt32NoTag(size(msg));
        encode(msg, out);
      }
      case GROUP -> throw new IOException("groups are not supported: " + fd.getFullName());
      default -> {
        int wireType = switch (fd.getType()) {
          case DOUBLE, FIXED64, SFIXED64 -> 1;
          case FLOAT, FIXED32, SFIXED32 -> 5;
          case STRING, BYTES -> 2;
          default -> 0;
        };
        out.writeTag(n, wireType);
        writeNoTag(out, fd, v);
      }
    }
  }

  private static void writeNoTag(CodedOutputStream out, FieldDescriptor fd, Object v)
      throws IOException {
    switch (fd.getType()) {
      case DOUBLE -> out.writeDoubleNoTag((Double) v);
      case FLOAT -> out.writeFloatNoTag((Float) v);
      case INT64 -> out.writeInt64NoTag((Long) v);
      case UINT64 -> out.writeUInt64NoTag((Long) v);
      case INT32 -> out.writeInt32NoTag((Integer) v);
      case FIXED64 -> out.writeFixed64NoTag((Long) v);
      case FIXED32 -> out.writeFixed32NoTag((Integer) v);
      case BOOL -> out.writeBoolNoTag((Boolean) v);
      case STRING -> out.writeStringNoTag((String) v);
      case BYTES -> out.writeBytesNoTag((ByteString) v);
      case UINT32 -> out.writeUInt32NoTag((Integer) v);
      case ENUM -> out.writeEnumNoTag(((EnumValueDescriptor) v).getNumber());
      case SFIXED32 -> out.writeSFixed32NoTag((Integer) v);
      case SFIXED64 -> out.writeSFixed64NoTag((Long) v);
      case SINT32 -> out.writeSInt32NoTag((Integer) v);
      case SINT64 -> out.writeSInt64NoTag((Long) v);
      case MESSAGE, GROUP -> throw new IOException("not a scalar: " + fd.getFullName());
    }
  }

  private static FieldDescriptor[] byNumber(Descriptor d) {
    FieldDescriptor[] fields = BY_NUMBER.get(d);
    if (fields == null) {
      fields = d.getFields().toArray(new FieldDescriptor[0]);
      Arrays.sort(fields, Comparator.comparingInt(FieldDescriptor::getNumber));
      BY_NUMBER.putIfAbsent(d, fields);
    }
    return fields;
  }

  /** Fields of {@code d} which are maps, or messages whose type can (transitively) hold a map. */
  private static FieldDescriptor[] mapReaching(Descriptor d) {
    FieldDescriptor[] fields = MAP_REACHING.get(d);
    if (fields == null) {
      List<FieldDescriptor> out = new ArrayList<>();
      for (FieldDescriptor fd : d.getFields()) {
        if (fd.isMapField()
            || (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && reachesMap(fd.getMessageType(), new HashSet<>()))) {
          out.add(fd);
        }
      }
      fields = out.toArray(new FieldDescriptor[0]);
      MAP_REACHING.putIfAbsent(d, fields);
    }
    return fields;
  }

  private static boolean reachesMap(Descriptor d, Set<Descriptor> visiting) {
    if (!visiting.add(d)) {
      return false; // already being explored higher up this path
    }
    for (FieldDescriptor fd : d.getFields()) {
      if (fd.isMapField()) {
        return true;
      }
      if (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE && reachesMap(fd.getMessageType(), visiting)) {
        return true;
      }
    }
    return false;
  }
}
