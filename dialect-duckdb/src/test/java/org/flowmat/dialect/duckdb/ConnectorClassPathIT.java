package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.local.ConnectorRun;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.testkit.Dockerfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connector image carries Flow's wire protocol, the engine and its dialect, and nothing of the local runner: the
 * class path that bin/connector hands the JVM holds no class of the runtime model ({@code org.flowmat.runtime.local}),
 * of the runner ({@code org.flowmat.runtime.runner}: example catalog, schema projections, CLI) or of the testkit. The
 * class path is the one the real launcher gets: bin/materialize-duckdb runs with {@code JAVA} set to a probe that
 * records its arguments and then runs the real JVM with them, and that JVM answers Spec. bin/connector runs the image's
 * artifact as images/materialize-duckdb/Dockerfile's ENTRYPOINT does (same flags, {@code -jar}), so the class path is
 * that jar's manifest Class-Path.
 */
class ConnectorClassPathIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /** The packages of the local runner, which no connector image needs. */
  private static final List<String> RUNNER_PACKAGES =
      List.of("org/flowmat/runtime/local/", "org/flowmat/runtime/runner/", "org/flowmat/testkit/");

  @TempDir static Path dir;
  static List<String> argv;
  static List<Path> classPath;
  static ConnectorRun spec;

  @BeforeAll
  static void launchThroughTheProbe() throws IOException {
    Path args = dir.resolve("java-args");
    Path probe = dir.resolve("java-probe");
    Files.writeString(probe, "#!/usr/bin/env bash\n"
        + "printf '%s\\n' \"$@\" > '" + args + "'\n"
        + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
    Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwx------"));
    Request request = Request.newBuilder()
        .setSpec(Request.Spec.newBuilder()
            .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE)
            .setConfigJson(ByteString.copyFromUtf8("{}")))
        .build();
    spec = ConnectorRun.process(List.of(ROOT.resolve("bin/materialize-duckdb").toString()),
        Map.of("JAVA", probe.toString()), Codec.PROTO, List.of(request), ROOT);

    argv = Files.readAllLines(args);
    int jar = argv.indexOf("-jar");
    assertThat(jar).as("bin/connector runs java -jar: %s", argv).isNotNegative();
    classPath = manifestClassPath(Path.of(argv.get(jar + 1)));
  }

  @Test
  void theConnectorAnswersSpecOnThatClassPath() {
    assertThat(spec.exitCode()).as("stderr: %s", spec.stderr()).isZero();
    assertThat(spec.responses()).hasSize(1);
    assertThat(spec.responses().get(0).getSpec().getConfigSchemaJson().toStringUtf8()).contains("database");
  }

  @Test
  void theClassPathIsTheAdapterTheEngineAndTheDialect() {
    List<String> names = classPath.stream().map(p -> p.getFileName().toString()).toList();
    assertThat(names).anyMatch(n -> n.startsWith("runtime-adapter-"))
        .anyMatch(n -> n.startsWith("dialect-core-"))
        .anyMatch(n -> n.startsWith("dialect-duckdb-"))
        .anyMatch(n -> n.startsWith("duckdb_jdbc-"))
        .noneMatch(n -> n.startsWith("local-runtime-") || n.startsWith("flowmat-cli-")
            || n.startsWith("dialect-testkit-") || n.startsWith("junit-") || n.startsWith("assertj-"));
    assertThat(classPath).allMatch(p -> p.startsWith(ROOT.resolve("dialect-duckdb/target/image")),
        "under dialect-duckdb/target/image");
  }

  /** bin/connector and the image are one thing: the JVM flags and the jar of the Dockerfile's ENTRYPOINT. */
  @Test
  void binConnectorStartsTheImageAsItsEntrypointDoes() {
    Dockerfile image = Dockerfile.read(ROOT.resolve("images/materialize-duckdb/Dockerfile"));
    List<String> entrypoint = image.entrypoint();
    List<String> flags = entrypoint.subList(1, entrypoint.indexOf("-jar"));
    assertThat(argv.subList(0, argv.indexOf("-jar"))).as("bin/connector's JVM flags").isEqualTo(flags);
    String containerJar = entrypoint.get(entrypoint.indexOf("-jar") + 1);
    assertThat(Path.of(argv.get(argv.indexOf("-jar") + 1)))
        .isEqualTo(image.hostPath(ROOT, containerJar).orElseThrow());
  }

  @Test
  void noJarHoldsAClassOfTheRunnerOrTheRuntimeModel() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path jar : classPath) {
      try (JarFile file = new JarFile(jar.toFile())) {
        file.stream().map(JarEntry::getName)
            .filter(name -> RUNNER_PACKAGES.stream().anyMatch(name::startsWith))
            .forEach(name -> found.add(jar.getFileName() + "!" + name));
      }
    }
    assertThat(found).as("runner classes on the connector's class path").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "org.flowmat.runtime.local.LocalRuntime",
      "org.flowmat.runtime.local.ProcessChannel",
      "org.flowmat.runtime.local.ConnectorRun",
      "org.flowmat.runtime.runner.ExampleCatalog",
      "org.flowmat.runtime.runner.SchemaProjections",
      "org.flowmat.runtime.runner.FlowmatCli",
      "org.flowmat.runtime.runner.Summary",
      "org.flowmat.testkit.LauncherSpecContract"})
  void runnerClassesAreNotLoadable(String name) throws IOException {
    try (URLClassLoader loader = loader()) {
      assertThatThrownBy(() -> Class.forName(name, false, loader)).isInstanceOf(ClassNotFoundException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "org.flowmat.runtime.launch.ConnectorLauncher",
      "org.flowmat.runtime.session.Session",
      "org.flowmat.core.connector.ConnectorProvider",
      "org.flowmat.dialect.duckdb.DuckDbConnectorProvider"})
  void connectorClassesAreLoadable(String name) throws Exception {
    try (URLClassLoader loader = loader()) {
      assertThat(Class.forName(name, false, loader).getClassLoader()).isSameAs(loader);
    }
  }

  /** Only the recorded class path: the platform loader as parent, so nothing of this test's class path leaks in. */
  private static URLClassLoader loader() throws IOException {
    List<URL> urls = new ArrayList<>();
    for (Path p : classPath) {
      urls.add(p.toUri().toURL());
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /** The jars a {@code java -jar} launch puts on the class path: the jar, then its manifest's Class-Path beside it. */
  private static List<Path> manifestClassPath(Path jar) throws IOException {
    List<Path> out = new ArrayList<>(List.of(jar));
    try (JarFile file = new JarFile(jar.toFile())) {
      String entries = file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      assertThat(entries).as("Class-Path of %s", jar).isNotBlank();
      for (String entry : entries.split(" ")) {
        out.add(jar.resolveSibling(entry));
      }
    }
    assertThat(out).as("class path of %s", jar).isNotEmpty().allMatch(Files::isRegularFile);
    return out;
  }
}
