package org.flowmat.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** The source collection of a binding, with its projections sorted by field as Flow sends them. */
public record CollectionSpec(
    String name,
    List<String> key,
    String uuidPtr,
    List<String> partitionFields,
    List<Projection> projections,
    Optional<JsonNode> writeSchema,
    Optional<JsonNode> readSchema) {

  public CollectionSpec {
    key = List.copyOf(key);
    partitionFields = List.copyOf(partitionFields);
    projections = List.copyOf(projections);
  }

  public Optional<Projection> projection(String field) {
    return projections.stream().filter(p -> p.field().equals(field)).findFirst();
  }
}
