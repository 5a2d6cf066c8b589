package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.codec.MessageReader;
import org.flowmat.runtime.local.ConnectorRun;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The DuckDB image end to end, as Flow drives it: bin/materialize-duckdb as a child process per stream, Validate,
 * Apply, then a session of two pipelined transactions with an update and a hard delete, in both codecs.
 */
class DuckDbSessionIT {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Codec.class)
  void validatesAppliesAndMaterializesThroughTheLauncher(Codec codec) throws Exception {
    Path database = dir.resolve("flow.duckdb");

    ConnectorRun validate = run(codec, "validate", database);
    assertThat(validate.exitCode()).as("stderr %s", validate.stderr()).isZero();
    Response.Validated validated = validate.responses().get(1).getValidated();
    assertThat(validated.getBindings(0).getResourcePathList()).containsExactly("main", "orders");
    assertThat(validated.getBindings(0).getProjectionConstraintsList()).extracting(c -> c.getField() + "=" + c.getConstraint().getType())
        .containsExactly("flow_document=LOCATION_REQUIRED", "id=LOCATION_REQUIRED", "total=LOCATION_RECOMMENDED");
    assertThat(Files.exists(database)).as("Validate creates nothing").isFalse();

    ConnectorRun apply = run(codec, "apply", database);
    assertThat(apply.exitCode()).as("stderr %s", apply.stderr()).isZero();
    assertThat(apply.responses().get(1).getApplied().getActionDescription()).contains("CREATE TABLE IF NOT EXISTS main.orders");
    ConnectorRun again = run(codec, "apply", database);
    assertThat(again.responses().get(1).getApplied().getActionDescription()).isEmpty();

    ConnectorRun session = run(codec, "session", database);
    assertThat(session.exitCode()).as("stderr %s", session.stderr()).isZero();
    List<String> kinds = session.responses().stream().map(DuckDbSessionIT::kind).toList();
    assertThat(kinds).containsExactly("spec", "opened", "acknowledged", "flushed", "startedCommit", "acknowledged",
        "loaded", "flushed", "startedCommit", "acknowledged");
    assertThat(session.responses().get(6).getLoaded().getDocJson().toStringUtf8()).isEqualTo("{\"id\":42,\"total\":9.5}");
    assertThat(DuckDbTransactorSmokeTest.rows(database, "SELECT id, total, CAST(flow_document AS VARCHAR) FROM main.orders ORDER BY id"))
        .containsExactly("42|10.0|{\"id\":42,\"total\":10.0}");
    assertThat(String.join("\n", session.stderr())).doesNotContain("\"level\":\"error\"");
  }

  private ConnectorRun run(Codec codec, String name, Path database) throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    return ConnectorRun.process(List.of(root.resolve("bin/materialize-duckdb").toString()), Map.of(), codec,
        requests(name, database), root);
  }

  /** The recorded requests of {@code sessions/<name>.requests.jsonl}, pointed at {@code database}. */
  static List<Request> requests(String name, Path database) throws Exception {
    String text;
    try (InputStream in = DuckDbSessionIT.class.getResourceAsStream("/sessions/" + name + ".requests.jsonl")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@DATABASE@", database.toString());
    }
    List<Request> out = new ArrayList<>();
    MessageReader<Request> reader = Codec.JSON.reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        Request.getDefaultInstance());
    for (Request r; (r = reader.read()) != null; ) {
      out.add(r);
    }
    return out;
  }

  private static String kind(Response r) {
    return r.getAllFields().keySet().iterator().next().getJsonName();
  }
}
