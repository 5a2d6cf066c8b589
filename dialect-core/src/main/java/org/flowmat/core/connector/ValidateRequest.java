package org.flowmat.core.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowmat.core.spec.CollectionSpec;
import org.flowmat.core.spec.MaterializationSpec;

/** Flow proposes bindings; the connector answers with constraints per field, reading but never changing the warehouse. */
public record ValidateRequest(
    String name,
    JsonNode config,
    List<Binding> bindings,
    Optional<MaterializationSpec> lastMaterialization,
    String lastVersion) {

  public ValidateRequest {
    bindings = List.copyOf(bindings);
  }

  /** A proposed binding; {@code groupBy} is the ordered key of the field selection Flow will send. */
  public record Binding(
      JsonNode resourceConfig,
      CollectionSpec collection,
      Map<String, JsonNode> fieldConfig,
      long backfill,
      List<String> groupBy) {

    public Binding {
      fieldConfig = Map.copyOf(fieldConfig);
      groupBy = List.copyOf(groupBy);
    }
  }
}
