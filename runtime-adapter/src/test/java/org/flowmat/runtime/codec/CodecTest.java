package org.flowmat.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {

  @Test
  void fromEnvironmentFollowsFlowsRule() {
    assertThat(Codec.fromEnvironment(Map.of())).isEqualTo(Codec.PROTO);
    assertThat(Codec.fromEnvironment(null)).isEqualTo(Codec.PROTO);
    assertThat(Codec.fromEnvironment(Map.of("FLOW_RUNTIME_CODEC", "json"))).isEqualTo(Codec.JSON);
    assertThat(Codec.fromEnvironment(Map.of("FLOW_RUNTIME_CODEC", "proto"))).isEqualTo(Codec.PROTO);
    assertThat(Codec.fromEnvironment(Map.of("FLOW_RUNTIME_CODEC", ""))).isEqualTo(Codec.PROTO);
    // Exact match only, as in Flow's connector-init and Go boilerplate.
    assertThat(Codec.fromEnvironment(Map.of("FLOW_RUNTIME_CODEC", "JSON"))).isEqualTo(Codec.PROTO);
    assertThat(Codec.fromEnvironment(Map.of("FLOW_RUNTIME_CODEC", " json"))).isEqualTo(Codec.PROTO);
    assertThat(Codec.fromEnvironment(Map.of("OTHER", "json"))).isEqualTo(Codec.PROTO);
    Map<String, String> withNull = new HashMap<>();
    withNull.put("FLOW_RUNTIME_CODEC", null);
    assertThat(Codec.fromEnvironment(withNull)).isEqualTo(Codec.PROTO);
  }
}
