package org.flowmat.dialect.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * A BigQuery dataset and its staging bucket, as the endpoint config names them. Tables are
 * {@code project.dataset.table} (Estuary's resource path), table names mapped as Estuary maps them.
 */
record BigQueryEndpoint(BigQueryConfig config) implements Endpoint {

  static BigQueryEndpoint from(JsonNode config) {
    return new BigQueryEndpoint(BigQueryConfig.BINDER.bind(config, "endpoint config"));
  }

  @Override
  public String defaultSchema() {
    return config.dataset();
  }

  @Override
  public boolean hardDelete() {
    return config.hardDelete();
  }

  @Override
  public TablePath tablePath(ResourceConfig resource) {
    return TablePath.of(config.projectId(), resource.schema().orElse(config.dataset()),
        BigQueryIdentifiers.translate(resource.table()));
  }

  @Override
  public WarehouseClient connect(boolean readOnly) throws Exception {
    return BigQueryClient.open(config, BigQueryServices.bigQuery(config));
  }

  /** Objects under {@code gs://bucket/bucket_path/<materialization>/<range>/}. */
  @Override
  public StagingArea staging(String materialization, KeyRange range) throws Exception {
    ShardStaging shard = new ShardStaging(materialization, range);
    String prefix = (config.bucketPath().isEmpty() ? "" : config.bucketPath().replaceAll("/+$", "") + "/")
        + shard.materializationPart() + "/" + shard.rangePart() + "/";
    return new GcsStagingArea(BigQueryServices.storage(config), config.bucket(), prefix);
  }

  @Override
  public PlanApplier applier(Dialect dialect, WarehouseClient client, Shard shard) {
    return new ScriptPlanApplier(dialect, (BigQueryClient) client, shard);
  }

  @Override
  public String toString() {
    return "BigQueryEndpoint[project=" + config.projectId() + ", dataset=" + config.dataset() + ", region="
        + config.region() + ", bucket=" + config.bucket() + "]";
  }
}
