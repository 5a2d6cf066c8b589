package org.flowmat.dialect.skeleton;

import com.fasterxml.jackson.databind.JsonNode;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.spec.KeyRange;

/**
 * A skeleton endpoint: its settings are parsed, but it cannot reach a warehouse yet, so Validate, Apply and Open fail
 * with an error that says so (the conformance target declares APPLY and STORE missing, and the suites prove it).
 * TODO(new dialect): {@link #connect} (for a JDBC warehouse, dialect-jdbc's JdbcClient), then {@link #staging}
 * (a local directory, a stage, a bucket), and an {@code applier} if the default marker-row applier does not fit.
 */
record SkeletonEndpoint(SkeletonConfig config) implements Endpoint {

  static SkeletonEndpoint from(JsonNode config) {
    return new SkeletonEndpoint(SkeletonConfig.BINDER.bind(config, "endpoint config"));
  }

  @Override
  public String defaultSchema() {
    return config.schema();
  }

  @Override
  public boolean hardDelete() {
    return config.hardDelete();
  }

  @Override
  public WarehouseClient connect(boolean readOnly) {
    throw new ConnectorException("materialize-" + SkeletonDialect.NAME + " cannot connect to " + config.address()
        + " yet: SkeletonEndpoint.connect is not written");
  }

  @Override
  public StagingArea staging(String materialization, KeyRange range) {
    throw new ConnectorException("materialize-" + SkeletonDialect.NAME + " cannot stage rows yet:"
        + " SkeletonEndpoint.staging is not written");
  }

  @Override
  public String toString() {
    return "SkeletonEndpoint[" + config + "]";
  }
}
