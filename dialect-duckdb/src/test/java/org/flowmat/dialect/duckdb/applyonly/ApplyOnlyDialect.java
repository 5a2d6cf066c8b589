package org.flowmat.dialect.duckdb.applyonly;

import com.fasterxml.jackson.databind.JsonNode;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.spec.SerPolicy;
import org.flowmat.dialect.duckdb.DuckDbVariant;

/**
 * A dialect halfway through CONTRIBUTING.md's order of work: DuckDB that can Apply but has no staging area yet, so
 * every session fails at Open. Its conformance target declares STORE missing, which MaterializationConformance must
 * prove (the suite's path for such a dialect is otherwise run by none).
 */
final class ApplyOnlyDialect extends DuckDbVariant {
  static final String NAME = "duckdb-applyonly";

  /** Registered in the test resources' META-INF/services. */
  public static final class Provider implements ConnectorProvider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public MaterializationConnector create() {
      return new SqlConnector(new ApplyOnlyDialect(), SerPolicy.NONE);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Endpoint endpoint(JsonNode config) {
    return new VariantEndpoint(duckdbEndpoint(config)) {
      @Override
      public StagingArea staging(String materialization, KeyRange range) {
        throw new ConnectorException(NAME + " cannot stage rows yet");
      }
    };
  }
}
