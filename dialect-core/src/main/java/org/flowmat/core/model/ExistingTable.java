package org.flowmat.core.model;

import java.util.List;
import java.util.Optional;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Identity;

/** A table found in the warehouse, with its columns in ordinal order. */
public record ExistingTable(TablePath path, List<ExistingColumn> columns) {
  public ExistingTable {
    columns = List.copyOf(columns);
  }

  /** The existing column that is {@code column} by the warehouse's rule for column names. */
  public Optional<ExistingColumn> column(Identity column, Identifiers ids) {
    return columns.stream().filter(c -> ids.existingColumn(c.name()).sameAs(column)).findFirst();
  }
}
