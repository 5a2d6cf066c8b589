package org.flowmat.dialect.snowflake.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/flowmat fake snowflake} as a newcomer runs it: its first stdout line is the endpoint config, and a driver
 * configured only from that line connects and works.
 */
class FakeSnowflakeMainTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void binFlowmatFakeSnowflakePrintsAConfigADriverConnectsWith(@TempDir Path data) throws Exception {
    Path launcher = Path.of("..", "bin", "flowmat").toAbsolutePath().normalize();
    assertThat(launcher).exists();
    Process p = new ProcessBuilder(launcher.toString(), "fake", "snowflake", "--data-dir", data.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertThat(first).as("first stdout line").isNotNull();
      JsonNode config = JSON.readTree(first);
      assertThat(config.path("host").asText()).startsWith("127.0.0.1:");
      assertThat(config.path("credentials").path("auth_type").asText()).isEqualTo("jwt");
      assertThat(config.path("credentials").path("private_key").asText()).startsWith("-----BEGIN PRIVATE KEY-----");

      try (Connection c = DriverManager.getConnection(jdbcUrl(config), properties(config));
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE main_t (id INTEGER)");
        st.executeUpdate("INSERT INTO main_t VALUES (1), (2)");
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*), CURRENT_DATABASE(), CURRENT_USER() FROM main_t")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isEqualTo(2);
          assertThat(rs.getString(2)).isEqualTo(config.path("database").asText());
          assertThat(rs.getString(3)).isEqualTo(config.path("credentials").path("user").asText());
        }
      }
      assertThat(p.isAlive()).as("serves until killed").isTrue();
    } finally {
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    // The database lives in the data directory given.
    try (var files = Files.list(data.resolve("db"))) {
      assertThat(files.map(f -> f.getFileName().toString()).toList()).contains("FLOW.duckdb");
    }
  }

  /** The URL a connector builds from the config: host, then account/database/schema/warehouse/role and the extras. */
  static String jdbcUrl(JsonNode config) {
    List<String> params = new ArrayList<>();
    params.add("account=" + config.path("account").asText());
    params.add("db=" + config.path("database").asText());
    params.add("schema=" + config.path("schema").asText());
    params.add("warehouse=" + config.path("warehouse").asText());
    params.add("role=" + config.path("role").asText());
    config.path("advanced").path("jdbc_parameters").fields()
        .forEachRemaining(e -> params.add(e.getKey() + "=" + e.getValue().asText()));
    return "jdbc:snowflake://" + config.path("host").asText() + "/?" + String.join("&", params);
  }

  /** Key-pair auth through the driver's own support: private_key_base64 is the base64 of the PEM text. */
  static Properties properties(JsonNode config) {
    Properties p = new Properties();
    p.setProperty("user", config.path("credentials").path("user").asText());
    p.setProperty("private_key_base64", Base64.getEncoder().encodeToString(
        config.path("credentials").path("private_key").asText().getBytes(StandardCharsets.US_ASCII)));
    return p;
  }
}
