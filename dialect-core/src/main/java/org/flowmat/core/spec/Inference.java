package org.flowmat.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * What Flow's schema inference knows about one location.
 *
 * @param types JSON types, a subset of null, boolean, object, array, integer, number, string
 * @param string present iff {@code types} contains string
 * @param defaultValue the schema default, if any
 */
public record Inference(
    List<String> types,
    Optional<StringInference> string,
    String title,
    String description,
    Optional<JsonNode> defaultValue,
    boolean secret,
    Exists exists,
    Optional<NumericInference> numeric) {

  public Inference {
    types = List.copyOf(types);
  }

  /** String facts: format (date-time, integer, …), encoding (base64), and bounds for string-formatted integers. */
  public record StringInference(
      String contentType,
      String format,
      long maxLength,
      String contentEncoding,
      String strMinimum,
      String strMaximum) {}

  /** Numeric bounds, used to widen integer columns beyond 64 bits. */
  public record NumericInference(boolean hasMinimum, double minimum, boolean hasMaximum, double maximum) {}
}
