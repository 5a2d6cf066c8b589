package org.flowmat.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One collection bound to one warehouse resource. {@code stateKey} is Flow's opaque per-binding state key; it rotates
 * when the binding is backfilled.
 */
public record MaterializationBinding(
    JsonNode resourceConfig,
    List<String> resourcePath,
    CollectionSpec collection,
    FieldSelection fieldSelection,
    boolean deltaUpdates,
    long backfill,
    String stateKey,
    SerPolicy serPolicy) {

  public MaterializationBinding {
    resourcePath = List.copyOf(resourcePath);
  }
}
