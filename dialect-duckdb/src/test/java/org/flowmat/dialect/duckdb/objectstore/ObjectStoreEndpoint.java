package org.flowmat.dialect.duckdb.objectstore;

import java.nio.file.Path;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.PlanApplier;
import org.flowmat.core.dialect.ResourceConfig;
import org.flowmat.core.dialect.Shard;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.staging.ShardStaging;

/** DuckDB's endpoint, staging in a bucket beside the database ({@code <database>.bucket}) and applying per table. */
record ObjectStoreEndpoint(Endpoint duckdb, Path bucket) implements Endpoint {
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
    return new ObjectStoreStagingArea(bucket, new ShardStaging(materialization, range));
  }

  @Override
  public PlanApplier applier(Dialect dialect, WarehouseClient client, Shard shard) {
    return new PerTableMarkerApplier(dialect, client, shard);
  }
}
