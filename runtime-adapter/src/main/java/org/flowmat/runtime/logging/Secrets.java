package org.flowmat.runtime.logging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.flowmat.core.config.CredentialParameters;

/**
 * The values of config fields that the connector's schema marks {@code secret: true}. Every log line and every error
 * that leaves the process is passed through {@link #redact}, so a secret echoed by a driver's error message is
 * still never shown.
 */
public final class Secrets {
  public static final String MASK = CredentialParameters.MASK;
  private static volatile List<String> values = List.of();

  private Secrets() {}

  /** Walks the config alongside its JSON schema and remembers every value at a {@code secret: true} property. */
  public static void registerFrom(JsonNode schema, JsonNode config) {
    List<String> found = new ArrayList<>();
    collect(schema, config, found);
    if (!found.isEmpty()) {
      register(found);
    }
  }

  public static synchronized void register(List<String> secrets) {
    List<String> next = new ArrayList<>(values);
    for (String s : secrets) {
      if (!s.isEmpty() && !next.contains(s)) {
        next.add(s);
      }
    }
    // Longest first, so a secret that contains another is masked whole.
    next.sort(Comparator.comparingInt(String::length).reversed());
    values = List.copyOf(next);
  }

  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = CredentialParameters.mask(text);
    for (String secret : values) {
      if (out.contains(secret)) {
        out = out.replace(secret, MASK);
      }
    }
    return out;
  }

  /** Forgets every secret; for tests that run several connectors in one JVM. */
  public static synchronized void clear() {
    values = List.of();
  }

  private static void collect(JsonNode schema, JsonNode config, List<String> found) {
    if (schema == null || config == null || config.isNull() || config.isMissingNode()) {
      return;
    }
    if (schema.path("secret").asBoolean(false) || schema.path("airbyte_secret").asBoolean(false)) {
      if (config.isValueNode()) {
        found.add(config.asText());
      } else {
        config.elements().forEachRemaining(v -> collect(schema, v, found));
      }
      return;
    }
    for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
      schema.path(combinator).elements().forEachRemaining(alt -> collect(alt, config, found));
    }
    if (config.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> property = fields.next();
        collect(property.getValue(), config.get(property.getKey()), found);
      }
    } else if (config.isArray()) {
      JsonNode items = schema.path("items");
      config.elements().forEachRemaining(v -> collect(items, v, found));
    }
  }
}
