package org.flowmat.dialect.duckdb.objectstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.PlanApplier;
import org.flowmat.core.dialect.Shard;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.staging.ShardStaging;
import org.flowmat.dialect.duckdb.DuckDbVariant;

/**
 * The second implementation of the staging and apply SPI, for the conformance suite to prove that the SPI is not
 * DuckDB-shaped: DuckDB's pure parts and client, but an object-store-shaped stage ({@link ObjectStoreStagingArea}) in
 * a bucket beside the database ({@code <database>.bucket}), a per-table marker ({@link PerTableMarkerApplier}), and
 * every binding's Loads in one query.
 */
final class ObjectStoreDialect extends DuckDbVariant {
  static final String NAME = "duckdb-objectstore";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean oneLoadQuery() {
    return true;
  }

  @Override
  public Endpoint endpoint(JsonNode config) {
    Path bucket = Path.of(config.path("database").asText() + ".bucket");
    return new VariantEndpoint(duckdbEndpoint(config)) {
      @Override
      public StagingArea staging(String materialization, KeyRange range) throws Exception {
        return new ObjectStoreStagingArea(bucket, new ShardStaging(materialization, range));
      }

      @Override
      public PlanApplier applier(Dialect dialect, WarehouseClient client, Shard shard) {
        return new PerTableMarkerApplier(dialect, client, shard);
      }
    };
  }
}
