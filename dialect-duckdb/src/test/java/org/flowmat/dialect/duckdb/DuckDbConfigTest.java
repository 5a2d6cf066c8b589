package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.flowmat.core.connector.ConnectorException;
import org.junit.jupiter.api.Test;

/** The endpoint config bound by Jackson, with the published schema as the only source of defaults. */
class DuckDbConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode SCHEMA = DuckDbDialect.SPEC.configSchema();

  @Test
  void absentPropertiesTakeTheSchemasDefaults() {
    DuckDbEndpoint e = DuckDbEndpoint.from(JSON.createObjectNode());
    JsonNode props = SCHEMA.path("properties");
    assertThat(e.database()).isEqualTo(props.path("database").path("default").asText()).isNotEmpty();
    assertThat(e.schema()).isEqualTo(props.path("schema").path("default").asText()).isEqualTo(DuckDbEndpoint.BUILTIN_SCHEMA);
    assertThat(e.hardDelete()).isEqualTo(props.path("hardDelete").path("default").asBoolean(true)).isFalse();
    assertThat(e.token()).isNull();
    assertThat(e.stagingDirectory()).isEmpty();
  }

  @Test
  void givenValuesWinAndTheConfigIsNotChanged() {
    ObjectNode config = JSON.createObjectNode().put("database", "/tmp/x.duckdb").put("schema", "s").put("hardDelete", true)
        .put("stagingDirectory", "/tmp/stage");
    JsonNode before = config.deepCopy();
    assertThat(DuckDbEndpoint.from(config)).isEqualTo(
        new DuckDbEndpoint("/tmp/x.duckdb", "s", true, null, Optional.of("/tmp/stage")));
    assertThat(config).isEqualTo(before);
  }

  /** A property the schema publishes but the record forgot would be refused: every one is set here. */
  @Test
  void everyPropertyOfThePublishedSchemaBinds() {
    ObjectNode config = JSON.createObjectNode();
    Map<String, JsonNode> samples = Map.of("string", JSON.getNodeFactory().textNode("md:x"),
        "boolean", JSON.getNodeFactory().booleanNode(true),
        "object", JSON.createObjectNode().put("feature_flags", "allow_existing_tables_for_new_bindings"));
    SCHEMA.path("properties").fields().forEachRemaining(p -> {
      String type = p.getValue().path("type").asText();
      assertThat(samples).as("sample for %s", p.getKey()).containsKey(type);
      config.set(p.getKey(), samples.get(type));
    });
    DuckDbConfig bound = DuckDbConfig.BINDER.bind(config, "endpoint config");
    assertThat(bound).isEqualTo(new DuckDbConfig("md:x", "md:x", true, "md:x", "md:x"));
    assertThatThrownBy(() -> DuckDbConfig.BINDER.bind(config.deepCopy().put("unknown", 1), "endpoint config"))
        .isInstanceOf(ConnectorException.class).hasMessageContaining("$.unknown");
  }

  @Test
  void theTokenIsNeverInToStringOrBindingErrors() {
    String token = "sekrit-token-value-1234";
    DuckDbConfig bound = DuckDbConfig.BINDER.bind(JSON.createObjectNode().put("token", token)
        .put("database", "md:db?motherduck_token=" + token).put("stagingDirectory", "/tmp/s"), "endpoint config");
    assertThat(bound.token()).isEqualTo(token);
    assertThat(bound.toString()).doesNotContain(token).contains("[redacted]");
    assertThat(DuckDbEndpoint.from(JSON.valueToTree(Map.of("token", token, "database", "md:db", "stagingDirectory", "/s")))
        .toString()).doesNotContain(token);
    ObjectNode bad = JSON.createObjectNode();
    bad.putObject("token").put("value", token);
    bad.put("hardDelete", token);
    assertThatThrownBy(() -> DuckDbEndpoint.from(bad)).isInstanceOf(ConnectorException.class)
        .hasMessageStartingWith("endpoint config cannot be read at $.")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
  }
}
