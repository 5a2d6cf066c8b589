package org.flowmat.testkit.skeleton;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.flowmat.core.testing.GoldenSqlContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The skeleton dialect (contrib/skeleton-dialect) as a contributor starts from it: {@code contrib/new-dialect} copies
 * and renames it into a temporary checkout, and this test builds what it wrote as Maven would (javac against this
 * module's test class path, which holds the reactor's dialect-core, its test jar, runtime-adapter, local-runtime and
 * this testkit; nothing is installed), stands in for its image with a launcher jar, and runs the new module's tests
 * from the module's directory in a child JVM: its golden SQL, its launcher's Spec (bin/materialize-&lt;name&gt;, found by
 * ServiceLoader) and every conformance suite, with every capability declared missing. The suites must prove each
 * declaration and skip nothing else silently.
 */
class SkeletonDialectBuildTest {
  /** A name that occurs nowhere in the fixture catalog, so that the golden file renames back to the skeleton's. */
  private static final String NAME = "newwh";
  private static final String PREFIX = "NewWarehouse";
  private static final String PACKAGE = "org.flowmat.dialect." + NAME + ".";

  @TempDir Path checkout;

  @Test
  void theRenamedSkeletonBuildsIsFoundAndProvesEveryDeclaredLack() throws Exception {
    Path root = repositoryRoot();
    Path skeleton = root.resolve("contrib").resolve("skeleton-dialect");
    run(checkout, List.of("bash", root.resolve("contrib/new-dialect").toString(), NAME, PREFIX, "--into", checkout.toString()));
    Path module = checkout.resolve("dialect-" + NAME);
    assertThat(module.resolve("pom.xml")).content().contains("<connector.name>" + NAME + "</connector.name>")
        .contains("templates/" + NAME).doesNotContain("skeleton");
    assertThat(checkout.resolve("images/materialize-" + NAME + "/Dockerfile")).content()
        .contains("COPY dialect-" + NAME + "/target/image/lib/").doesNotContainIgnoringCase("skeleton");
    try (Stream<Path> templates = Files.list(checkout.resolve("templates").resolve(NAME))) {
      assertThat(templates.map(p -> p.getFileName().toString().replace(".sql", "")).sorted().toList())
          .as("a template for every name templates/README.md lists").containsAll(templateNames(root));
    }

    // Build: main classes with the resources the pom copies (templates/<name>/ into the jar), then the tests.
    List<Path> classPath = testClassPath();
    Path classes = module.resolve("target/classes");
    Path testClasses = module.resolve("target/test-classes");
    compile(module.resolve("src/main/java"), classes, classPath);
    copyTree(module.resolve("src/main/resources"), classes);
    copyTree(checkout.resolve("templates").resolve(NAME), classes.resolve("templates").resolve(NAME));
    List<Path> withClasses = new ArrayList<>(List.of(classes));
    withClasses.addAll(classPath);
    compile(module.resolve("src/test/java"), testClasses, withClasses);

    // The image's artifact as bin/connector starts it: a jar of nothing but a manifest naming the launcher and the
    // class path (here the built classes and this module's test class path, which holds no other dialect).
    Files.copy(root.resolve("bin/connector"), checkout.resolve("bin/connector"), StandardCopyOption.COPY_ATTRIBUTES);
    launcherJar(module.resolve("target/image/materialize-" + NAME + ".jar"), withClasses);

    List<String> suites = Stream.of("GoldenSqlTest", "LauncherIT", "MaterializationConformanceTest",
        "StagingIsolationConformanceTest", "KeyKindsConformanceIT", "ValueFormsConformanceIT", "ExactlyOnceConformanceIT")
        .map(s -> PACKAGE + PREFIX + s).toList();
    List<String> command = new ArrayList<>(List.of(javaHome(), "-cp", join(testClasses, withClasses)));
    boolean update = Boolean.getBoolean(GoldenSqlContract.UPDATE_PROPERTY);
    if (update) {
      command.add("-D" + GoldenSqlContract.UPDATE_PROPERTY + "=true");
    }
    command.add(SuiteRunner.class.getName());
    command.addAll(suites);
    List<String> out = run(module, command);
    if (update) {
      // The golden file is the skeleton's: written back under its own name (only the header names the dialect).
      String golden = Files.readString(module.resolve("src/test/resources/golden/" + NAME + ".sql"));
      Files.writeString(skeleton.resolve("dialect-skeleton/src/test/resources/golden/skeleton.sql"),
          golden.replace(NAME, "skeleton"), StandardCharsets.UTF_8);
    }

    List<String> results = out.stream().filter(l -> l.startsWith("RESULT ")).toList();
    assertThat(results).as("test results").noneMatch(l -> l.startsWith("RESULT FAILED"));
    String golden = PACKAGE + PREFIX + "GoldenSqlTest#renderingMatchesTheGoldenFile";
    String spec = PACKAGE + PREFIX + "LauncherIT#answersTheSpecProbeThenSpec";
    String logs = PACKAGE + PREFIX + "LauncherIT#logsJsonLinesOnlyToStderr";
    String apply = PACKAGE + PREFIX + "MaterializationConformanceTest#aDeclaredLackOfApplyEndsApplyWithAnError";
    String keyKinds = PACKAGE + PREFIX + "KeyKindsConformanceIT#aKeyKindDeclaredLackingFailsCleanly";
    assertThat(results).as("the pure parts render the catalog's golden SQL").anyMatch(l -> l.startsWith("RESULT SUCCESSFUL " + golden));
    assertThat(results).as("bin/materialize-%s answers Spec in both codecs", NAME)
        .filteredOn(l -> l.startsWith("RESULT SUCCESSFUL " + spec) || l.startsWith("RESULT SUCCESSFUL " + logs)).hasSize(4);
    assertThat(results).as("the lack of APPLY is proven").anyMatch(l -> l.startsWith("RESULT SUCCESSFUL " + apply));
    assertThat(results).as("each key kind declared lacking is proven")
        .filteredOn(l -> l.startsWith("RESULT SUCCESSFUL " + keyKinds)).hasSizeGreaterThanOrEqualTo(3);
    // Skipped: tests that need what the skeleton declares it lacks, and proofs of lacks it does not declare (key kinds
    // that need no capability). Nothing else.
    List<String> aborted = results.stream().filter(l -> l.startsWith("RESULT ABORTED")).toList();
    assertThat(aborted).as("tests skipped").isNotEmpty().allSatisfy(l -> assertThat(l)
        .containsAnyOf(NAME + " declares that it lacks APPLY", NAME + " holds keys of kind"));
    assertThat(results).as("every test ran, was proven or was skipped by a declared lack")
        .allSatisfy(l -> assertThat(l).matches("RESULT (SUCCESSFUL|ABORTED) .*"));
  }

  /** The template names of templates/README.md's table (the backquoted names of its first column). */
  private static Set<String> templateNames(Path root) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    for (String line : Files.readAllLines(root.resolve("templates/README.md"))) {
      if (!line.startsWith("| `")) {
        continue;
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([a-z_]+)`").matcher(line.split("\\|")[1]);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    assertThat(names).as("template names in templates/README.md").hasSizeGreaterThan(20);
    return names;
  }

  private static List<String> run(Path dir, List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    List<String> lines = new ArrayList<>();
    try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      in.lines().forEach(lines::add);
    }
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("exit code of %s; output:\n%s", command.get(command.size() > 3 ? 3 : 0),
        String.join("\n", lines.subList(Math.max(0, lines.size() - 200), lines.size()))).isZero();
    return lines;
  }

  private static void compile(Path sources, Path out, List<Path> classPath) throws IOException {
    List<String> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().toList();
    }
    assertThat(files).as("sources in %s", sources).isNotEmpty();
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("--release", "17", "-parameters", "-Xlint:none", "-proc:none",
        "-encoding", "UTF-8", "-d", out.toString(), "-cp", join(null, classPath)));
    args.addAll(files);
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int rc = javac.run(null, err, err, args.toArray(String[]::new));
    assertThat(rc).as("javac %s:\n%s", sources, err.toString(StandardCharsets.UTF_8)).isZero();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void launcherJar(Path jar, List<Path> classPath) throws IOException {
    Manifest manifest = new Manifest();
    Attributes a = manifest.getMainAttributes();
    a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    a.put(Attributes.Name.MAIN_CLASS, "org.flowmat.runtime.launch.ConnectorLauncher");
    a.put(Attributes.Name.CLASS_PATH, String.join(" ", classPath.stream().map(p -> p.toUri().toString()).toList()));
    Files.createDirectories(jar.getParent());
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
      j.flush();
    }
  }

  /**
   * This JVM's class path: surefire's, expanded from its manifest-only booter jar if it uses one (whose Class-Path
   * holds the real entries).
   */
  private static List<Path> testClassPath() throws Exception {
    List<Path> out = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      if (p.getFileName().toString().startsWith("surefirebooter") && p.toString().endsWith(".jar")) {
        try (JarFile jar = new JarFile(p.toFile())) {
          for (String url : jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH).split(" ")) {
            if (!url.isBlank()) {
              out.add(Path.of(new java.net.URI(url)));
            }
          }
        }
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private static String join(Path first, List<Path> rest) {
    List<String> parts = new ArrayList<>();
    if (first != null) {
      parts.add(first.toString());
    }
    rest.forEach(p -> parts.add(p.toString()));
    return String.join(java.io.File.pathSeparator, parts);
  }

  private static String javaHome() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Path repositoryRoot() {
    Path d = Path.of("").toAbsolutePath();
    while (d != null && !Files.exists(d.resolve("contrib").resolve("new-dialect"))) {
      d = d.getParent();
    }
    assertThat(d).as("repository root (with contrib/new-dialect) above the working directory").isNotNull();
    return d;
  }
}
