package org.flowmat.dialect.bigquery;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.flowmat.core.config.ConfigBinder;
import org.flowmat.core.connector.ConnectorException;

/**
 * A binding's resource config: Estuary's {@code table}, {@code dataset}, {@code delta_updates} (which the engine reads
 * through the schema's annotations) and ours, {@code partition_by} and {@code cluster_by}, which shape the table
 * BigQuery creates.
 */
record BigQueryResource(
    String table,
    String dataset,
    @JsonProperty("delta_updates") boolean deltaUpdates,
    @JsonProperty("partition_by") PartitionBy partitionBy,
    @JsonProperty("cluster_by") List<String> clusterBy) {
  static final ConfigBinder<BigQueryResource> BINDER =
      ConfigBinder.of(BigQueryDialect.SPEC.resourceConfigSchema(), BigQueryResource.class);

  BigQueryResource {
    clusterBy = clusterBy == null ? List.of() : List.copyOf(clusterBy);
  }

  static BigQueryResource from(JsonNode config, String what) {
    BigQueryResource r = BINDER.bind(config, what);
    if (r.partitionBy != null && r.partitionBy.range() != null && r.partitionBy.range().end() <= r.partitionBy.range().start()) {
      throw new ConnectorException(what + ": partition_by.range.end must be greater than partition_by.range.start");
    }
    return r;
  }

  Optional<PartitionBy> partition() {
    return Optional.ofNullable(partitionBy);
  }

  /** The partitioning column's field, with time granularity or an integer range (exactly one applies). */
  record PartitionBy(
      String field,
      String granularity,
      IntegerRange range,
      @JsonProperty("expiration_days") Long expirationDays,
      @JsonProperty("require_partition_filter") boolean requirePartitionFilter) {
  }

  /** {@code RANGE_BUCKET(column, GENERATE_ARRAY(start, end, interval))}. */
  record IntegerRange(long start, long end, long interval) {}
}
