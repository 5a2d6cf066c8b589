package org.flowmat.core.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * What a connector tells Flow about itself: the JSON schemas of its endpoint and resource configs (annotated with
 * {@code secret}, {@code x-collection-name}, {@code x-schema-name} and {@code x-delta-updates}) and its docs.
 */
public record ConnectorSpec(JsonNode configSchema, JsonNode resourceConfigSchema, String documentationUrl) {

  /** Reads the two schemas from resources next to {@code anchor}, where a reviewer finds them as plain files. */
  public static ConnectorSpec fromResources(
      Class<?> anchor, String configSchema, String resourceConfigSchema, String documentationUrl) {
    return new ConnectorSpec(read(anchor, configSchema), read(anchor, resourceConfigSchema), documentationUrl);
  }

  private static JsonNode read(Class<?> anchor, String name) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to " + anchor.getName());
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
