package org.flowmat.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The fields a binding materializes. {@code keys} is the order of packed keys and {@code values} the order of packed
 * values; {@code document} is the root-document field, or empty when Stores carry no document.
 */
public record FieldSelection(
    List<String> keys, List<String> values, String document, Map<String, JsonNode> fieldConfig) {

  public FieldSelection {
    keys = List.copyOf(keys);
    values = List.copyOf(values);
    fieldConfig = Map.copyOf(fieldConfig);
  }

  public boolean hasDocument() {
    return !document.isEmpty();
  }
}
