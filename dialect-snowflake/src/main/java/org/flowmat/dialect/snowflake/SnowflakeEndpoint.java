package org.flowmat.dialect.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.staging.ShardStaging;
import org.flowmat.dialect.snowflake.SnowflakeTypes.TimestampType;

/**
 * A Snowflake account's database and schema, as the endpoint config names them, validated before connecting.
 *
 * @param host the account host ({@code *.snowflakecomputing.com}), or {@code 127.0.0.1:<port>} of a loopback fake
 * @param account the account identifier, or empty to derive it from the host
 * @param warehouse the virtual warehouse, or empty for the user's default
 * @param role the role, or empty for the user's default
 * @param auth how the connector signs in (secrets never in {@link #toString})
 * @param queryTag the QUERY_TAG of every session
 * @param jdbcParameters further driver parameters (none of those the config sets)
 */
record SnowflakeEndpoint(
    String host,
    Optional<String> account,
    String database,
    String schema,
    Optional<String> warehouse,
    Optional<String> role,
    boolean hardDelete,
    TimestampType timestampType,
    Auth auth,
    String queryTag,
    Map<String, String> jdbcParameters) implements Endpoint {

  static final String DEFAULT_QUERY_TAG = "flowmat";
  /** The internal stage, in the endpoint's schema, under which every shard stages its files. */
  static final String STAGE = "FLOWMAT_STAGE";

  private static final Pattern ACCOUNT_HOST = Pattern.compile("(?i)[^/:]+\\.snowflakecomputing\\.com");
  private static final Pattern LOOPBACK_HOST = Pattern.compile("(127\\.0\\.0\\.1|localhost):[0-9]{1,5}");
  /** Parameters the config itself sets: {@code jdbc_parameters} may not replace them. */
  static final Set<String> RESERVED_PARAMETERS = Set.of("user", "password", "authenticator", "private_key_base64",
      "private_key_pwd", "private_key_file", "private_key_file_pwd", "privatekey", "db", "database", "schema",
      "warehouse", "role", "account", "query_tag", "token", "passcode");

  /** How the connector signs in. */
  sealed interface Auth {
    String user();
  }

  /** Key-pair (JWT) auth: a PKCS#8 PEM key, encrypted when {@code passphrase} is present. */
  record KeyPair(String user, String privateKey, Optional<String> passphrase) implements Auth {
    @Override
    public String toString() {
      return "KeyPair[user=" + user + ", private_key=[redacted], passphrase=" + (passphrase.isPresent() ? "[redacted]" : "none") + "]";
    }
  }

  /** User and password (deprecated by Snowflake for service users). */
  record Password(String user, String password) implements Auth {
    @Override
    public String toString() {
      return "Password[user=" + user + ", password=[redacted]]";
    }
  }

  SnowflakeEndpoint {
    jdbcParameters = Map.copyOf(jdbcParameters);
  }

  /** Binds and checks an endpoint config (see {@link SnowflakeConfig}); errors name the property, never a secret. */
  static SnowflakeEndpoint from(JsonNode config) {
    SnowflakeConfig c = SnowflakeConfig.BINDER.bind(config, "endpoint config");
    SnowflakeConfig.Advanced advanced = c.advanced() == null ? SnowflakeConfig.Advanced.NONE : c.advanced();
    String host = required(c.host(), "host").strip();
    boolean plainHttp = advanced.jdbcParameters().entrySet().stream()
        .anyMatch(e -> e.getKey().equalsIgnoreCase("ssl") && e.getValue().equalsIgnoreCase("off"));
    if (host.contains("://")) {
      throw invalid("host", "'" + host + "' must not include a protocol (write orgname-accountname.snowflakecomputing.com)");
    }
    if (LOOPBACK_HOST.matcher(host).matches()) {
      if (!plainHttp) {
        throw invalid("host", "'" + host + "' is a loopback address, which is only for a local Snowflake fake and"
            + " needs advanced.jdbc_parameters.ssl = \"off\" as well");
      }
    } else if (!ACCOUNT_HOST.matcher(host).matches()) {
      throw invalid("host", "'" + host + "' must end in .snowflakecomputing.com (e.g. orgname-accountname.snowflakecomputing.com)");
    } else if (plainHttp) {
      throw invalid("advanced.jdbc_parameters.ssl", "\"off\" (plain HTTP) is refused for a Snowflake account: credentials"
          + " and data would cross the network unencrypted; it is only for a loopback fake (host 127.0.0.1:<port>)");
    }
    for (String name : advanced.jdbcParameters().keySet()) {
      if (RESERVED_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw invalid("advanced.jdbc_parameters." + name, "is set by the endpoint config itself; set it there instead");
      }
    }
    TimestampType timestampType;
    try {
      timestampType = TimestampType.valueOf(c.timestampType());
    } catch (IllegalArgumentException e) {
      throw invalid("timestamp_type", "must be one of TIMESTAMP_LTZ, TIMESTAMP_NTZ, TIMESTAMP_TZ");
    }
    String queryTag = advanced.queryTag() == null || advanced.queryTag().isBlank() ? DEFAULT_QUERY_TAG : advanced.queryTag();
    if (advanced.noFlowDocument()) {
      throw invalid("advanced.no_flow_document", "is not supported by this connector yet: materialize the root document"
          + " (the default), or use delta updates, whose bindings need no root document");
    }
    return new SnowflakeEndpoint(host, optional(c.account()), required(c.database(), "database"),
        required(c.schema(), "schema"), optional(c.warehouse()), optional(c.role()), c.hardDelete(), timestampType,
        auth(c.credentials()), queryTag, advanced.jdbcParameters());
  }

  private static Auth auth(SnowflakeConfig.Credentials credentials) {
    if (credentials == null) {
      throw invalid("credentials", "is required");
    }
    String type = credentials.authType() == null ? "jwt" : credentials.authType();
    switch (type) {
      case "jwt" -> {
        String user = required(credentials.user(), "credentials.user");
        String key = required(credentials.privateKey(), "credentials.private_key").strip();
        Optional<String> passphrase = optional(credentials.privateKeyPassphrase());
        if (key.startsWith("-----BEGIN RSA PRIVATE KEY-----")) {
          throw invalid("credentials.private_key", "is a PKCS#1 key; Snowflake needs PKCS#8: convert it with"
              + " 'openssl pkcs8 -topk8 -inform PEM -in key.pem -nocrypt' (or without -nocrypt, with a passphrase)");
        }
        boolean encrypted = key.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        if (!encrypted && !key.startsWith("-----BEGIN PRIVATE KEY-----")) {
          throw invalid("credentials.private_key", "must be a PKCS#8 key in PEM form, beginning with"
              + " -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----");
        }
        if (encrypted && passphrase.isEmpty()) {
          throw invalid("credentials.private_key_passphrase", "is required: the private key is encrypted");
        }
        if (!encrypted && passphrase.isPresent()) {
          throw invalid("credentials.private_key_passphrase", "is set, but the private key is not encrypted");
        }
        return new KeyPair(user, key, passphrase);
      }
      case "user_password" -> {
        return new Password(required(credentials.user(), "credentials.user"),
            required(credentials.password(), "credentials.password"));
      }
      default -> throw invalid("credentials.auth_type", "'" + type + "' is not supported (jwt or user_password)");
    }
  }

  private static String required(String value, String path) {
    if (value == null || value.isBlank()) {
      throw invalid(path, "is required");
    }
    return value;
  }

  private static Optional<String> optional(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private static ConnectorException invalid(String path, String problem) {
    return new ConnectorException("endpoint config: " + path + " " + problem);
  }

  /** Whether the host is a loopback fake's (plain HTTP, explicitly configured). */
  boolean loopback() {
    return LOOPBACK_HOST.matcher(host).matches();
  }

  /** The account identifier: as configured, else the host's first label (orgname-accountname). */
  String accountName() {
    return account.orElseGet(() -> loopback() ? "LOCAL" : host.substring(0, host.indexOf('.')));
  }

  @Override
  public String defaultSchema() {
    return schema;
  }

  @Override
  public WarehouseClient connect(boolean readOnly) throws Exception {
    return SnowflakeClient.open(this, readOnly);
  }

  /**
   * Files under the internal stage {@link #STAGE} of the endpoint's schema, at
   * {@code <materialization>/<key_begin>-<key_end>/} ({@link ShardStaging}): they survive the connector, so a
   * restarted shard finds a committed plan's files and applies them.
   */
  @Override
  public StagingArea staging(String materialization, KeyRange range) throws Exception {
    return SnowflakeStage.open(this, new ShardStaging(materialization, range));
  }

  @Override
  public String toString() {
    return "SnowflakeEndpoint[host=" + host + ", account=" + account.orElse("") + ", database=" + database
        + ", schema=" + schema + ", warehouse=" + warehouse.orElse("") + ", role=" + role.orElse("") + ", hardDelete="
        + hardDelete + ", timestamp_type=" + timestampType + ", auth=" + auth + ", query_tag=" + queryTag
        + ", jdbc_parameters=" + jdbcParameters.keySet() + "]";
  }
}
