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
 * problem is listed with its JSON path, so one round trip fixes them all. A validator holds its schema compiled:
 * build it once per schema ({@link #compile}) and reuse it for every request.
 */
public final class ConfigValidator {
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private final JsonSchema compiled;

  private ConfigValidator(JsonSchema compiled) {
    this.compiled = compiled;
  }

  /** Compiles {@code schema}; the result is immutable and safe to share between threads. */
  public static ConfigValidator compile(JsonNode schema) {
    JsonSchema compiled = FACTORY.getSchema(schema);
    // Resolves $refs and builds every keyword's validator now rather than on the first request.
    compiled.initializeValidators();
    return new ConfigValidator(compiled);
  }

  /** Throws a ConnectorException naming {@code what} and every invalid path; returns quietly when valid. */
  public void validate(JsonNode config, String what) {
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
