package org.flowmat.core.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.flowmat.core.connector.ConnectorException;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void oneCompiledSchemaNamesEveryInvalidPathOfEachConfig() throws Exception {
    ConfigValidator validator = ConfigValidator.compile(json("""
        {"type":"object","additionalProperties":false,"required":["table"],
         "properties":{"table":{"type":"string"},"n":{"type":"integer"},
                       "nested":{"type":"object","properties":{"flag":{"type":"boolean"}}}}}"""));
    assertThatCode(() -> validator.validate(json("{\"table\":\"t\",\"n\":1}"), "cfg")).doesNotThrowAnyException();
    assertThatThrownBy(() -> validator.validate(json("{\"n\":\"x\",\"nested\":{\"flag\":3},\"bogus\":1}"), "config A"))
        .isInstanceOf(ConnectorException.class)
        .hasMessageStartingWith("config A is invalid: ")
        .hasMessageContaining("$.n").hasMessageContaining("$.nested.flag").hasMessageContaining("bogus")
        .hasMessageContaining("table");
    // The same compiled schema serves the next config unchanged.
    assertThatThrownBy(() -> validator.validate(json("{\"table\":7}"), "config B"))
        .hasMessageStartingWith("config B is invalid: ").hasMessageContaining("$.table");
    assertThatCode(() -> validator.validate(json("{\"table\":\"u\"}"), "cfg")).doesNotThrowAnyException();
  }

  @Test
  void aSchemaThatCannotCompileFailsWhenCompiledNotOnTheFirstRequest() throws Exception {
    JsonNode broken = json("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}");
    assertThatThrownBy(() -> ConfigValidator.compile(broken)).hasMessageContaining("missing");
  }
}
