package org.flowmat.dialect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.KeyRange;
import org.junit.jupiter.api.Test;

/**
 * Against a real Snowflake account, only when SNOWFLAKE_HOST, SNOWFLAKE_USER, SNOWFLAKE_PRIVATE_KEY (PKCS#8 PEM),
 * SNOWFLAKE_DATABASE and SNOWFLAKE_WAREHOUSE are set (SNOWFLAKE_SCHEMA, SNOWFLAKE_ROLE and
 * SNOWFLAKE_PRIVATE_KEY_PASSPHRASE optional); skipped, saying so, otherwise. It signs in with the key pair, passes
 * the pre-flight checks, introspects, and stages a file on the internal stage (upload, LIST, REMOVE).
 */
class SnowflakeLiveIT {
  private static final List<String> REQUIRED =
      List.of("SNOWFLAKE_HOST", "SNOWFLAKE_USER", "SNOWFLAKE_PRIVATE_KEY", "SNOWFLAKE_DATABASE", "SNOWFLAKE_WAREHOUSE");

  private static ObjectNode config() {
    List<String> missing = REQUIRED.stream().filter(v -> System.getenv(v) == null || System.getenv(v).isBlank()).toList();
    assumeTrue(missing.isEmpty(), "no live Snowflake account: set " + missing + " to run this test");
    ObjectNode c = TestConfigs.JSON.createObjectNode().put("host", System.getenv("SNOWFLAKE_HOST"))
        .put("database", System.getenv("SNOWFLAKE_DATABASE"))
        .put("schema", env("SNOWFLAKE_SCHEMA", "PUBLIC")).put("warehouse", System.getenv("SNOWFLAKE_WAREHOUSE"));
    if (System.getenv("SNOWFLAKE_ROLE") != null) {
      c.put("role", System.getenv("SNOWFLAKE_ROLE"));
    }
    ObjectNode creds = c.putObject("credentials").put("auth_type", "jwt").put("user", System.getenv("SNOWFLAKE_USER"))
        .put("private_key", System.getenv("SNOWFLAKE_PRIVATE_KEY"));
    Stream.ofNullable(System.getenv("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE")).forEach(p -> creds.put("private_key_passphrase", p));
    return c;
  }

  private static String env(String name, String otherwise) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? otherwise : v;
  }

  @Test
  void signsInIntrospectsAndStages() throws Exception {
    SnowflakeEndpoint endpoint = SnowflakeEndpoint.from(config());
    try (WarehouseClient client = endpoint.connect(true)) {
      assertThat(client.introspect(List.of(TablePath.of(endpoint.schema(), "flowmat_live_absent"))).tables()).isEmpty();
    }
    StagingArea area = endpoint.staging("flowmat/live-test", new KeyRange(0, 0xffffffffL));
    String name = "live-" + System.nanoTime() + ".ndjson";
    try (OutputStream out = area.create(name)) {
      out.write("{\"c0\":1}\n".getBytes(StandardCharsets.UTF_8));
    }
    area.makeDurable(name);
    assertThat(area.exists(name)).isTrue();
    assertThat(area.list()).contains(name);
    area.delete(name);
    assertThat(area.exists(name)).isFalse();
  }
}
