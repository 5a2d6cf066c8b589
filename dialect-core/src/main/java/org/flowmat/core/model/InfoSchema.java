package org.flowmat.core.model;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Identity;

/**
 * What the warehouse holds of the tables a request names, and which schemas exist: the live truth that Validate and
 * Apply compare against. Schema names are compared as the warehouse stores them.
 */
public record InfoSchema(Set<String> schemas, Map<TablePath, ExistingTable> tables) {
  public InfoSchema {
    schemas = Set.copyOf(schemas);
    tables = Map.copyOf(tables);
  }

  public Optional<ExistingTable> table(TablePath path) {
    return Optional.ofNullable(tables.get(path));
  }

  /** Whether the schema {@code schema} exists, by the warehouse's rule for schema names. */
  public boolean hasSchema(Identity schema, Identifiers ids) {
    return schemas.stream().anyMatch(s -> ids.existingSchema(s).sameAs(schema));
  }
}
