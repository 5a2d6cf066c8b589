package org.flowmat.dialect.bigquery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.flowmat.core.config.ConfigBinder;

/**
 * The endpoint config as bound by Jackson from {@code endpoint-config.schema.json} (Estuary's materialize-bigquery
 * property names), whose {@code default}s fill what a config leaves out. {@code syncSchedule} and
 * {@code advanced.feature_flags} are the engine's ({@link org.flowmat.core.config.SyncSchedule},
 * {@link org.flowmat.core.config.FeatureFlags}); any other property the records do not know is refused.
 */
@JsonIgnoreProperties({"syncSchedule"})
record BigQueryConfig(
    @JsonProperty("project_id") String projectId,
    String region,
    String dataset,
    String bucket,
    @JsonProperty("bucket_path") String bucketPath,
    @JsonProperty("billing_project_id") String billingProjectId,
    boolean hardDelete,
    Credentials credentials,
    Advanced advanced) {
  static final ConfigBinder<BigQueryConfig> BINDER =
      ConfigBinder.of(BigQueryDialect.SPEC.configSchema(), BigQueryConfig.class);

  BigQueryConfig {
    bucketPath = bucketPath == null ? "" : bucketPath;
    billingProjectId = billingProjectId == null || billingProjectId.isEmpty() ? projectId : billingProjectId;
    advanced = advanced == null ? new Advanced(false, false, null, null, null) : advanced;
  }

  /** How the connector authenticates: a oneOf on {@code auth_type}, as Estuary's spec has it. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "auth_type")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = ServiceAccountJson.class, name = "CredentialsJSON"),
      @JsonSubTypes.Type(value = GcpIam.class, name = "GCPIAM")})
  sealed interface Credentials permits ServiceAccountJson, GcpIam {}

  /** A service account's JSON key (secret): never in {@link #toString}. */
  record ServiceAccountJson(@JsonProperty("credentials_json") String json) implements Credentials {
    @Override
    public String toString() {
      return "ServiceAccountJson[credentials_json=[redacted]]";
    }
  }

  /** Impersonation of a service account through workload identity federation. */
  record GcpIam(
      @JsonProperty("gcp_service_account_to_impersonate") String serviceAccount,
      @JsonProperty("gcp_workload_identity_pool_audience") String audience) implements Credentials {}

  /**
   * Estuary's advanced options, and two of ours: {@code endpoint} (the BigQuery API base URL, Estuary's name) and
   * {@code storage_endpoint} (the GCS root URL) point the clients at a loopback fake; they have no default.
   */
  record Advanced(
      boolean disableFieldTruncation,
      @JsonProperty("no_flow_document") boolean noFlowDocument,
      @JsonProperty("feature_flags") String featureFlags,
      String endpoint,
      @JsonProperty("storage_endpoint") String storageEndpoint) {}
}
