package org.flowmat.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashMap;
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

  /**
   * Each resource path's binding: an active binding wins over an inactive one at the same path, and a later binding
   * over an earlier one.
   */
  public Map<List<String>, MaterializationBinding> bindingsByPath() {
    Map<List<String>, MaterializationBinding> byPath = new HashMap<>();
    inactiveBindings.forEach(b -> byPath.put(b.resourcePath(), b));
    bindings.forEach(b -> byPath.put(b.resourcePath(), b));
    return Collections.unmodifiableMap(byPath);
  }
}
