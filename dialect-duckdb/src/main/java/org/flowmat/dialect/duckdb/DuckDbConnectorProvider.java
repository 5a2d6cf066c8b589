package org.flowmat.dialect.duckdb;

import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.connector.SpecOnlyConnector;

/** Registers the duckdb connector with the suite (found through ServiceLoader). */
public final class DuckDbConnectorProvider implements ConnectorProvider {
  static final String NAME = "duckdb";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MaterializationConnector create() {
    return new SpecOnlyConnector(NAME, spec());
  }

  static ConnectorSpec spec() {
    return ConnectorSpec.fromResources(
        DuckDbConnectorProvider.class,
        "endpoint-config.schema.json",
        "resource-config.schema.json",
        "");
  }
}
