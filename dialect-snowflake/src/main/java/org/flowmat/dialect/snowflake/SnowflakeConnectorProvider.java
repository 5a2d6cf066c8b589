package org.flowmat.dialect.snowflake;

import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.core.spec.SerPolicy;

/** Registers the Snowflake connector with the suite (found through ServiceLoader). */
public final class SnowflakeConnectorProvider implements ConnectorProvider {
  static final String NAME = SnowflakeDialect.NAME;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MaterializationConnector create() {
    return new SqlConnector(new SnowflakeDialect(), SerPolicy.NONE);
  }
}
