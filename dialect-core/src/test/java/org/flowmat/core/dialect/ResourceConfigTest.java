package org.flowmat.core.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theAnnotatedPropertiesNameTableSchemaAndUpdateModeWhateverTheirNames() throws Exception {
    JsonNode schema = JSON.readTree("""
        {"properties":{"dataset":{"type":"string","x-schema-name":true},
                       "name":{"type":"string","x-collection-name":true},
                       "delta":{"type":"boolean","x-delta-updates":true},
                       "other":{"type":"string"}}}""");
    ResourceConfig.Keys keys = ResourceConfig.Keys.of(schema);
    assertThat(keys).isEqualTo(new ResourceConfig.Keys(Optional.of("name"), Optional.of("dataset"), Optional.of("delta")));
    assertThat(keys.read(JSON.readTree("{\"name\":\"t\",\"dataset\":\"d\",\"delta\":true,\"other\":\"x\"}")))
        .isEqualTo(new ResourceConfig("t", Optional.of("d"), true));
    assertThat(keys.read(JSON.readTree("{\"name\":\"t\",\"dataset\":\"\"}")))
        .as("an empty schema means the endpoint's default").isEqualTo(new ResourceConfig("t", Optional.empty(), false));
  }

  @Test
  void aSchemaWithoutAnnotationsReadsNothing() throws Exception {
    ResourceConfig.Keys keys = ResourceConfig.Keys.of(JSON.readTree("{\"properties\":{\"table\":{\"type\":\"string\"}}}"));
    assertThat(keys).isEqualTo(new ResourceConfig.Keys(Optional.empty(), Optional.empty(), Optional.empty()));
    assertThat(ResourceConfig.from(JSON.readTree("{}"), JSON.readTree("{\"table\":\"t\"}")))
        .isEqualTo(new ResourceConfig("", Optional.empty(), false));
  }
}
