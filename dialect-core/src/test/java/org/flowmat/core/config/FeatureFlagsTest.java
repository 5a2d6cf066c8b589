package org.flowmat.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class FeatureFlagsTest {
  private static final String FLAG = FeatureFlags.ALLOW_EXISTING_TABLES_FOR_NEW_BINDINGS;

  @Test
  void parsesCommaSeparatedNamesWithNoPrefixesBlanksAndUnknownFlags() {
    assertThat(FeatureFlags.parse("").enabled(FLAG)).isFalse();
    assertThat(FeatureFlags.parse(FLAG).enabled(FLAG)).isTrue();
    assertThat(FeatureFlags.parse(" , some_flag ,  " + FLAG + " ,").enabled(FLAG)).isTrue();
    assertThat(FeatureFlags.parse(FLAG + ",no_" + FLAG).enabled(FLAG)).as("a later item wins").isFalse();
    assertThat(FeatureFlags.parse("no_" + FLAG + "," + FLAG).enabled(FLAG)).isTrue();
    assertThat(FeatureFlags.parse("some_flag").enabled("some_flag")).as("unknown flags are kept, only logged").isTrue();
    assertThat(FeatureFlags.parse(FLAG.toUpperCase(java.util.Locale.ROOT)).enabled(FLAG)).as("names are exact").isFalse();
  }

  @Test
  void readsAdvancedFeatureFlagsOfAnEndpointConfig() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = json.createObjectNode().put("database", "x");
    assertThat(FeatureFlags.of(config)).isEqualTo(FeatureFlags.NONE);
    config.putObject("advanced").put("feature_flags", FLAG);
    assertThat(FeatureFlags.of(config).enabled(FLAG)).isTrue();
    config.putObject("advanced").put("feature_flags", 1);
    assertThat(FeatureFlags.of(config).enabled(FLAG)).as("not text: the schema refuses it; nothing is enabled").isFalse();
  }
}
