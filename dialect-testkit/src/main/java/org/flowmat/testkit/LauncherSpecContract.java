package org.flowmat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.local.ConnectorRun;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every connector image must do from its first day: answer Flow's Spec probe through its launcher,
 * {@code bin/materialize-<dialect>}, in both codecs, with a config schema Flow can use. A dialect module runs it with a
 * three-line subclass in its integration tests (after {@code package} built the launcher's class path).
 */
public abstract class LauncherSpecContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The dialect's name, as in {@code bin/materialize-<name>}. */
  protected abstract String dialect();

  /** Endpoint config properties that must be marked {@code secret: true}. */
  protected abstract List<String> secretProperties();

  private Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("bin").resolve("connector"))) {
      dir = dir.getParent();
      assertThat(dir).as("repository root with bin/connector").isNotNull();
    }
    return dir;
  }

  private ConnectorRun run(Codec codec, List<Request> requests) {
    Path root = repoRoot();
    return ConnectorRun.process(
        List.of(root.resolve("bin").resolve("materialize-" + dialect()).toString()), Map.of(), codec, requests, root);
  }

  private static Request probe() {
    return Request.newBuilder()
        .setSpec(
            Request.Spec.newBuilder()
                .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE)
                .setConfigJson(ByteString.copyFromUtf8("{}")))
        .build();
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void answersTheSpecProbeThenSpec(Codec codec) throws Exception {
    ConnectorRun run = run(codec, List.of(probe(), probe()));
    assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isZero();
    assertThat(run.responses()).hasSize(2);
    Response.Spec spec = run.responses().get(1).getSpec();
    assertThat(spec.getProtocol()).isEqualTo(3032023);

    JsonNode resource = JSON.readTree(spec.getResourceConfigSchemaJson().toByteArray());
    List<String> annotations = new ArrayList<>();
    resource.path("properties").forEach(p -> p.fieldNames().forEachRemaining(n -> {
      if (n.startsWith("x-") && p.path(n).asBoolean()) {
        annotations.add(n + ":" + p.path("type").asText());
      }
    }));
    assertThat(annotations)
        .containsExactlyInAnyOrder("x-collection-name:string", "x-schema-name:string", "x-delta-updates:boolean");

    JsonNode config = JSON.readTree(spec.getConfigSchemaJson().toByteArray());
    assertThat(config.path("type").asText()).isEqualTo("object");
    for (String secret : secretProperties()) {
      assertThat(config.findParents(secret).stream().anyMatch(parent -> parent.path(secret).path("secret").asBoolean()))
          .as("%s is marked secret", secret)
          .isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void logsJsonLinesOnlyToStderr(Codec codec) {
    ConnectorRun run = run(codec, List.of(probe()));
    assertThat(run.exitCode()).isZero();
    for (String line : run.stderr()) {
      assertThat(line).as("every stderr line is a JSON object").startsWith("{").endsWith("}");
    }
  }
}
