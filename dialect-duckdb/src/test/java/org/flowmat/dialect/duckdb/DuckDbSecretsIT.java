package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.local.ProcessChannel;
import org.flowmat.runtime.proto.Materialize.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MotherDuck token through bin/materialize-duckdb, offline: the {@code md:} database is opened with DuckDB's
 * extension autoinstall and autoload off and an empty extension directory (options DuckDB's JDBC driver reads from
 * the database string), so opening fails at once, locally, without reaching for the motherduck extension or
 * MotherDuck. Where this runs as root the connector also runs in a network namespace of its own with no network
 * ({@code unshare -n}). Nothing on stderr, at debug level, may show the token.
 */
class DuckDbSecretsIT {
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJmbG93bWF0IjoidGVzdCJ9.c2VjcmV0LXNpZ25hdHVyZQ";
  @TempDir Path dir;
  // An md: database needs a stagingDirectory (DuckDbEndpoint refuses one without before opening anything).

  @Test
  void theTokenFieldIsNeverShown() throws Exception {
    ObjectNode config = Wire.config(Path.of("unused")).put("database", offline("md:flowmat_test")).put("token", TOKEN)
        .put("stagingDirectory", dir.resolve("staging").toString());
    for (Request request : List.of(Wire.of(config).validate(), Wire.of(config).apply(), Wire.of(config).open("{}"))) {
      List<String> stderr = fails(config, request);
      assertThat(lastMessage(stderr)).contains("cannot open DuckDB database 'md:flowmat_test")
          .contains("motherduck");
      assertThat(stderr).noneMatch(line -> line.contains(TOKEN) || line.contains("c2VjcmV0LXNpZ25hdHVyZQ"));
    }
  }

  @Test
  void aTokenWrittenIntoTheDatabaseStringIsMaskedInErrors() throws Exception {
    // DuckDB's own error echoes the database string here, and so does the connector's message.
    ObjectNode config = Wire.config(Path.of("unused"))
        .put("database", offline("md:flowmat_test?motherduck_token=" + TOKEN))
        .put("stagingDirectory", dir.resolve("staging").toString());
    List<String> stderr = fails(config, Wire.of(config).validate());
    assertThat(lastMessage(stderr)).contains("motherduck_token=[redacted]");
    assertThat(stderr).noneMatch(line -> line.contains(TOKEN) || line.contains("c2VjcmV0LXNpZ25hdHVyZQ"));
  }

  /** {@code database} with DuckDB told not to install or load extensions, from an empty directory. */
  private String offline(String database) throws Exception {
    Path extensions = Files.createDirectories(dir.resolve("no-extensions"));
    return database + ";autoinstall_known_extensions=false;autoload_known_extensions=false;extension_directory="
        + extensions;
  }

  private List<String> fails(ObjectNode config, Request request) throws Exception {
    Wire wire = Wire.of(config);
    Path root = Wire.root();
    List<String> command = new ArrayList<>();
    if (isolatedNetworkAvailable()) {
      command.addAll(List.of("unshare", "-n"));
    }
    command.add(root.resolve("bin/materialize-duckdb").toString());
    try (ProcessChannel connector = ProcessChannel.start(command, Map.of("LOG_LEVEL", "debug"), Codec.PROTO, root, null)) {
      connector.send(wire.spec());
      connector.send(request);
      connector.closeInput();
      assertThat(connector.awaitExit(Wire.TIMEOUT)).as("stderr %s", connector.stderr()).isEqualTo(1);
      return connector.stderr();
    }
  }

  private static String lastMessage(List<String> stderr) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(stderr.get(stderr.size() - 1)).path("msg").asText();
  }

  private static boolean isolatedNetworkAvailable() throws Exception {
    try {
      Process p = new ProcessBuilder("unshare", "-n", "true").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
