package org.flowmat.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A materialization as the engine sees it: the endpoint config and its bindings. Binding index i is the number that
 * Load, Store and Loaded refer to.
 */
public record MaterializationSpec(
    String name,
    JsonNode config,
    List<MaterializationBinding> bindings,
    List<MaterializationBinding> inactiveBindings,
    Map<String, String> shardLabels) {

  public MaterializationSpec {
    bindings = List.copyOf(bindings);
    inactiveBindings = List.copyOf(inactiveBindings);
    shardLabels = Map.copyOf(shardLabels);
  }
}
