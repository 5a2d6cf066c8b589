package org.flowmat.dialect.duckdb.objectstore;

import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.core.spec.SerPolicy;

/** Registers the test tree's second SPI implementation (META-INF/services in the test resources). */
public final class ObjectStoreConnectorProvider implements ConnectorProvider {
  @Override
  public String name() {
    return ObjectStoreDialect.NAME;
  }

  @Override
  public MaterializationConnector create() {
    return new SqlConnector(new ObjectStoreDialect(), SerPolicy.NONE);
  }
}
