package org.flowmat.runtime.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.launch.ConnectorLauncher;
import org.flowmat.runtime.local.ConnectorRun;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Malformed frames and lines, oversize documents and secrets: clear errors, exit 1, nothing leaked. */
class BadInputTest {
  private static final List<Request> R = SessionReplayTest.REQUESTS;

  @Test
  void truncatedFrameIsAnErrorNamingIt() {
    byte[] spec = ConnectorRun.encode(Codec.PROTO, List.of(R.get(0)));
    byte[] truncated = Arrays.copyOf(spec, spec.length + 5);
    truncated[spec.length] = 40; // a header announcing 40 bytes, followed by only one
    Run run = raw(truncated, Map.of());
    assertThat(run.exit).isEqualTo(1);
    assertThat(run.lastLine).contains("truncated");
  }

  @Test
  void partialHeaderIsAnError() {
    byte[] spec = ConnectorRun.encode(Codec.PROTO, List.of(R.get(0)));
    Run run = raw(Arrays.copyOf(spec, spec.length + 2), Map.of());
    assertThat(run.exit).isEqualTo(1);
    assertThat(run.lastLine).contains("truncated");
  }

  @Test
  void nonJsonLineIsAnErrorNamingTheLine() {
    byte[] input = "{\"spec\":{\"connectorType\":\"IMAGE\",\"config\":{}}}\nthis is not json\n".getBytes(StandardCharsets.UTF_8);
    Run run = raw(input, Map.of("FLOW_RUNTIME_CODEC", "json"));
    assertThat(run.exit).isEqualTo(1);
    assertThat(run.lastLine).contains("line 2");
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void sixteenMebibyteDocumentRoundTrips(Codec codec) {
    StringBuilder doc = new StringBuilder(17 << 20).append("{\"id\":42,\"blob\":\"");
    while (doc.length() < (16 << 20)) {
      doc.append("0123456789abcdef");
    }
    doc.append("\"}");
    Request bigStore =
        R.get(5).toBuilder()
            .setStore(R.get(5).getStore().toBuilder().setDocJson(ByteString.copyFromUtf8(doc.toString())))
            .build();
    // spec, open, ack, flush, store(16 MiB), commit, ack, load(42), flush, commit, ack
    List<Request> session =
        List.of(R.get(0), R.get(1), R.get(2), R.get(4), bigStore, R.get(7), R.get(8), R.get(9), R.get(4), R.get(7), R.get(8));
    ConnectorRun run = ConnectorRun.inProcess(codec, session, Map.of(), "--connector", "memory");
    assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isZero();
    Response loaded = run.responses().stream().filter(Response::hasLoaded).findFirst().orElseThrow();
    assertThat(loaded.getLoaded().getDocJson().size()).isGreaterThanOrEqualTo(16 << 20);
    assertThat(loaded.getLoaded().getDocJson().toStringUtf8()).isEqualTo(doc.toString());
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void secretsNeverReachLogsOrErrors(Codec codec) {
    Request validate =
        Request.newBuilder()
            .setValidate(
                Request.Validate.newBuilder()
                    .setName("acmeCo/mat")
                    .setConfigJson(ByteString.copyFromUtf8("{\"password\":\"s3cr3t-value\",\"failAt\":\"validate\"}")))
            .build();
    ConnectorRun run = ConnectorRun.inProcess(codec, List.of(R.get(0), validate), Map.of(), "--connector", "memory");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.lastMessage()).contains("told to fail at validate").contains("[redacted]");
    assertThat(String.join("\n", run.stderr())).doesNotContain("s3cr3t-value");
  }

  @Test
  void invalidConfigJsonNamesTheField() {
    Request validate =
        Request.newBuilder()
            .setValidate(Request.Validate.newBuilder().setName("x").setConfigJson(ByteString.copyFromUtf8("{\"a\":")))
            .build();
    ConnectorRun run = ConnectorRun.inProcess(Codec.PROTO, List.of(validate), Map.of(), "--connector", "memory");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.lastMessage()).contains("validate.config is not valid JSON");
  }

  @Test
  void unknownConnectorIsNamed() {
    ConnectorRun run = ConnectorRun.inProcess(Codec.PROTO, List.of(R.get(0)), Map.of(), "--connector", "oracle");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.lastMessage()).contains("no connector named 'oracle'").contains("memory");
  }

  private record Run(int exit, String lastLine) {}

  private static Run raw(byte[] stdin, Map<String, String> env) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = ConnectorLauncher.run(new String[] {"--connector", "memory"}, new ByteArrayInputStream(stdin), new ByteArrayOutputStream(), env);
    } finally {
      System.setErr(original);
    }
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    return new Run(exit, lines.isEmpty() ? "" : lines.get(lines.size() - 1));
  }
}
