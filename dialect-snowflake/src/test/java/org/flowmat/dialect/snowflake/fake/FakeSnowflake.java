package org.flowmat.dialect.snowflake.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.flowmat.dialect.snowflake.fake.faults.Faults;
import org.flowmat.dialect.snowflake.fake.http.FakeHttpServer;
import org.flowmat.dialect.snowflake.fake.http.RequestRecord;
import org.flowmat.dialect.snowflake.fake.query.QueryEngine;

/**
 * A Snowflake the real snowflake-jdbc driver talks to over plain HTTP on 127.0.0.1, executing on an embedded DuckDB
 * (one DuckDB instance per fake; each Snowflake database a DuckDB file under the data directory). See README.md in
 * this package for what it covers and what not.
 */
public final class FakeSnowflake implements AutoCloseable {
  /** The connection properties every client of the fake must set (no cloud probes, no out-of-band telemetry). */
  public static final Map<String, String> REQUIRED_JDBC_PARAMETERS = Map.of(
      "ssl", "off",
      "disablePlatformDetection", "true",
      "CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED", "false");

  private final Options options;
  private final Path dataDir;
  private final boolean ownDataDir;
  private final QueryEngine engine;
  private final FakeHttpServer http;
  private final Faults faults = new Faults();

  /** What the fake's account looks like. Names are Snowflake's upper-case forms. */
  public record Options(String account, String database, String schema, String warehouse, String role,
      Map<String, String> passwords, Map<String, PublicKey> publicKeys, Path dataDir, int port) {
    public static Options defaults() {
      return new Options("FAKE", "FLOW", "PUBLIC", "FAKE_WH", "FAKE_ROLE", Map.of(), Map.of(), null, 0);
    }

    public Options withPassword(String user, String password) {
      Map<String, String> p = new HashMap<>(passwords);
      p.put(user.toUpperCase(Locale.ROOT), password);
      return new Options(account, database, schema, warehouse, role, Map.copyOf(p), publicKeys, dataDir, port);
    }

    public Options withPublicKey(String user, PublicKey key) {
      Map<String, PublicKey> k = new HashMap<>(publicKeys);
      k.put(user.toUpperCase(Locale.ROOT), key);
      return new Options(account, database, schema, warehouse, role, passwords, Map.copyOf(k), dataDir, port);
    }

    public Options withDataDir(Path dir) {
      return new Options(account, database, schema, warehouse, role, passwords, publicKeys, dir, port);
    }

    public Options withPort(int p) {
      return new Options(account, database, schema, warehouse, role, passwords, publicKeys, dataDir, p);
    }
  }

  private FakeSnowflake(Options options) throws IOException {
    this.options = options;
    this.ownDataDir = options.dataDir() == null;
    this.dataDir = ownDataDir ? Files.createTempDirectory("snowflake-fake") : options.dataDir();
    Files.createDirectories(dataDir);
    this.engine = new QueryEngine(dataDir, options.account(), Set.of(options.warehouse()),
        Set.of(options.role(), "PUBLIC", "SYSADMIN"));
    engine.createDatabase(options.database());
    if (!engine.schemaExists(options.database(), options.schema())) {
      throw new IllegalArgumentException("the fake's schema must be PUBLIC or created by a client: " + options.schema());
    }
    try {
      this.http = new FakeHttpServer(engine, options.account(),
          new FakeHttpServer.Users(options.passwords(), options.publicKeys()), faults, options.port());
    } catch (IOException | RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  public static FakeSnowflake start(Options options) {
    try {
      return new FakeSnowflake(options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Snowflake fake: " + e.getMessage(), e);
    }
  }

  public Options options() {
    return options;
  }

  public int port() {
    return http.port();
  }

  /** The connector's {@code host}: where the driver reaches the fake. */
  public String host() {
    return "127.0.0.1:" + port();
  }

  /** A JDBC URL for the fake's account, database, schema, warehouse and role, over plain HTTP. */
  public String jdbcUrl() {
    return "jdbc:snowflake://" + host() + "/?ssl=off&account=" + options.account() + "&db=" + options.database()
        + "&schema=" + options.schema() + "&warehouse=" + options.warehouse() + "&role=" + options.role();
  }

  /** Connection properties for a user: the required ones plus a short network timeout. */
  public Properties properties(String user) {
    Properties p = new Properties();
    REQUIRED_JDBC_PARAMETERS.forEach(p::setProperty);
    p.setProperty("user", user);
    p.setProperty("networkTimeout", "60000");
    return p;
  }

  public Faults faults() {
    return faults;
  }

  public List<RequestRecord> requests() {
    return http.requests();
  }

  public void clearRequests() {
    http.clearRequests();
  }

  public int openSessions() {
    return http.openSessions();
  }

  /** Sets an account-level parameter, such as QUOTED_IDENTIFIERS_IGNORE_CASE=true. */
  public void setAccountParameter(String name, String value) {
    engine.setAccountParameter(name, value);
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * The endpoint config for the Snowflake connector, with Estuary's materialize-snowflake property names, plus
   * {@code advanced.jdbc_parameters}: the extra JDBC parameters a client of the loopback fake must pass.
   */
  public ObjectNode endpointConfig(Map<String, String> credentials) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode c = json.createObjectNode();
    c.put("host", host());
    c.put("account", options.account());
    c.put("database", options.database());
    c.put("schema", options.schema());
    c.put("warehouse", options.warehouse());
    c.put("role", options.role());
    ObjectNode creds = c.putObject("credentials");
    credentials.forEach(creds::put);
    ObjectNode jdbc = c.putObject("advanced").putObject("jdbc_parameters");
    new java.util.TreeMap<>(REQUIRED_JDBC_PARAMETERS).forEach(jdbc::put);
    return c;
  }

  @Override
  public void close() {
    http.close();
    engine.close();
    if (ownDataDir) {
      try (Stream<Path> walk = Files.walk(dataDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary directory left behind
      }
    }
  }
}
