package org.flowmat.dialect.bigquery;

import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.connector.SpecOnlyConnector;

/** Registers the bigquery connector with the suite (found through ServiceLoader). */
public final class BigQueryConnectorProvider implements ConnectorProvider {
  static final String NAME = "bigquery";

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
        BigQueryConnectorProvider.class,
        "endpoint-config.schema.json",
        "resource-config.schema.json",
        "");
  }
}
