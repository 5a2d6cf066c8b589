package org.flowmat.dialect.duckdb.applyonly;

import com.fasterxml.jackson.databind.JsonNode;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.dialect.ResourceConfig;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.dialect.TypeMapping;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.spec.SerPolicy;
import org.flowmat.dialect.duckdb.DuckDbDialect;

/**
 * A dialect halfway through CONTRIBUTING.md's order of work: DuckDB that can Apply but has no staging area yet, so
 * every session fails at Open. Its conformance target declares STORE missing, which MaterializationConformance must
 * prove (the suite's path for such a dialect is otherwise run by none).
 */
final class ApplyOnlyDialect implements Dialect {
  static final String NAME = "duckdb-applyonly";
  private final DuckDbDialect duckdb = new DuckDbDialect();

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
  public ConnectorSpec spec() {
    return duckdb.spec();
  }

  @Override
  public Identifiers identifiers() {
    return duckdb.identifiers();
  }

  @Override
  public Literals literals() {
    return duckdb.literals();
  }

  @Override
  public TypeMapping types() {
    return duckdb.types();
  }

  @Override
  public SqlTemplates templates() {
    return duckdb.templates();
  }

  @Override
  public boolean primaryKeys() {
    return duckdb.primaryKeys();
  }

  @Override
  public Endpoint endpoint(JsonNode config) {
    Endpoint warehouse = duckdb.endpoint(config);
    return new Endpoint() {
      @Override
      public String defaultSchema() {
        return warehouse.defaultSchema();
      }

      @Override
      public boolean hardDelete() {
        return warehouse.hardDelete();
      }

      @Override
      public TablePath tablePath(ResourceConfig resource) {
        return warehouse.tablePath(resource);
      }

      @Override
      public WarehouseClient connect(boolean readOnly) throws Exception {
        return warehouse.connect(readOnly);
      }

      @Override
      public StagingArea staging(String materialization, KeyRange range) {
        throw new ConnectorException(NAME + " cannot stage rows yet");
      }
    };
  }
}
