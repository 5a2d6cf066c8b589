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

  /**
   * Which properties of a resource schema carry the table, the schema and the update mode: the one place the
   * annotations are read. Empty when the schema annotates no such property.
   */
  public record Keys(Optional<String> table, Optional<String> schema, Optional<String> deltaUpdates) {

    public static Keys of(JsonNode resourceSchema) {
      Optional<String> table = Optional.empty();
      Optional<String> schema = Optional.empty();
      Optional<String> delta = Optional.empty();
      Iterator<Map.Entry<String, JsonNode>> properties = resourceSchema.path("properties").fields();
      while (properties.hasNext()) {
        Map.Entry<String, JsonNode> property = properties.next();
        JsonNode annotations = property.getValue();
        if (annotations.path("x-collection-name").asBoolean(false)) {
          table = Optional.of(property.getKey());
        } else if (annotations.path("x-schema-name").asBoolean(false)) {
          schema = Optional.of(property.getKey());
        } else if (annotations.path("x-delta-updates").asBoolean(false)) {
          delta = Optional.of(property.getKey());
        }
      }
      return new Keys(table, schema, delta);
    }

    /** Reads a resource config through these keys; an empty schema name means the endpoint's default. */
    public ResourceConfig read(JsonNode config) {
      String tableName = table.map(k -> config.path(k).asText("")).orElse("");
      Optional<String> schemaName = schema.map(k -> config.path(k).asText("")).filter(s -> !s.isEmpty());
      boolean delta = deltaUpdates.map(k -> config.path(k).asBoolean(false)).orElse(false);
      return new ResourceConfig(tableName, schemaName, delta);
    }
  }

  /** Reads {@code config} through the annotations of {@code resourceSchema}; see {@link Keys} to read them once. */
  public static ResourceConfig from(JsonNode resourceSchema, JsonNode config) {
    return Keys.of(resourceSchema).read(config);
  }
}
