package org.flowmat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.launch.ConnectorLauncher;
import org.flowmat.runtime.local.ConnectorChannel;
import org.flowmat.runtime.local.ConnectorRun;
import org.flowmat.runtime.local.ProcessChannel;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a connector image must be: {@code images/materialize-<dialect>/Dockerfile} declares what Flow reads (the
 * protocol and codec labels, an exec-form ENTRYPOINT, a non-root user), every path it copies exists after
 * {@code mvn package}, and the artifact it copies, started exactly as its ENTRYPOINT starts it (the same JVM flags and
 * {@code -jar}, the container paths mapped back through its COPY lines, an empty {@code CLASSPATH}, another working
 * directory), answers Spec in both codecs with nothing but its own {@code lib/} on the class path. A dialect module
 * runs it with a three-line {@code *IT} subclass (after {@code package} built {@code target/image}).
 */
public abstract class ImageContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Jars of the local runner and the tests, which no image may carry. */
  private static final List<String> FORBIDDEN_JARS =
      List.of("local-runtime-", "flowmat-cli-", "dialect-testkit-", "junit-", "assertj-", "opentest4j-", "bench-");

  /** Packages of the local runner and the testkit, which no jar of an image may hold. */
  private static final List<String> RUNNER_PACKAGES =
      List.of("org/flowmat/runtime/local/", "org/flowmat/runtime/runner/", "org/flowmat/testkit/");

  /** Where the image's processes run: not the repository, so nothing resolves relative to a checkout. */
  @TempDir protected Path dir;

  /** The dialect's name, as in {@code images/materialize-<name>}. */
  protected abstract String dialect();

  protected static Path repositoryRoot() {
    Path d = Path.of("").toAbsolutePath();
    while (d != null && !Files.exists(d.resolve("images"))) {
      d = d.getParent();
    }
    assertThat(d).as("repository root (with images/) above the working directory").isNotNull();
    return d;
  }

  protected final Dockerfile dockerfile() {
    return Dockerfile.read(repositoryRoot().resolve("images").resolve("materialize-" + dialect()).resolve("Dockerfile"));
  }

  /** The host file behind a path in the image; fails naming the path if no COPY puts it there. */
  protected final Path hostPath(String containerPath) {
    return dockerfile().hostPath(repositoryRoot(), containerPath)
        .orElseThrow(() -> new AssertionError("no COPY of " + dockerfile().file() + " puts " + containerPath + " in the image"));
  }

  /** The path after {@code -jar} in the ENTRYPOINT, inside the image. */
  protected final String containerJar() {
    List<String> argv = dockerfile().entrypoint();
    int jar = argv.indexOf("-jar");
    assertThat(jar).as("ENTRYPOINT %s runs java -jar <path>", argv).isPositive().isLessThan(argv.size() - 1);
    return argv.get(jar + 1);
  }

  /**
   * The ENTRYPOINT as a host command: this JVM's {@code java} for the image's, container paths replaced by the files
   * the COPY lines put there, every flag kept.
   */
  protected final List<String> entrypoint(String... args) {
    List<String> argv = dockerfile().entrypoint();
    assertThat(Path.of(argv.get(0)).getFileName().toString()).as("ENTRYPOINT %s starts java", argv).isEqualTo("java");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : argv.subList(1, argv.size())) {
      command.add(arg.startsWith("/") ? hostPath(arg).toString() : arg);
    }
    command.addAll(List.of(args));
    return command;
  }

  /** An empty {@code CLASSPATH}, so that only the jar's manifest can put anything on the class path. */
  protected static Map<String, String> environment() {
    return Map.of("CLASSPATH", "");
  }

  /** The image's entry point as a child process per session, for {@code LocalRuntime} (warnings and errors logged). */
  protected final ConnectorChannel.Factory image(Codec codec) {
    return ProcessChannel.factory(entrypoint(), Map.of("CLASSPATH", "", "LOG_LEVEL", "warn"), codec, dir);
  }

  /** One stream of {@code requests} to the image's entry point, with {@code args} after it. */
  protected final ConnectorRun run(Codec codec, List<Request> requests, String... args) {
    return ConnectorRun.process(entrypoint(args), environment(), codec, requests, dir);
  }

  protected static Request specRequest() {
    return Request.newBuilder()
        .setSpec(Request.Spec.newBuilder()
            .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE)
            .setConfigJson(ByteString.copyFromUtf8("{}")))
        .build();
  }

  @Test
  void theDockerfileDeclaresWhatFlowReads() {
    Dockerfile d = dockerfile();
    assertThat(d.labels()).as("labels of %s", d.file())
        .containsEntry("FLOW_RUNTIME_PROTOCOL", "materialize")
        // Flow speaks JSON lines only to images labelled json; ours default to protobuf frames, so say proto.
        .containsEntry("FLOW_RUNTIME_CODEC", "proto");
    assertThat(d.from()).as("FROM of %s", d.file()).contains("17").contains("jre");
    assertThat(d.user()).as("USER of %s", d.file()).isNotNull().doesNotStartWith("root").doesNotStartWith("0");
    assertThat(d.entrypoint()).as("ENTRYPOINT of %s", d.file())
        .anyMatch(a -> a.startsWith("-XX:MaxRAMPercentage="))
        .contains("-XX:+ExitOnOutOfMemoryError")
        .anyMatch(a -> a.matches("-XX:\\+Use(Serial|Parallel|G1)GC"));
  }

  @Test
  void everyCopySourceExistsAfterPackage() {
    Dockerfile d = dockerfile();
    assertThat(d.copies()).as("COPY lines of %s", d.file()).isNotEmpty();
    for (Dockerfile.Copy copy : d.copies()) {
      assertThat(copy.flags()).as("COPY %s: the build context is the repository", copy.sources())
          .noneMatch(f -> f.startsWith("--from"));
      for (String source : copy.sources()) {
        assertThat(repositoryRoot().resolve(source)).as("COPY source %s (run mvn package first)", source).exists();
      }
    }
    assertThat(hostPath(containerJar())).as("the ENTRYPOINT's jar %s", containerJar()).isRegularFile();
  }

  @Test
  void theDockerignoreLetsInTheCopySourcesAndNoOtherBuildOutput() throws IOException {
    Path root = repositoryRoot();
    List<String> patterns = Files.readAllLines(root.resolve(".dockerignore")).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    for (Dockerfile.Copy copy : dockerfile().copies()) {
      for (String source : copy.sources()) {
        try (Stream<Path> files = Files.walk(root.resolve(source))) {
          files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString()).forEach(f ->
              assertThat(ignored(patterns, f)).as(".dockerignore excludes %s, which the Dockerfile copies", f).isFalse());
        }
      }
    }
    for (String other : List.of("dialect-" + dialect() + "/target/lib/x.jar", "local-runtime/target/x.jar",
        "dialect-" + dialect() + "/target/classes/x.class", ".git/HEAD", "examples/orders/x.json")) {
      assertThat(ignored(patterns, other)).as(".dockerignore keeps %s out of the build context", other).isTrue();
    }
  }

  @Test
  void libHoldsExactlyTheManifestClassPathAndNothingOfTheRunner() throws IOException {
    Path jar = hostPath(containerJar());
    List<String> classPath;
    try (JarFile file = new JarFile(jar.toFile())) {
      Attributes main = file.getManifest().getMainAttributes();
      assertThat(main.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo(ConnectorLauncher.class.getName());
      classPath = List.of(main.getValue(Attributes.Name.CLASS_PATH).split(" "));
    }
    assertThat(classPath).as("Class-Path of %s", jar).allMatch(e -> e.startsWith("lib/"))
        .contains("lib/dialect-" + dialect() + "-" + version(classPath) + ".jar");
    // Where the image puts each Class-Path entry, relative to where it puts the jar: that file must be copied.
    String containerLib = containerJar().substring(0, containerJar().lastIndexOf('/') + 1);
    List<String> copied = new ArrayList<>();
    for (String entry : classPath) {
      Path host = hostPath(containerLib + entry);
      assertThat(host).as("%s of the Class-Path, in the image at %s", entry, containerLib + entry).isRegularFile();
      copied.add(host.getFileName().toString());
    }
    Path lib = jar.resolveSibling("lib");
    List<String> present;
    try (Stream<Path> files = Files.list(lib)) {
      present = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    // A jar left by an earlier build counts: the Dockerfile copies the whole directory (mvn clean removes it).
    assertThat(present).as("%s holds exactly the Class-Path", lib).containsExactlyInAnyOrderElementsOf(copied);
    assertThat(present).as("runtime jars in %s", lib)
        .anyMatch(n -> n.startsWith("runtime-adapter-")).anyMatch(n -> n.startsWith("dialect-core-"))
        .noneMatch(n -> FORBIDDEN_JARS.stream().anyMatch(n::startsWith));
    List<String> runnerClasses = new ArrayList<>();
    for (String name : present) {
      try (JarFile file = new JarFile(lib.resolve(name).toFile())) {
        file.stream().map(JarEntry::getName).filter(e -> RUNNER_PACKAGES.stream().anyMatch(e::startsWith))
            .forEach(e -> runnerClasses.add(name + "!" + e));
      }
    }
    assertThat(runnerClasses).as("classes of the local runner in the image").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void theEntrypointAnswersSpec(Codec codec) throws IOException {
    ConnectorRun run = run(codec, List.of(specRequest()));
    assertThat(run.exitCode()).as("exit code; stderr: %s", run.stderr()).isZero();
    assertThat(run.responses()).hasSize(1);
    Response.Spec spec = run.responses().get(0).getSpec();
    assertThat(spec.getProtocol()).isEqualTo(3032023);
    assertThat(JSON.readTree(spec.getConfigSchemaJson().toByteArray()).path("type").asText()).isEqualTo("object");
    assertThat(run.stderr()).allMatch(l -> l.startsWith("{") && l.endsWith("}"), "JSON log lines");
  }

  /** The image's one connector is the default; naming it works, and it is the only one there. */
  @Test
  void theImageCarriesOneConnector() {
    ConnectorRun named = run(Codec.PROTO, List.of(specRequest()), "--connector", dialect());
    assertThat(named.exitCode()).as("--connector %s; stderr: %s", dialect(), named.stderr()).isZero();
    assertThat(named.responses()).hasSize(1);
    String other = dialect().equals("duckdb") ? "snowflake" : "duckdb";
    ConnectorRun wrong = run(Codec.PROTO, List.of(specRequest()), "--connector", other);
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.lastMessage()).isEqualTo(
        "no connector named '" + other + "' is on the class path; available: [" + dialect() + "]");
  }

  /** The project version in the jar names, read from the adapter's entry. */
  private static String version(List<String> classPath) {
    return classPath.stream().filter(e -> e.startsWith("lib/runtime-adapter-")).findFirst()
        .map(e -> e.substring("lib/runtime-adapter-".length(), e.length() - ".jar".length()))
        .orElseThrow(() -> new AssertionError("no runtime-adapter jar on the Class-Path " + classPath));
  }

  /**
   * Whether Docker leaves {@code path} (relative to the context) out: the last pattern that matches it or one of its
   * parent directories decides, a {@code !} pattern letting it in.
   */
  static boolean ignored(List<String> patterns, String path) {
    boolean excluded = false;
    for (String pattern : patterns) {
      boolean negated = pattern.startsWith("!");
      String glob = (negated ? pattern.substring(1) : pattern).replaceAll("^/+", "").replaceAll("/+$", "");
      var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      for (Path p = Path.of(path); p != null; p = p.getParent()) {
        if (matcher.matches(p)) {
          excluded = !negated;
          break;
        }
      }
    }
    return excluded;
  }
}
