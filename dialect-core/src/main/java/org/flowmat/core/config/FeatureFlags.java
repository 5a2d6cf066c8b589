package org.flowmat.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's feature flags, from an endpoint config's {@code advanced.feature_flags}: a comma-separated list in
 * which {@code name} turns a flag on and {@code no_name} turns it off, as in Estuary's connectors. Every dialect's
 * config may carry it; flags the engine does not know are logged and ignored, so that a config written for another
 * connector still works.
 */
public record FeatureFlags(Map<String, Boolean> flags) {
  /**
   * A new binding may take over a table that already exists (for example one a deleted materialization made), instead
   * of Validate refusing it; its columns are then checked against the binding like those of any existing table.
   */
  public static final String ALLOW_EXISTING_TABLES_FOR_NEW_BINDINGS = "allow_existing_tables_for_new_bindings";

  /** The flags this engine reads, each with its default. */
  public static final Map<String, Boolean> DEFAULTS = Map.of(ALLOW_EXISTING_TABLES_FOR_NEW_BINDINGS, false);

  public static final FeatureFlags NONE = new FeatureFlags(Map.of());

  private static final Logger LOG = LoggerFactory.getLogger(FeatureFlags.class);

  public FeatureFlags {
    flags = Map.copyOf(flags);
  }

  /** The flags of an endpoint config; none when it has no {@code advanced.feature_flags}. */
  public static FeatureFlags of(JsonNode endpointConfig) {
    JsonNode text = endpointConfig.path("advanced").path("feature_flags");
    return text.isTextual() ? parse(text.asText()) : NONE;
  }

  /** Parses {@code "a, no_b"}: blanks around names and empty items are ignored; a later item wins. */
  public static FeatureFlags parse(String text) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (String item : text.split(",")) {
      String name = item.strip();
      if (name.isEmpty()) {
        continue;
      }
      boolean on = !name.startsWith("no_");
      String flag = on ? name : name.substring(3);
      if (!DEFAULTS.containsKey(flag)) {
        LOG.atWarn().addKeyValue("flag", name).addKeyValue("known", Set.copyOf(DEFAULTS.keySet()))
            .log("ignoring a feature flag this connector does not know");
      }
      out.put(flag, on);
    }
    return new FeatureFlags(out);
  }

  public boolean enabled(String flag) {
    return flags.getOrDefault(flag, DEFAULTS.getOrDefault(flag, false));
  }
}
