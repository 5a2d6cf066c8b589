package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.local.ConnectorRun;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
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
 * records its arguments and then runs the real JVM with them, and that JVM answers Spec.
 */
class ConnectorClassPathIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /** The packages of the local runner, which no connector image needs. */
  private static final List<String> RUNNER_PACKAGES =
      List.of("org/flowmat/runtime/local/", "org/flowmat/runtime/runner/", "org/flowmat/testkit/");

  @TempDir static Path dir;
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

    List<String> argv = Files.readAllLines(args);
    int cp = argv.indexOf("-cp");
    assertThat(cp).as("bin/connector passes -cp: %s", argv).isNotNegative();
    classPath = expand(argv.get(cp + 1));
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
    assertThat(classPath).allMatch(p -> p.startsWith(ROOT.resolve("runtime-adapter/target"))
        || p.startsWith(ROOT.resolve("dialect-duckdb/target")), "under runtime-adapter/target or dialect-duckdb/target");
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
    // A jar left in target/lib by an earlier build counts too: bin/connector would load it (mvn clean removes it).
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

  /** A JVM class path with {@code dir/*} entries expanded to the jars in dir, as the JVM expands them. */
  private static List<Path> expand(String classPath) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.endsWith("/*")) {
        try (Stream<Path> jars = Files.list(Path.of(entry.substring(0, entry.length() - 2)))) {
          jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(out::add);
        }
      } else {
        out.add(Path.of(entry));
      }
    }
    assertThat(out).as("class path %s", classPath).isNotEmpty().allMatch(Files::isRegularFile);
    return out;
  }
}
