package org.flowmat.core.spec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An update of the connector state that the runtime keeps for us: an RFC 7396 merge patch when {@code mergePatch},
 * otherwise a full replacement.
 */
public record ConnectorState(JsonNode updated, boolean mergePatch) {
  public static ConnectorState mergePatch(JsonNode patch) {
    return new ConnectorState(patch, true);
  }
}
