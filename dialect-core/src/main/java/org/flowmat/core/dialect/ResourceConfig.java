package org.flowmat.core.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A binding's resource config as the engine reads it, through the annotations of the dialect's resource schema:
 * the {@code x-collection-name} property is the table, {@code x-schema-name} the schema, {@code x-delta-updates} the
 * update mode. No dialect parses its resource config by hand.
 */
public record ResourceConfig(String table, Optional<String> schema, boolean deltaUpdates) {

  public static ResourceConfig from(JsonNode resourceSchema, JsonNode config) {
    String table = "";
    Optional<String> schema = Optional.empty();
    boolean delta = false;
    Iterator<Map.Entry<String, JsonNode>> properties = resourceSchema.path("properties").fields();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> property = properties.next();
      JsonNode value = config.path(property.getKey());
      if (property.getValue().path("x-collection-name").asBoolean(false)) {
        table = value.asText("");
      } else if (property.getValue().path("x-schema-name").asBoolean(false) && !value.asText("").isEmpty()) {
        schema = Optional.of(value.asText());
      } else if (property.getValue().path("x-delta-updates").asBoolean(false)) {
        delta = value.asBoolean(false);
      }
    }
    return new ResourceConfig(table, schema, delta);
  }
}
