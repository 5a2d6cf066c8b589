package org.flowmat.core.dialect;

import java.util.Locale;
import java.util.Set;

/**
 * A warehouse column type chosen for a field: the DDL to create it, and the type names its information schema
 * reports for columns that already hold compatible values (upper case).
 */
public record ColumnType(String ddl, Set<String> compatible) {

  public ColumnType {
    compatible = Set.copyOf(compatible.stream().map(t -> t.toUpperCase(Locale.ROOT)).toList());
  }

  public static ColumnType of(String ddl, String... alsoCompatible) {
    java.util.Set<String> names = new java.util.HashSet<>(Set.of(alsoCompatible));
    names.add(ddl);
    return new ColumnType(ddl, names);
  }

  public boolean acceptsExisting(String infoSchemaType) {
    return compatible.contains(infoSchemaType.toUpperCase(Locale.ROOT));
  }
}
