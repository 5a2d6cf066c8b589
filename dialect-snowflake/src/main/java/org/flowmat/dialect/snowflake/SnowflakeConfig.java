package org.flowmat.dialect.snowflake;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.flowmat.core.config.ConfigBinder;

/**
 * The endpoint config as Jackson binds it from {@code endpoint-config.schema.json} (Estuary's materialize-snowflake
 * property names), whose {@code default}s fill what a config leaves out. {@code syncSchedule} and
 * {@code advanced.feature_flags} are the engine's ({@link org.flowmat.core.config.SyncSchedule},
 * {@link org.flowmat.core.config.FeatureFlags}); any property the records do not know is refused with its path.
 * Secrets never appear in {@link #toString}.
 */
@JsonIgnoreProperties({"syncSchedule"})
record SnowflakeConfig(
    String host,
    String account,
    String database,
    String schema,
    String warehouse,
    String role,
    boolean hardDelete,
    @JsonProperty("timestamp_type") String timestampType,
    Credentials credentials,
    Advanced advanced) {
  static final ConfigBinder<SnowflakeConfig> BINDER =
      ConfigBinder.of(SnowflakeDialect.SPEC.configSchema(), SnowflakeConfig.class);

  /** One record for both auth types: the schema's oneOf on {@code auth_type} says which fields each has. */
  record Credentials(
      @JsonProperty("auth_type") String authType,
      String user,
      @JsonProperty("private_key") String privateKey,
      @JsonProperty("private_key_passphrase") String privateKeyPassphrase,
      String password) {
    @Override
    public String toString() {
      return "Credentials[auth_type=" + authType + ", user=" + user + ", private_key=" + redacted(privateKey)
          + ", private_key_passphrase=" + redacted(privateKeyPassphrase) + ", password=" + redacted(password) + "]";
    }
  }

  /** {@code advanced}; {@code feature_flags} is read by the engine. */
  @JsonIgnoreProperties({"feature_flags"})
  record Advanced(
      Boolean disableFieldTruncation,
      @JsonProperty("no_flow_document") Boolean noFlowDocument,
      @JsonProperty("query_tag") String queryTag,
      @JsonProperty("jdbc_parameters") Map<String, String> jdbcParameters) {
    static final Advanced NONE = new Advanced(false, false, null, Map.of());

    Advanced {
      disableFieldTruncation = disableFieldTruncation != null && disableFieldTruncation;
      noFlowDocument = noFlowDocument != null && noFlowDocument;
      jdbcParameters = jdbcParameters == null ? Map.of() : Map.copyOf(jdbcParameters);
    }

    @Override
    public String toString() {
      // Parameter values may be credentials a user put there; their names are enough to debug.
      return "Advanced[disableFieldTruncation=" + disableFieldTruncation + ", no_flow_document=" + noFlowDocument
          + ", query_tag=" + queryTag + ", jdbc_parameters=" + jdbcParameters.keySet() + "]";
    }
  }

  private static String redacted(String secret) {
    return secret == null ? "none" : "[redacted]";
  }
}
