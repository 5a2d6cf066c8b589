package org.flowmat.core.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowmat.core.dialect.StagingArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedFilesTest {
  @TempDir Path dir;

  /** A local directory with a small size limit that records which files were made durable or readable. */
  private final class Recording implements StagingArea {
    final LocalStagingArea local;
    final List<String> durable = new ArrayList<>();
    final List<String> readable = new ArrayList<>();

    Recording() throws IOException {
      local = new LocalStagingArea(dir);
    }

    @Override public long fileSizeLimit() { return 10; }
    @Override public OutputStream create(String name) throws IOException { return local.create(name); }
    @Override public void makeDurable(String name) { durable.add(name); }
    @Override public void makeReadable(String name) { readable.add(name); }
    @Override public String reference(String name) { return local.reference(name); }
    @Override public boolean exists(String name) { return local.exists(name); }
    @Override public void delete(String name) throws IOException { local.delete(name); }
    @Override public List<String> list() throws IOException { return local.list(); }
  }

  private static void row(StagedFiles files, String text) throws IOException {
    files.write(text.getBytes(StandardCharsets.UTF_8));
    if (files.full(0)) {
      files.roll();
    }
  }

  @Test
  void rowsRollIntoNewFilesAtTheLimitAndEachFullFileIsMadeDurableAtOnce() throws IOException {
    Recording area = new Recording();
    StagedFiles files = new StagedFiles(area, "store_0_7_n", "staging for binding 0", true);
    row(files, "aaaaaa\n");
    assertThat(area.durable).isEmpty();
    row(files, "bbbbbb\n"); // 14 bytes: the file is full
    assertThat(area.durable).containsExactly("store_0_7_n-00000.ndjson");
    row(files, "cc\n");
    List<String> names = files.finish();

    assertThat(names).containsExactly("store_0_7_n-00000.ndjson", "store_0_7_n-00001.ndjson");
    assertThat(area.durable).isEqualTo(names);
    assertThat(Files.readString(dir.resolve(names.get(0)))).isEqualTo("aaaaaa\nbbbbbb\n");
    assertThat(Files.readString(dir.resolve(names.get(1)))).isEqualTo("cc\n");
    assertThat(area.readable).isEmpty();
  }

  @Test
  void loadKeysAreOnlyMadeReadable() throws IOException {
    Recording area = new Recording();
    StagedFiles files = new StagedFiles(area, "load_0_n", "staging for binding 0", false);
    row(files, "k\n");
    assertThat(files.finish()).containsExactly("load_0_n-00000.ndjson");
    assertThat(area.readable).containsExactly("load_0_n-00000.ndjson");
    assertThat(area.durable).isEmpty();
  }

  @Test
  void aWriterClosedUnfinishedStillNamesEveryFileItCreated() throws IOException {
    Recording area = new Recording();
    StagedFiles files = new StagedFiles(area, "store_1_2_n", "staging for binding 1", true);
    row(files, "0123456789\n");
    row(files, "x\n");
    files.close();
    assertThat(files.names()).containsExactly("store_1_2_n-00000.ndjson", "store_1_2_n-00001.ndjson");
    assertThat(area.durable).containsExactly("store_1_2_n-00000.ndjson");
  }
}
