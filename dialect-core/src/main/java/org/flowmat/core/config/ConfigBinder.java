package org.flowmat.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ApplyDefaultsStrategy;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import org.flowmat.core.connector.ConnectorException;

/**
 * Binds a config to a dialect's record with Jackson, after filling every property the config leaves out with the
 * {@code default} its published schema declares: the schema is the one place a default is written, so the record
 * never repeats it. Compile once per schema and reuse.
 *
 * <p>Binding errors name the property's path, never its value: a config may hold secrets.
 */
public final class ConfigBinder<T> {
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

  private final JsonSchema withDefaults;
  private final Class<T> type;

  private ConfigBinder(JsonSchema withDefaults, Class<T> type) {
    this.withDefaults = withDefaults;
    this.type = type;
  }

  public static <T> ConfigBinder<T> of(JsonNode schema, Class<T> type) {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().applyDefaultsStrategy(new ApplyDefaultsStrategy(true, false, false)).build();
    JsonSchema compiled = FACTORY.getSchema(schema, config);
    compiled.initializeValidators();
    return new ConfigBinder<>(compiled, type);
  }

  /** The config as {@code T}, defaults applied; {@code what} names the config in errors. The input is not changed. */
  public T bind(JsonNode config, String what) {
    JsonNode filled = config.deepCopy();
    // Walking with the apply-defaults strategy writes each absent property's schema default into the copy.
    withDefaults.walk(filled, false);
    try {
      return JSON.treeToValue(filled, type);
    } catch (JsonMappingException e) {
      // Jackson's own message may quote the value; only the path is kept.
      throw new ConnectorException(what + " cannot be read at " + path(e) + " (" + e.getClass().getSimpleName() + ")");
    } catch (JsonProcessingException e) {
      throw new ConnectorException(what + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder("$");
    e.getPath().forEach(r -> out.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]"));
    return out.toString();
  }
}
