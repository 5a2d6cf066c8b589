package org.flowmat.dialect.snowflake;

import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.connector.SpecOnlyConnector;

/** Registers the snowflake connector with the suite (found through ServiceLoader). */
public final class SnowflakeConnectorProvider implements ConnectorProvider {
  static final String NAME = "snowflake";

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
        SnowflakeConnectorProvider.class,
        "endpoint-config.schema.json",
        "resource-config.schema.json",
        "");
  }
}
