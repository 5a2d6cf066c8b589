package org.flowmat.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowmat.core.spec.Inference;
import org.flowmat.core.spec.Projection;

/**
 * Everything a type mapping needs to know about one field: its flat type, the string format, whether it is a key,
 * whether it must exist (which drives NOT NULL), and the inferred bounds that decide 64-bit vs wider integers.
 */
public record FieldType(
    FlatType flat,
    String format,
    boolean key,
    boolean mustExist,
    boolean hasDefault,
    boolean beyondInt64,
    long maxLength) {

  private static final double INT64_MIN = -9.223372036854775808E18;
  private static final double INT64_MAX = 9.223372036854775807E18;

  /** Flattens a projection as Flow's SQL materializations do; {@code castToString} forces STRING. */
  public static FieldType of(Projection projection, boolean castToString) {
    Inference inference = projection.inference();
    List<String> types = new ArrayList<>(inference.types());
    types.remove("null");
    boolean nullable = inference.types().contains("null");
    boolean mustExist = inference.exists() == org.flowmat.core.spec.Exists.MUST && !nullable;
    String format = inference.string().map(s -> s.format().toLowerCase(Locale.ROOT)).orElse("");
    long maxLength = inference.string().map(Inference.StringInference::maxLength).orElse(0L);
    boolean beyondInt64 =
        inference.numeric().map(n -> (n.hasMinimum() && n.minimum() < INT64_MIN) || (n.hasMaximum() && n.maximum() > INT64_MAX)).orElse(false);
    FlatType flat;
    if (types.isEmpty()) {
      flat = FlatType.NEVER;
    } else if (castToString) {
      flat = FlatType.STRING;
      format = "";
    } else if (types.size() > 1) {
      // A string-formatted number with its numeric twin ("integer" + "string" with format integer) is still one type.
      if (types.size() == 2 && types.contains("string") && (integerFormat(format) || format.equals("number"))
          && (types.contains("integer") || types.contains("number"))) {
        flat = integerFormat(format) ? FlatType.STRING_INTEGER : FlatType.STRING_NUMBER;
      } else {
        flat = FlatType.MULTIPLE;
      }
    } else {
      flat =
          switch (types.get(0)) {
            case "boolean" -> FlatType.BOOLEAN;
            case "integer" -> FlatType.INTEGER;
            case "number" -> FlatType.NUMBER;
            case "object" -> FlatType.OBJECT;
            case "array" -> FlatType.ARRAY;
            case "string" -> {
              boolean base64 = inference.string().map(s -> s.contentEncoding().equalsIgnoreCase("base64")).orElse(false);
              String media = inference.string().map(Inference.StringInference::contentType).orElse("");
              if (base64 && (media.isEmpty() || media.equals("application/octet-stream"))) {
                yield FlatType.BINARY;
              } else if (integerFormat(format)) {
                yield FlatType.STRING_INTEGER;
              } else if (format.equals("number")) {
                yield FlatType.STRING_NUMBER;
              }
              yield FlatType.STRING;
            }
            default -> FlatType.MULTIPLE;
          };
    }
    if (flat == FlatType.STRING_INTEGER) {
      // Flow gives string bounds of string-formatted integers; a string integer is assumed wide unless its format
      // bounds it: uint32 always fits 64 bits, uint64 does not.
      beyondInt64 = !format.equals("uint32");
    }
    return new FieldType(
        flat, format, projection.isPrimaryKey(), mustExist, inference.defaultValue().isPresent(), beyondInt64, maxLength);
  }

  /** String formats that hold an integer: {@code integer}, and the unsigned {@code uint32} and {@code uint64}. */
  public static boolean integerFormat(String format) {
    return format.equals("integer") || format.equals("uint32") || format.equals("uint64");
  }

  /**
   * This field as a key column: a key is always treated as must-exist (its column is NOT NULL), since a key that may
   * be absent without a default is refused at Validate ({@link #nullableKeyWithoutDefault}).
   */
  public FieldType asKey() {
    return new FieldType(flat, format, true, true, hasDefault, beyondInt64, maxLength);
  }

  /** A key whose values may be absent or null and that has no default to stand in: not materializable. */
  public boolean nullableKeyWithoutDefault() {
    return key && !mustExist && !hasDefault;
  }

  public boolean isScalar() {
    return switch (flat) {
      case BOOLEAN, INTEGER, NUMBER, STRING, STRING_INTEGER, STRING_NUMBER, BINARY -> true;
      default -> false;
    };
  }
}
