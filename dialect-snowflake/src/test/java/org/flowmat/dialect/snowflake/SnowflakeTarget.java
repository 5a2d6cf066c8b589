package org.flowmat.dialect.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowmat.core.model.TablePath;
import org.flowmat.dialect.snowflake.fake.FakeSnowflake;
import org.flowmat.testkit.Capability;
import org.flowmat.testkit.ConformanceTarget;

/**
 * Snowflake for the conformance suites: the loopback fake (one per test JVM, on 127.0.0.1), a fresh database per
 * test, the connector signing in with a key pair through the real driver, and tables read back over JDBC.
 */
public final class SnowflakeTarget implements ConformanceTarget {
  static final String USER = "FLOWMAT";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SnowflakeIdentifiers IDS = new SnowflakeIdentifiers();
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static FakeSnowflake fake;

  /** The fake every test of this JVM shares; closed when the JVM exits. */
  static synchronized FakeSnowflake fake() {
    if (fake == null) {
      fake = FakeSnowflake.start(FakeSnowflake.Options.defaults().withPublicKey(USER, TestConfigs.publicKey()));
      FakeSnowflake started = fake;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return fake;
  }

  @Override
  public String connector() {
    return SnowflakeDialect.NAME;
  }

  /**
   * The fake's printed config (Estuary's property names and the loopback's jdbc_parameters) with a new database, and
   * commits without delay.
   */
  @Override
  public ObjectNode endpointConfig(Path dir) throws Exception {
    FakeSnowflake f = fake();
    String database = "T" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = connect(f, f.options().database()); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    ObjectNode config = f.endpointConfig(Map.of("auth_type", "jwt", "user", USER, "private_key", TestConfigs.pem()));
    // Snowflake's default is Estuary's 30 minutes between commits once caught up; the suites commit at once.
    config.putObject("syncSchedule").put("syncFrequency", "0s");
    return config.put("database", database);
  }

  @Override
  public List<String> resourcePath(String table) {
    return List.of(fake().options().schema(), table);
  }

  @Override
  public List<JsonNode> documents(ObjectNode config, List<String> path) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (Map<String, String> row : rows(config, path)) {
      out.add(JSON.readTree(row.get("flow_document")));
    }
    return out;
  }

  /**
   * Every row, with the names the suites use: a column stored in upper case because its name was bare is given in
   * lower case (ID as id); quoted names as stored. Timestamps as UTC instants.
   */
  @Override
  public List<Map<String, String>> rows(ObjectNode config, List<String> path) throws Exception {
    List<Map<String, String>> out = new ArrayList<>();
    try (Connection c = connect(fake(), config.path("database").asText()); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM " + IDS.quote(new TablePath(path)))) {
      ResultSetMetaData meta = r.getMetaData();
      while (r.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String name = meta.getColumnName(i);
          String key = name.equals(name.toUpperCase(Locale.ROOT)) ? name.toLowerCase(Locale.ROOT) : name;
          Object value = r.getObject(i);
          row.put(key, value == null ? null
              : value instanceof Timestamp t ? t.toInstant().toString()
              : value instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : r.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  static Connection connect(FakeSnowflake f, String database) throws Exception {
    Properties p = f.properties(USER);
    p.setProperty("authenticator", "SNOWFLAKE_JWT");
    p.setProperty("private_key_base64", java.util.Base64.getEncoder().encodeToString(TestConfigs.pem().getBytes()));
    p.setProperty("account", f.options().account());
    p.setProperty("db", database);
    p.setProperty("schema", f.options().schema());
    p.setProperty("warehouse", f.options().warehouse());
    p.setProperty("role", f.options().role());
    p.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
    return DriverManager.getConnection("jdbc:snowflake://" + f.host(), p);
  }

  /** Shards and processes write side by side (Snowflake's sessions); every key kind is a column type here. */
  @Override
  public Set<Capability> lacks() {
    return Set.of();
  }
}
