package org.flowmat.core.model;

import java.util.List;

/**
 * Where a table lives: its resource path as Flow stores it, {@code [schema, table]} (or longer for warehouses with
 * more levels, such as BigQuery's project).
 */
public record TablePath(List<String> components) {
  public TablePath {
    components = List.copyOf(components);
    if (components.isEmpty() || components.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("a resource path needs non-empty components: " + components);
    }
  }

  public static TablePath of(String... components) {
    return new TablePath(List.of(components));
  }

  public String table() {
    return components.get(components.size() - 1);
  }

  /** The schema (dataset), or empty when the path has no namespace. */
  public String schema() {
    return components.size() > 1 ? components.get(components.size() - 2) : "";
  }

  @Override
  public String toString() {
    return String.join(".", components);
  }
}
