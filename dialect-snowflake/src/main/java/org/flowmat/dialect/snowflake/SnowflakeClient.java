package org.flowmat.dialect.snowflake;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.flowmat.core.config.CredentialParameters;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.jdbc.JdbcClient;
import org.flowmat.jdbc.JdbcWarehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snowflake through snowflake-jdbc and the shared {@link JdbcClient}. What is Snowflake's own: signing in (key pair
 * through the driver's {@code private_key_base64}/{@code private_key_pwd}, or a password), the session's query tag,
 * the pre-flight checks Estuary's connector makes, retrying a sign-in that failed transiently (the driver itself
 * retries HTTP 5xx/429 per request, renews an expired session and polls a query in progress), and errors that say
 * what to fix without any secret.
 */
final class SnowflakeClient extends JdbcClient {
  private static final Logger LOG = LoggerFactory.getLogger(SnowflakeClient.class);
  private static final SqlTemplates SQL = SnowflakeDialect.TEMPLATES;
  static final int CONNECT_ATTEMPTS = 5;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

  /** Stored names are compared as Snowflake resolves them: a bare name in upper case, a quoted one as written. */
  static final JdbcWarehouse WAREHOUSE = new JdbcWarehouse("Snowflake", SQL,
      n -> SnowflakeIdentifiers.bare(n) ? n.toUpperCase(Locale.ROOT) : n, false, SnowflakeClient::explain);

  private SnowflakeClient(Connection connection) {
    super(connection, WAREHOUSE, SnowflakeLiterals.INSTANCE);
  }

  static SnowflakeClient open(SnowflakeEndpoint endpoint, boolean readOnly) throws Exception {
    Connection connection = connect(endpoint);
    try {
      preflight(connection, endpoint);
      return new SnowflakeClient(connection);
    } catch (Exception e) {
      connection.close();
      throw e;
    }
  }

  /** A signed-in session, tagged; sign-in retried with backoff while it fails transiently. */
  static Connection connect(SnowflakeEndpoint endpoint) throws Exception {
    Properties properties = properties(endpoint);
    String url = "jdbc:snowflake://" + endpoint.host();
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      try {
        return DriverManager.getConnection(url, properties);
      } catch (SQLException e) {
        if (attempt >= CONNECT_ATTEMPTS || !transient_(e)) {
          throw signInFailed(endpoint, e, attempt);
        }
        LOG.atWarn().addKeyValue("attempt", attempt).addKeyValue("error", masked(e.getMessage()))
            .log("Snowflake sign-in failed transiently; retrying");
        Thread.sleep(backoff.toMillis());
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
  }

  /** The driver's parameters for {@code endpoint}: its own key-pair support, no platform probes, no telemetry. */
  static Properties properties(SnowflakeEndpoint endpoint) {
    Properties p = new Properties();
    endpoint.jdbcParameters().forEach(p::setProperty);
    p.setProperty("user", endpoint.auth().user());
    if (endpoint.auth() instanceof SnowflakeEndpoint.KeyPair k) {
      p.setProperty("authenticator", "SNOWFLAKE_JWT");
      // The driver parses the PEM itself (and decrypts it with the passphrase): base64 of the PEM's bytes.
      p.setProperty("private_key_base64", Base64.getEncoder().encodeToString(k.privateKey().getBytes(StandardCharsets.UTF_8)));
      k.passphrase().ifPresent(pwd -> {
        p.setProperty("private_key_pwd", pwd);
        // The driver decrypts PBES2 (AES) PKCS#8 keys only through its bundled Bouncy Castle, which this enables.
        System.setProperty("net.snowflake.jdbc.enableBouncyCastle", "true");
      });
    } else if (endpoint.auth() instanceof SnowflakeEndpoint.Password pw) {
      p.setProperty("password", pw.password());
    }
    p.setProperty("db", endpoint.database());
    p.setProperty("schema", endpoint.schema());
    endpoint.warehouse().ifPresent(w -> p.setProperty("warehouse", w));
    endpoint.role().ifPresent(r -> p.setProperty("role", r));
    p.setProperty("account", endpoint.accountName());
    p.setProperty("application", "flowmat");
    // A parameter the driver does not know is a session parameter set at login: every statement is tagged.
    p.setProperty("query_tag", endpoint.queryTag());
    // No probes of cloud metadata endpoints, no telemetry sent anywhere.
    p.setProperty("disablePlatformDetection", "true");
    p.setProperty("CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED", "false");
    p.setProperty("CLIENT_TELEMETRY_ENABLED", "false");
    // JSON result sets: Arrow's reader needs JVM flags (--add-opens) the connector's image does not pass.
    p.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
    // The session token lapses after 4 idle hours otherwise; a Flow task can idle that long between syncs.
    p.setProperty("CLIENT_SESSION_KEEP_ALIVE", "true");
    return p;
  }

  /**
   * Estuary's pre-flight checks: a warehouse that exists and the role can use, the database, and
   * QUOTED_IDENTIFIERS_IGNORE_CASE off (with it on, quoted names would match case-insensitively and tables the
   * connector made would not be found again). The schema may be absent: Apply creates it.
   */
  private static void preflight(Connection connection, SnowflakeEndpoint endpoint) throws SQLException {
    String warehouse;
    String role;
    String database;
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(SQL.render("session_context", Map.of()))) {
      r.next();
      warehouse = r.getString(1);
      role = r.getString(2);
      database = r.getString(3);
    }
    String asRole = role == null ? "the user's role" : "role " + role;
    if (warehouse == null) {
      throw new ConnectorException(endpoint.warehouse()
          .map(w -> "Snowflake warehouse '" + w + "' does not exist or " + asRole + " cannot use it (GRANT USAGE ON"
              + " WAREHOUSE " + w + " TO ROLE " + (role == null ? "<role>" : role) + ")")
          .orElse("Snowflake user " + endpoint.auth().user() + " has no default warehouse: set 'warehouse' in the"
              + " endpoint config"));
    }
    if (database == null) {
      throw new ConnectorException("Snowflake database '" + endpoint.database() + "' does not exist or " + asRole
          + " cannot use it (GRANT USAGE ON DATABASE " + endpoint.database() + " TO ROLE " + (role == null ? "<role>" : role) + ")");
    }
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(SQL.render("session_quoted_identifiers", Map.of()))) {
      if (r.next() && "true".equalsIgnoreCase(r.getString("value"))) {
        throw new ConnectorException("Snowflake parameter QUOTED_IDENTIFIERS_IGNORE_CASE is TRUE for user "
            + endpoint.auth().user() + ": quoted names would then match regardless of case, and the connector could"
            + " not tell its columns apart. Set it to FALSE for this user (ALTER USER " + endpoint.auth().user()
            + " SET QUOTED_IDENTIFIERS_IGNORE_CASE = FALSE), or unset it on the account if it is set there");
      }
    }
  }

  /**
   * Failures worth another sign-in: the network or the service (connection errors, HTTP 5xx and 429 the driver gave
   * up on). Wrong credentials, unknown accounts and refused roles are not.
   */
  static boolean transient_(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = e.getMessage() == null ? "" : e.getMessage();
    return state.startsWith("08") && !AUTH_CODES.containsKey(e.getErrorCode())
        || message.contains("HTTP status=503") || message.contains("HTTP status=429") || message.contains("HTTP status=502")
        || message.contains("HTTP status=504");
  }

  /** Snowflake's sign-in error codes and what to do about each. */
  private static final Map<Integer, String> AUTH_CODES = Map.of(
      390100, "the user name or password is wrong",
      390144, "the key pair was not accepted: set the private key's public key on the user (ALTER USER <user> SET"
          + " RSA_PUBLIC_KEY = '...'), and check the user name",
      390189, "the role does not exist or is not granted to the user",
      390201, "the database, schema or warehouse does not exist or the role cannot use it");

  private static ConnectorException signInFailed(SnowflakeEndpoint endpoint, SQLException e, int attempts) {
    String why = Optional.ofNullable(AUTH_CODES.get(e.getErrorCode())).map(w -> w + " (" + masked(e.getMessage()) + ")")
        .orElse(masked(e.getMessage()));
    return new ConnectorException("cannot sign in to Snowflake at " + endpoint.host() + " as " + endpoint.auth().user()
        + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": " + why);
  }

  /** Driver failures after sign-in that a user must read differently; none of them carries a secret. */
  private static Optional<RuntimeException> explain(Exception failure) {
    if (failure instanceof SQLException e && e.getErrorCode() == 606) {
      return Optional.of(new ConnectorException("Snowflake has no usable warehouse for this session (" + masked(e.getMessage())
          + "): set 'warehouse' in the endpoint config, and GRANT USAGE ON WAREHOUSE to the role", e));
    }
    return Optional.empty();
  }

  static String masked(String message) {
    return CredentialParameters.mask(message);
  }
}
