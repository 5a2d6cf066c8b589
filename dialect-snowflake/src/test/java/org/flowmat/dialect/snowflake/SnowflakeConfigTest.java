package org.flowmat.dialect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Properties;
import org.flowmat.core.config.ConfigValidator;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.dialect.snowflake.SnowflakeTypes.TimestampType;
import org.junit.jupiter.api.Test;

/** The endpoint config: Estuary's shapes, bound by Jackson, checked with path-naming errors, secrets kept out. */
class SnowflakeConfigTest {
  private static final JsonNode SCHEMA = SnowflakeDialect.SPEC.configSchema();
  private static final ConfigValidator VALIDATOR = ConfigValidator.compile(SCHEMA);

  @Test
  void estuarysPropertyNamesShapesAndSecretsArePublished() {
    JsonNode props = SCHEMA.path("properties");
    assertThat(props.fieldNames()).toIterable().contains("host", "account", "database", "schema", "warehouse", "role",
        "hardDelete", "credentials", "syncSchedule", "advanced", "timestamp_type");
    assertThat(SCHEMA.path("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("host", "database", "schema", "credentials");
    assertThat(props.path("account").path("x-hidden-field").asBoolean()).isTrue();
    JsonNode oneOf = props.path("credentials").path("oneOf");
    assertThat(oneOf).extracting(b -> b.path("properties").path("auth_type").path("const").asText())
        .containsExactly("jwt", "user_password");
    assertThat(props.path("credentials").path("discriminator").path("propertyName").asText()).isEqualTo("auth_type");
    assertThat(oneOf.get(0).path("properties").path("private_key").path("secret").asBoolean()).isTrue();
    assertThat(oneOf.get(0).path("properties").path("private_key_passphrase").path("secret").asBoolean()).isTrue();
    assertThat(oneOf.get(1).path("properties").path("password").path("secret").asBoolean()).isTrue();
    assertThat(props.path("timestamp_type").path("enum")).extracting(JsonNode::asText)
        .containsExactly("TIMESTAMP_LTZ", "TIMESTAMP_NTZ", "TIMESTAMP_TZ");
    assertThat(props.path("advanced").path("properties").fieldNames()).toIterable()
        .contains("disableFieldTruncation", "no_flow_document", "feature_flags", "query_tag", "jdbc_parameters");
    assertThat(SqlConnector.defaultSyncFrequency(SCHEMA)).hasMinutes(30);
    JsonNode resource = SnowflakeDialect.SPEC.resourceConfigSchema().path("properties");
    assertThat(resource.path("table").path("x-collection-name").asBoolean()).isTrue();
    assertThat(resource.path("schema").path("x-schema-name").asBoolean()).isTrue();
    assertThat(resource.path("delta_updates").path("x-delta-updates").asBoolean()).isTrue();
  }

  @Test
  void anEstuaryConfigBindsWithTheSchemasDefaults() {
    ObjectNode config = TestConfigs.keyPair();
    VALIDATOR.validate(config, "endpoint config");
    SnowflakeEndpoint e = SnowflakeEndpoint.from(config);
    assertThat(e.host()).isEqualTo("orgname-acct.snowflakecomputing.com");
    assertThat(e.accountName()).isEqualTo("orgname-acct");
    assertThat(e.database()).isEqualTo("FLOW_DB");
    assertThat(e.defaultSchema()).isEqualTo("flow_schema");
    assertThat(e.warehouse()).isEmpty();
    assertThat(e.role()).isEmpty();
    assertThat(e.hardDelete()).isFalse();
    assertThat(e.timestampType()).isEqualTo(TimestampType.TIMESTAMP_LTZ);
    assertThat(e.queryTag()).isEqualTo("flowmat");
    assertThat(e.auth()).isInstanceOf(SnowflakeEndpoint.KeyPair.class);
    assertThat(((SnowflakeEndpoint.KeyPair) e.auth()).passphrase()).isEmpty();
    assertThat(e.loopback()).isFalse();
  }

  @Test
  void everyPropertyBinds() {
    ObjectNode config = TestConfigs.keyPair().put("account", "ACCT").put("warehouse", "WH").put("role", "R")
        .put("hardDelete", true).put("timestamp_type", "TIMESTAMP_NTZ");
    config.putObject("syncSchedule").put("syncFrequency", "5m");
    ObjectNode advanced = config.putObject("advanced").put("disableFieldTruncation", true)
        .put("feature_flags", "allow_existing_tables_for_new_bindings").put("query_tag", "my-tag");
    advanced.putObject("jdbc_parameters").put("networkTimeout", "60000");
    VALIDATOR.validate(config, "endpoint config");
    SnowflakeEndpoint e = SnowflakeEndpoint.from(config);
    assertThat(e.account()).contains("ACCT");
    assertThat(e.warehouse()).contains("WH");
    assertThat(e.role()).contains("R");
    assertThat(e.hardDelete()).isTrue();
    assertThat(e.timestampType()).isEqualTo(TimestampType.TIMESTAMP_NTZ);
    assertThat(e.queryTag()).isEqualTo("my-tag");
    assertThat(e.jdbcParameters()).isEqualTo(Map.of("networkTimeout", "60000"));
    assertThatThrownBy(() -> SnowflakeEndpoint.from(config.deepCopy().put("unknown", 1)))
        .isInstanceOf(ConnectorException.class).hasMessageContaining("$.unknown");
  }

  @Test
  void theTimestampTypeChoosesTheDialectsDateTimeColumns() {
    SnowflakeDialect dialect = new SnowflakeDialect();
    for (TimestampType t : TimestampType.values()) {
      SnowflakeEndpoint e = SnowflakeEndpoint.from(TestConfigs.keyPair().put("timestamp_type", t.name()));
      SnowflakeTypes types = (SnowflakeTypes) dialect.configuredBy(e).types();
      assertThat(types.timestampType()).isEqualTo(t);
      assertThat(types.all()).extracting(c -> c.ddl()).contains(t.name());
    }
  }

  @Test
  void errorsNameThePathAndHowToFixIt() {
    assertRefused(TestConfigs.keyPair().put("host", "https://x.snowflakecomputing.com"), "endpoint config: host", "protocol");
    assertRefused(TestConfigs.keyPair().put("host", "example.com"), "endpoint config: host", ".snowflakecomputing.com");
    assertRefused(TestConfigs.keyPair().put("host", "127.0.0.1:8080"), "endpoint config: host", "ssl");
    ObjectNode plain = TestConfigs.keyPair();
    plain.putObject("advanced").putObject("jdbc_parameters").put("ssl", "off");
    assertRefused(plain, "advanced.jdbc_parameters.ssl", "unencrypted");
    ObjectNode reserved = TestConfigs.keyPair();
    reserved.putObject("advanced").putObject("jdbc_parameters").put("password", "x");
    assertRefused(reserved, "advanced.jdbc_parameters.password", "set by the endpoint config");
    ObjectNode noUser = TestConfigs.keyPair();
    ((ObjectNode) noUser.path("credentials")).remove("user");
    assertRefused(noUser, "credentials.user", "required");
    ObjectNode pkcs1 = TestConfigs.keyPair();
    ((ObjectNode) pkcs1.path("credentials")).put("private_key", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----");
    assertRefused(pkcs1, "credentials.private_key", "openssl pkcs8");
    ObjectNode encrypted = TestConfigs.keyPair();
    ((ObjectNode) encrypted.path("credentials")).put("private_key", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----");
    assertRefused(encrypted, "credentials.private_key_passphrase", "encrypted");
    ObjectNode noDoc = TestConfigs.keyPair();
    noDoc.putObject("advanced").put("no_flow_document", true);
    assertRefused(noDoc, "advanced.no_flow_document", "not supported");
    ObjectNode badType = TestConfigs.keyPair().put("timestamp_type", "TIMESTAMP");
    assertThatThrownBy(() -> VALIDATOR.validate(badType, "endpoint config")).hasMessageContaining("timestamp_type");
  }

  @Test
  void aLoopbackFakeNeedsItsExplicitEntry() {
    ObjectNode config = TestConfigs.keyPair().put("host", "127.0.0.1:41234");
    config.putObject("advanced").putObject("jdbc_parameters").put("ssl", "off");
    VALIDATOR.validate(config, "endpoint config");
    SnowflakeEndpoint e = SnowflakeEndpoint.from(config);
    assertThat(e.loopback()).isTrue();
    Properties p = SnowflakeClient.properties(e);
    assertThat(p.getProperty("ssl")).isEqualTo("off");
    assertThat(p.getProperty("disablePlatformDetection")).isEqualTo("true");
    assertThat(p.getProperty("CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED")).isEqualTo("false");
  }

  @Test
  void keyPairAndPasswordBecomeTheDriversOwnProperties() {
    ObjectNode config = TestConfigs.keyPair().put("warehouse", "WH").put("role", "R");
    Properties p = SnowflakeClient.properties(SnowflakeEndpoint.from(config));
    assertThat(p.getProperty("authenticator")).isEqualTo("SNOWFLAKE_JWT");
    assertThat(new String(java.util.Base64.getDecoder().decode(p.getProperty("private_key_base64")))).isEqualTo(TestConfigs.pem().strip());
    assertThat(p).doesNotContainKey("private_key_pwd").doesNotContainKey("password");
    assertThat(p.getProperty("user")).isEqualTo("FLOW_USER");
    assertThat(p.getProperty("db")).isEqualTo("FLOW_DB");
    assertThat(p.getProperty("warehouse")).isEqualTo("WH");
    assertThat(p.getProperty("role")).isEqualTo("R");
    assertThat(p.getProperty("JDBC_QUERY_RESULT_FORMAT")).isEqualTo("JSON");
    ObjectNode withPassphrase = TestConfigs.keyPair();
    ((ObjectNode) withPassphrase.path("credentials"))
        .put("private_key", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----")
        .put("private_key_passphrase", "pass-phrase-1");
    assertThat(SnowflakeClient.properties(SnowflakeEndpoint.from(withPassphrase)).getProperty("private_key_pwd"))
        .isEqualTo("pass-phrase-1");
    ObjectNode password = TestConfigs.keyPair();
    password.putObject("credentials").put("auth_type", "user_password").put("user", "U").put("password", "pw-1");
    VALIDATOR.validate(password, "endpoint config");
    Properties pp = SnowflakeClient.properties(SnowflakeEndpoint.from(password));
    assertThat(pp.getProperty("password")).isEqualTo("pw-1");
    assertThat(pp).doesNotContainKey("authenticator").doesNotContainKey("private_key_base64");
  }

  @Test
  void secretsAreNeverInToStringOrErrors() {
    String secret = "very-secret-value-42";
    ObjectNode config = TestConfigs.keyPair();
    ((ObjectNode) config.path("credentials")).put("private_key", "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + secret
        + "\n-----END ENCRYPTED PRIVATE KEY-----").put("private_key_passphrase", secret);
    config.putObject("advanced").putObject("jdbc_parameters").put("someToken", secret);
    SnowflakeEndpoint e = SnowflakeEndpoint.from(config);
    assertThat(e.toString()).doesNotContain(secret).contains("[redacted]");
    assertThat(SnowflakeConfig.BINDER.bind(config, "endpoint config").toString()).doesNotContain(secret);
    ObjectNode bad = TestConfigs.keyPair();
    ((ObjectNode) bad.path("credentials")).putObject("password").put("v", secret);
    assertThatThrownBy(() -> SnowflakeEndpoint.from(bad)).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("$.credentials.password").satisfies(x -> assertThat(x.getMessage()).doesNotContain(secret));
    assertThat(SnowflakeClient.masked("login failed: password=" + secret)).doesNotContain(secret);
  }

  private static void assertRefused(ObjectNode config, String path, String hint) {
    assertThatThrownBy(() -> SnowflakeEndpoint.from(config)).isInstanceOf(ConnectorException.class)
        .hasMessageContaining(path).hasMessageContaining(hint);
  }
}
