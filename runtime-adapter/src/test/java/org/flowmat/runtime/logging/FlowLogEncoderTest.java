package org.flowmat.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** A structured event's map values are JSON objects in the line, in order, numbers as numbers, strings redacted. */
class FlowLogEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterEach
  void forget() {
    Secrets.clear();
  }

  @Test
  void mapValuesAreNestedObjects() throws Exception {
    Secrets.registerFrom(JSON.readTree("{\"properties\":{\"password\":{\"type\":\"string\",\"secret\":true}}}"),
        JSON.readTree("{\"password\":\"hunter2-secret\"}"));
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("inserted", 3L);
    rows.put("updated", 0L);
    rows.put("note", "hunter2-secret");
    Map<String, Object> ms = new LinkedHashMap<>();
    ms.put("apply", 1.25);
    ms.put("nan", Double.NaN);
    rows.put("ms", ms);
    LoggingEvent event = new LoggingEvent("x", new LoggerContext().getLogger("t"), Level.INFO, "transaction stats", null, null);
    event.setMDCPropertyMap(Map.of());
    event.setKeyValuePairs(List.of(new KeyValuePair("rows", rows), new KeyValuePair("appliedNow", true)));
    JsonNode line = JSON.readTree(new String(new FlowLogEncoder().encode(event), StandardCharsets.UTF_8));
    assertThat(line.path("fields").path("rows").toString())
        .isEqualTo("{\"inserted\":3,\"updated\":0,\"note\":\"[redacted]\",\"ms\":{\"apply\":1.25,\"nan\":\"NaN\"}}");
    assertThat(line.path("fields").path("appliedNow").isBoolean()).isTrue();
  }
}
