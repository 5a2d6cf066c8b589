package org.flowmat.core.txn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.tuple.TupleValue;

/**
 * Writes staged rows as newline-delimited JSON objects {@code {"c0":…,"c1":…,"_flow_delete":…}}: positional names,
 * so any field name is safe, and values exactly as Flow packed them (objects and arrays as raw JSON).
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

  private final OutputStream out;
  private final JsonGenerator json;
  private long rows;

  StagedRows(OutputStream out) throws IOException {
    this.out = out;
    this.json = JSON.createGenerator(out);
    json.setRootValueSeparator(null);
  }

  static String name(int column) {
    return column < NAMES.length ? NAMES[column] : "c" + column;
  }

  /** One row: keys, then values, then the document if any, then the delete flag if {@code withDeleteFlag}. */
  void write(List<TupleValue> keys, List<TupleValue> values, RawJson doc, boolean withDeleteFlag, boolean delete)
      throws IOException {
    json.writeStartObject();
    int column = 0;
    for (TupleValue v : keys) {
      json.writeFieldName(name(column++));
      v.writeJson(json);
    }
    for (TupleValue v : values) {
      json.writeFieldName(name(column++));
      v.writeJson(json);
    }
    if (doc != null) {
      json.writeFieldName(name(column));
      String text = doc.toString();
      // Valid JSON holds line breaks only as whitespace between tokens: flatten them to keep one row per line.
      json.writeRawValue(text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text : text.replace('\n', ' ').replace('\r', ' '));
    }
    if (withDeleteFlag) {
      json.writeBooleanField(DELETE_FLAG, delete);
    }
    json.writeEndObject();
    json.writeRaw('\n');
    rows++;
  }

  long rows() {
    return rows;
  }

  @Override
  public void close() throws IOException {
    json.close();
    out.close();
  }
}
