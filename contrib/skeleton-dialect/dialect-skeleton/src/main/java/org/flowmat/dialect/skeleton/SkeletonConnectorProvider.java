package org.flowmat.dialect.skeleton;

import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.core.spec.SerPolicy;

/**
 * Registers the skeleton connector with the launcher, which finds it through ServiceLoader
 * (src/main/resources/META-INF/services/org.flowmat.core.connector.ConnectorProvider).
 */
public final class SkeletonConnectorProvider implements ConnectorProvider {

  @Override
  public String name() {
    return SkeletonDialect.NAME;
  }

  @Override
  public MaterializationConnector create() {
    // TODO(new dialect): a SerPolicy that truncates values beyond the warehouse's size limits, if it has any.
    return new SqlConnector(new SkeletonDialect(), SerPolicy.NONE);
  }
}
