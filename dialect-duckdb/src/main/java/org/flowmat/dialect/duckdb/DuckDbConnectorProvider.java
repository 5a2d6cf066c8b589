package org.flowmat.dialect.duckdb;

import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.core.spec.SerPolicy;

/** Registers the DuckDB connector with the suite (found through ServiceLoader). */
public final class DuckDbConnectorProvider implements ConnectorProvider {

  @Override
  public String name() {
    return DuckDbDialect.NAME;
  }

  @Override
  public MaterializationConnector create() {
    // DuckDB has no value size limits worth truncating for.
    return new SqlConnector(new DuckDbDialect(), SerPolicy.NONE);
  }
}
