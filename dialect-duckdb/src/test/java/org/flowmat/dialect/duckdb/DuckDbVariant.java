package org.flowmat.dialect.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.dialect.PlanApplier;
import org.flowmat.core.dialect.ResourceConfig;
import org.flowmat.core.dialect.Shard;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.dialect.TypeMapping;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.KeyRange;

/**
 * DuckDB's pure parts and client under another connector name, for test-tree dialects that replace one client part
 * (staging, plan apply) to exercise the SPI: a variant overrides {@link #endpoint} with a {@link VariantEndpoint}.
 */
public abstract class DuckDbVariant implements Dialect {
  private final DuckDbDialect duckdb = new DuckDbDialect();

  /** DuckDB's endpoint for {@code config}, to wrap. */
  protected Endpoint duckdbEndpoint(JsonNode config) {
    return duckdb.endpoint(config);
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

  /** DuckDB's endpoint, passing everything through; a variant overrides what it replaces. */
  public abstract static class VariantEndpoint implements Endpoint {
    private final Endpoint duckdb;

    protected VariantEndpoint(Endpoint duckdb) {
      this.duckdb = duckdb;
    }

    @Override
    public String defaultSchema() {
      return duckdb.defaultSchema();
    }

    @Override
    public boolean hardDelete() {
      return duckdb.hardDelete();
    }

    @Override
    public TablePath tablePath(ResourceConfig resource) {
      return duckdb.tablePath(resource);
    }

    @Override
    public WarehouseClient connect(boolean readOnly) throws Exception {
      return duckdb.connect(readOnly);
    }

    @Override
    public StagingArea staging(String materialization, KeyRange range) throws Exception {
      return duckdb.staging(materialization, range);
    }

    @Override
    public PlanApplier applier(Dialect dialect, WarehouseClient client, Shard shard) {
      return duckdb.applier(dialect, client, shard);
    }
  }
}
