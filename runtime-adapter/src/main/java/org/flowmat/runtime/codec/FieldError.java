package org.flowmat.runtime.codec;

import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;

/**
 * A field-level error. The path is assembled while unwinding, so the success path never pays
 * for it. Shared by {@link PbJsonReader} and {@link PbJsonWriter}, which name the failing field the same
 * way.
 */
final class FieldError extends Exception {
  private static final long serialVersionUID = 1L;
  private final String detail;
  private final ArrayList<String> reversedPath = new ArrayList<>(4);

  FieldError(String detail) {
    super(detail, null, false, false);
    this.detail = detail;
  }

  static FieldError wrongType(String expected, JsonToken got) {
    return new FieldError("expects " + expected + " but got " + nameOf(got));
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
    reversedPath.add("[\"" + PbJson.preview(key) + "\"]");
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

  /** How an error message names what the input held at token {@code t}. */
  static String nameOf(JsonToken t) {
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
}
