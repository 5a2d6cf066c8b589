package org.flowmat.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.flowmat.core.connector.ConnectorException;

/**
 * Checks a config against the JSON schema the connector publishes, before anything touches the warehouse. Every
 * problem is listed with its JSON path, so one round trip fixes them all.
 */
public final class ConfigValidator {
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private ConfigValidator() {}

  /** Throws a ConnectorException naming {@code what} and every invalid path; returns quietly when valid. */
  public static void validate(JsonNode schema, JsonNode config, String what) {
    JsonSchema compiled = FACTORY.getSchema(schema);
    Set<ValidationMessage> errors = compiled.validate(config);
    if (errors.isEmpty()) {
      return;
    }
    List<String> problems =
        errors.stream()
            .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString()).thenComparing(ValidationMessage::getMessage))
            .map(ValidationMessage::getMessage)
            .distinct()
            .toList();
    throw new ConnectorException(what + " is invalid: " + String.join("; ", problems));
  }
}
