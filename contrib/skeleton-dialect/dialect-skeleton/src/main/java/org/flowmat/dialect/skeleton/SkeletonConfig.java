package org.flowmat.dialect.skeleton;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.flowmat.core.config.ConfigBinder;

/**
 * The endpoint config as bound from {@code endpoint-config.schema.json}, whose {@code default}s fill what a config
 * leaves out. {@code advanced} and {@code syncSchedule} are the engine's (FeatureFlags, SyncSchedule).
 *
 * @param password secret: never in {@link #toString}, logs or errors
 */
@JsonIgnoreProperties({"advanced", "syncSchedule"})
record SkeletonConfig(String address, String user, String password, String schema, boolean hardDelete) {
  static final ConfigBinder<SkeletonConfig> BINDER =
      ConfigBinder.of(SkeletonDialect.SPEC.configSchema(), SkeletonConfig.class);

  @Override
  public String toString() {
    return "SkeletonConfig[address=" + address + ", user=" + user + ", password=[redacted], schema=" + schema
        + ", hardDelete=" + hardDelete + "]";
  }
}
