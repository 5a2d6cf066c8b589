package org.flowmat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the image tests read a Dockerfile and a .dockerignore: the forms Docker gives them, not a looser reading. */
class DockerfileTest {
  @TempDir Path dir;

  private Dockerfile write(String text) throws Exception {
    Path file = dir.resolve("Dockerfile");
    Files.writeString(file, text);
    return Dockerfile.read(file);
  }

  @Test
  void readsLabelsCopiesUserAndAnExecEntrypoint() throws Exception {
    Files.createDirectories(dir.resolve("ctx/image/lib"));
    Files.writeString(dir.resolve("ctx/image/lib/a.jar"), "");
    Files.writeString(dir.resolve("ctx/image/m.jar"), "");
    Dockerfile d = write("""
        # comment
        FROM eclipse-temurin:17-jre
        LABEL A=1 B="two"
        RUN useradd x \\
         && true
        COPY --chown=1:1 image/lib/ /opt/app/lib/
        COPY image/m.jar /opt/app/
        USER 10001:10001
        ENTRYPOINT ["/opt/java/bin/java", "-XX:+UseSerialGC", "-jar", "/opt/app/m.jar"]
        """);
    assertThat(d.from()).isEqualTo("eclipse-temurin:17-jre");
    assertThat(d.labels()).isEqualTo(Map.of("A", "1", "B", "two"));
    assertThat(d.user()).isEqualTo("10001:10001");
    assertThat(d.entrypoint()).containsExactly("/opt/java/bin/java", "-XX:+UseSerialGC", "-jar", "/opt/app/m.jar");
    assertThat(d.copies().get(0).flags()).containsExactly("--chown=1:1");

    Path ctx = dir.resolve("ctx");
    assertThat(d.hostPath(ctx, "/opt/app/m.jar")).contains(ctx.resolve("image/m.jar"));
    assertThat(d.hostPath(ctx, "/opt/app/lib/a.jar")).contains(ctx.resolve("image/lib/a.jar"));
    assertThat(d.hostPath(ctx, "/opt/app/libs/a.jar")).isEmpty();
    assertThat(d.hostPath(ctx, "/opt/app/m.jar.bak")).isEmpty();
  }

  @Test
  void refusesAShellFormEntrypoint() {
    assertThatThrownBy(() -> write("FROM x\nENTRYPOINT java -jar /a.jar\n"))
        .hasMessageContaining("Dockerfile:2").hasMessageContaining("not in exec form");
  }

  @Test
  void theLastMatchingDockerignorePatternDecides() {
    List<String> patterns = List.of("*", "!dialect-*/target/image");
    assertThat(ImageContract.ignored(patterns, "dialect-duckdb/target/image/lib/a.jar")).isFalse();
    assertThat(ImageContract.ignored(patterns, "dialect-duckdb/target/lib/a.jar")).isTrue();
    assertThat(ImageContract.ignored(patterns, "README.md")).isTrue();
    assertThat(ImageContract.ignored(List.of("*"), "dialect-duckdb/target/image/lib/a.jar")).isTrue();
    assertThat(ImageContract.ignored(List.of("target"), "dialect-duckdb/target/x")).isFalse();
  }
}
