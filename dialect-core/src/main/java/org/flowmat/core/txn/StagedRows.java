package org.flowmat.core.txn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.ValueStager;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.staging.StagedFiles;
import org.flowmat.core.tuple.TupleValue;

/**
 * Writes staged rows as newline-delimited JSON objects {@code {"c0":…,"c1":…,"_flow_delete":…}}: positional names,
 * so any field name is safe, and values as each column's {@link ValueStager} stages them (objects and arrays as raw
 * JSON). A value the column cannot hold fails here, at Store or Load, naming binding, field, key and value: never in
 * the apply of a committed plan, which would fail the same way on every restart.
 */
final class StagedRows implements AutoCloseable {
  static final String DELETE_FLAG = "_flow_delete";
  private static final JsonFactory JSON = new JsonFactory();
  private static final String[] NAMES = new String[256];

  static {
    for (int i = 0; i < NAMES.length; i++) {
      NAMES[i] = "c" + i;
    }
  }

  /** Longest part of a refused value, and of each key element, that an error message quotes. */
  static final int QUOTED = 100;

  private final OutputStream out;
  private final StagedFiles files;
  private final JsonGenerator json;
  private final Columns columns;
  private TupleValue[] staged = new TupleValue[8];
  private long rows;
  private long longest;

  /**
   * The columns of one binding's staged rows, keys then values: a stager and a field name each, and the binding as
   * errors name it, e.g. {@code binding 0 (main.orders)}.
   */
  record Columns(String binding, List<String> fields, List<ValueStager> stagers) {
    static final Columns AS_IS = new Columns("a binding", List.of(), List.of());

    ValueStager stager(int column) {
      return column < stagers.size() ? stagers.get(column) : ValueStager.AS_IS;
    }

    String field(int column) {
      return column < fields.size() ? fields.get(column) : "#" + column;
    }
  }

  StagedRows(OutputStream out) throws IOException {
    this(out, Columns.AS_IS);
  }

  StagedRows(OutputStream out, Columns columns) throws IOException {
    this.out = out;
    this.files = out instanceof StagedFiles f ? f : null;
    this.json = JSON.createGenerator(out);
    this.columns = columns;
    json.setRootValueSeparator(null);
  }

  static String name(int column) {
    return column < NAMES.length ? NAMES[column] : "c" + column;
  }

  /** One row: keys, then values, then the document if any, then the delete flag if {@code withDeleteFlag}. */
  void write(List<TupleValue> keys, List<TupleValue> values, RawJson doc, boolean withDeleteFlag, boolean delete)
      throws IOException {
    // Every value is staged before anything is written, so a refused value leaves no half-written row.
    int width = keys.size() + values.size();
    if (staged.length < width) {
      staged = new TupleValue[width];
    }
    for (int i = 0; i < keys.size(); i++) {
      staged[i] = stage(i, keys.get(i), keys);
    }
    for (int i = 0; i < values.size(); i++) {
      staged[keys.size() + i] = stage(keys.size() + i, values.get(i), keys);
    }
    long start = position();
    json.writeStartObject();
    int column = 0;
    for (; column < width; column++) {
      json.writeFieldName(name(column));
      staged[column].writeJson(json);
      staged[column] = null;
    }
    if (doc != null) {
      json.writeFieldName(name(column));
      byte[] utf8 = doc.bytes();
      if (wellFormedUtf8(utf8)) {
        // The common case, without decoding to a String and encoding it back: in well-formed UTF-8 the bytes 0x0A and
        // 0x0D occur only as those two characters, so flattening them here gives the very bytes the String path does.
        json.writeRawValue(new Utf8Raw(flattenLineBreaks(utf8)));
      } else {
        // Malformed UTF-8 goes through a String, which holds each malformed sequence as U+FFFD.
        String text = doc.toString();
        // Valid JSON holds line breaks only as whitespace between tokens: flatten them to keep one row per line.
        json.writeRawValue(text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text : text.replace('\n', ' ').replace('\r', ' '));
      }
    }
    if (withDeleteFlag) {
      json.writeBooleanField(DELETE_FLAG, delete);
    }
    json.writeEndObject();
    json.writeRaw('\n');
    rows++;
    longest = Math.max(longest, position() - start);
    if (files != null && files.full(json.getOutputBuffered())) {
      json.flush();
      files.roll();
    }
  }

  long rows() {
    return rows;
  }

  /** Bytes of the longest row written so far (0 when not written to staged files), newline included. */
  long longest() {
    return longest;
  }

  private long position() {
    return files == null ? 0 : files.position() + json.getOutputBuffered();
  }

  private TupleValue stage(int column, TupleValue value, List<TupleValue> keys) {
    try {
      return columns.stager(column).stage(value);
    } catch (ValueStager.Refused refused) {
      throw new ConnectorException(columns.binding() + ": field '" + columns.field(column) + "' of the document with key ["
          + keys.stream().map(StagedRows::quote).collect(Collectors.joining(", ")) + "] is " + quote(value)
          + ", which cannot be stored: " + refused.getMessage() + ". Nothing of this transaction was committed;"
          + " correct the document at its source or the field's schema, then restart the task");
    }
  }

  /** A value as an error quotes it: strings in quotes, cut at {@link #QUOTED} characters. */
  static String quote(TupleValue value) {
    Object o = value.toJavaObject();
    String text = o == null ? "null" : o.toString();
    String cut = text.length() > QUOTED ? text.substring(0, QUOTED) + "… (" + text.length() + " characters)" : text;
    return value instanceof TupleValue.Str ? "\"" + cut + "\"" : cut;
  }

  /** {@code utf8} itself if it holds no line break, else a copy with each {@code \n} and {@code \r} made a space. */
  static byte[] flattenLineBreaks(byte[] utf8) {
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] == '\n' || utf8[i] == '\r') {
        byte[] flat = utf8.clone();
        for (int j = i; j < flat.length; j++) {
          if (flat[j] == '\n' || flat[j] == '\r') {
            flat[j] = ' ';
          }
        }
        return flat;
      }
    }
    return utf8;
  }

  /**
   * Whether {@code b} is well-formed UTF-8 (Unicode Table 3-7: no overlong forms, surrogates or code points beyond
   * U+10FFFF), i.e. exactly the input that Java's UTF-8 decoder turns into a String without replacing anything.
   */
  static boolean wellFormedUtf8(byte[] b) {
    int n = b.length;
    int i = 0;
    while (i < n) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xff;
      if (c < 0xC2) {
        return false; // a continuation byte, or an overlong 2-byte lead
      }
      if (c < 0xE0) {
        if (i + 1 >= n || !continuation(b[i + 1])) {
          return false;
        }
        i += 2;
      } else if (c < 0xF0) {
        if (i + 2 >= n) {
          return false;
        }
        int c1 = b[i + 1] & 0xff;
        int low = c == 0xE0 ? 0xA0 : 0x80;
        int high = c == 0xED ? 0x9F : 0xBF;
        if (c1 < low || c1 > high || !continuation(b[i + 2])) {
          return false;
        }
        i += 3;
      } else if (c < 0xF5) {
        if (i + 3 >= n) {
          return false;
        }
        int c1 = b[i + 1] & 0xff;
        int low = c == 0xF0 ? 0x90 : 0x80;
        int high = c == 0xF4 ? 0x8F : 0xBF;
        if (c1 < low || c1 > high || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  /**
   * Well-formed UTF-8 JSON text for {@link JsonGenerator#writeRawValue(SerializableString)}, which copies its bytes
   * into the generator's buffer as they are. Only the unquoted UTF-8 forms are on that path; the rest decode.
   */
  private static final class Utf8Raw implements SerializableString {
    private final byte[] utf8;

    Utf8Raw(byte[] utf8) {
      this.utf8 = utf8;
    }

    @Override
    public String getValue() {
      return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
      return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
      return JsonStringEncoder.getInstance().quoteAsString(getValue());
    }

    @Override
    public byte[] asUnquotedUTF8() {
      return utf8;
    }

    @Override
    public byte[] asQuotedUTF8() {
      return JsonStringEncoder.getInstance().quoteAsUTF8(getValue());
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
      return append(asQuotedUTF8(), buffer, offset);
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
      return append(asQuotedChars(), buffer, offset);
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
      return append(utf8, buffer, offset);
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
      return append(getValue().toCharArray(), buffer, offset);
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
      byte[] quoted = asQuotedUTF8();
      out.write(quoted);
      return quoted.length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
      out.write(utf8);
      return utf8.length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
      return put(asQuotedUTF8(), buffer);
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
      return put(utf8, buffer);
    }

    @Override
    public String toString() {
      return getValue();
    }

    /** Copies {@code from} into {@code buffer} at {@code offset}; -1 (nothing copied) if it does not fit. */
    private static int append(byte[] from, byte[] buffer, int offset) {
      if (from.length > buffer.length - offset) {
        return -1;
      }
      System.arraycopy(from, 0, buffer, offset, from.length);
      return from.length;
    }

    private static int append(char[] from, char[] buffer, int offset) {
      if (from.length > buffer.length - offset) {
        return -1;
      }
      System.arraycopy(from, 0, buffer, offset, from.length);
      return from.length;
    }

    private static int put(byte[] from, ByteBuffer buffer) {
      if (from.length > buffer.remaining()) {
        return -1;
      }
      buffer.put(from);
      return from.length;
    }
  }

  /** Writes out every row given so far. */
  void flush() throws IOException {
    json.flush();
  }

  @Override
  public void close() throws IOException {
    json.close();
    out.close();
  }
}
