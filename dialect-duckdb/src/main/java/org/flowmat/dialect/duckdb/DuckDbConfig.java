package org.flowmat.dialect.duckdb;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.flowmat.core.config.ConfigBinder;

/**
 * The endpoint config as bound by Jackson from {@code endpoint-config.schema.json}, whose {@code default}s fill what a
 * config leaves out (so none is repeated here). {@code advanced.feature_flags} is the engine's, read for every dialect
 * by {@link org.flowmat.core.config.FeatureFlags}, and so is {@code syncSchedule} ({@link org.flowmat.core.config.SyncSchedule}); any other property the record does not know is refused.
 *
 * @param token the MotherDuck service token (secret), or null; never in {@link #toString}
 * @param stagingDirectory or null
 */
@JsonIgnoreProperties({"advanced", "syncSchedule"})
record DuckDbConfig(String database, String schema, boolean hardDelete, String token, String stagingDirectory) {
  static final ConfigBinder<DuckDbConfig> BINDER = ConfigBinder.of(DuckDbDialect.SPEC.configSchema(), DuckDbConfig.class);

  @Override
  public String toString() {
    return "DuckDbConfig[database=" + DuckDbEndpoint.masked(database) + ", schema=" + schema + ", hardDelete=" + hardDelete + ", token="
        + (token == null ? "none" : "[redacted]") + ", stagingDirectory=" + stagingDirectory + "]";
  }
}
