package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowmat.testkit.TestCollections.doc;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.staging.ShardStaging;
import org.flowmat.runtime.local.ConnectorChannel;
import org.flowmat.runtime.local.KillPoint;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.LocalRuntimeException;
import org.flowmat.runtime.local.ProcessChannel;
import org.flowmat.runtime.local.Shards;
import org.flowmat.runtime.local.Transaction;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import org.flowmat.testkit.ConformanceHarness;
import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.TestCollections;
import org.junit.jupiter.api.Test;

/** Staging and the native library through real bin/materialize-duckdb processes, killed for real. */
class DuckDbStagingIT extends ConformanceHarness {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Override
  protected ConformanceTarget target() {
    return new DuckDbTarget();
  }

  private Flow.MaterializationSpec spec(ObjectNode config) {
    return TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), TestCollections.orders(), false, 0)));
  }

  private static List<Transaction> workload() {
    return List.of(
        Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\"}", "c"))),
        Transaction.of(new Transaction.Document(0, doc("{\"id\":2,\"customer\":\"bob\"}", "c"))));
  }

  @Test
  void aPlanWhoseStagedRowsAreGoneFailsSayingWhereAndWhatToDo() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = spec(config);
    LocalRuntime rt = LocalRuntime.builder(spec, process()).maxRestarts(0)
        .killAt(KillPoint.afterRead(5)).build(); // Spec, Opened, Acknowledged, Flushed, StartedCommit
    rt.apply();
    assertThatThrownBy(() -> rt.run(workload().subList(0, 1))).isInstanceOf(LocalRuntimeException.class);
    Path area = new ShardStaging(spec.getName(), KeyRange.FULL).under(Path.of(config.path("database").asText() + ".staging"));
    List<Path> staged;
    try (Stream<Path> files = Files.list(area)) {
      staged = files.toList();
    }
    assertThat(staged).as("the committed plan's staged file").hasSize(1);
    Files.delete(staged.get(0)); // as when staging was on storage that did not survive the restart

    assertThatThrownBy(() -> rt.run(workload().subList(1, 2))).isInstanceOf(LocalRuntimeException.class)
        .hasMessageContaining("cannot apply its committed plan 1")
        .hasMessageContaining(staged.get(0).toString())
        .hasMessageContaining("put them back at that path")
        .hasMessageContaining("backfill the binding(s) with state key " + spec.getBindings(0).getStateKey());
  }

  @Test
  void aKilledConnectorsNativeLibraryCopyIsRemovedByTheNextAndALiveProcessesCopyIsKept() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs Linux procfs");
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = spec(config);
    LocalRuntime.builder(spec, process()).build().apply();
    // The connectors below use a temporary directory of their own, so no other process on the machine (another
    // build's connectors clean stale copies too) can remove the leftover first. This JVM maps a file there named like
    // the driver's copies, aged: live, so it must be kept, however old.
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path ours = tmp.resolve("libduckdb_java" + ProcessHandle.current().pid() + ".so");
    Files.write(ours, new byte[4096]);
    age(ours);
    try (FileChannel mapping = FileChannel.open(ours, StandardOpenOption.READ)) {
      MappedByteBuffer live = mapping.map(FileChannel.MapMode.READ_ONLY, 0, 4096);
      assertThat(live.get(0)).isZero();
      ConnectorChannel.Factory connectors = connectors(tmp, "warn");
      Path leftover;
      try (ConnectorChannel killed = connectors.start()) {
        open(killed, spec);
        leftover = mappedLibrary(((ProcessChannel) killed).pid());
        killed.kill();
        killed.awaitExit(TIMEOUT);
      }
      assertThat(leftover).as("a SIGKILLed connector leaves its copy").exists();
      age(leftover); // older than the age under which a copy may still be loading

      List<String> log;
      try (ConnectorChannel next = connectors(tmp, "debug").start()) {
        open(next, spec);
        next.send(Request.newBuilder().setAcknowledge(Request.Acknowledge.getDefaultInstance()).build());
        assertThat(next.receive(TIMEOUT).hasAcknowledged()).isTrue();
        next.closeInput();
        assertThat(next.awaitExit(TIMEOUT)).isZero();
        log = next.stderr();
      }
      assertThat(leftover).as("removed by the next connector, which logged %s", log).doesNotExist();
      assertThat(String.join("\n", log)).contains("removed copies of DuckDB's native library left by killed processes");
      assertThat(ours).as("mapped by this live JVM").exists();
    }
  }

  /** Connector processes whose java.io.tmpdir (where the driver copies its library) is {@code tmp}. */
  private ConnectorChannel.Factory connectors(Path tmp, String logLevel) {
    Path root = repositoryRoot();
    return ProcessChannel.factory(List.of(root.resolve("bin").resolve("materialize-duckdb").toString()),
        java.util.Map.of("LOG_LEVEL", logLevel, "JAVA_OPTS", "-Djava.io.tmpdir=" + tmp),
        org.flowmat.runtime.codec.Codec.PROTO, root);
  }

  private static void age(Path file) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
  }

  /** The copy of DuckDB's native library that process {@code pid} has loaded. */
  private static Path mappedLibrary(long pid) throws Exception {
    try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "maps"))) {
      return lines.filter(l -> l.contains("/libduckdb_java")).map(l -> Path.of(l.substring(l.indexOf('/'))))
          .findFirst().orElseThrow(() -> new AssertionError("process " + pid + " has not loaded DuckDB"));
    }
  }

  /** Spec and Open on a fresh connector: Open connects to DuckDB, so the driver has loaded its library. */
  private static void open(ConnectorChannel channel, Flow.MaterializationSpec spec) throws Exception {
    channel.send(Request.newBuilder().setSpec(Request.Spec.newBuilder()
        .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE).setConfigJson(ByteString.copyFromUtf8("{}"))).build());
    channel.send(Request.newBuilder().setOpen(Request.Open.newBuilder().setMaterialization(spec).setVersion("v1")
        .setRange(Shards.FULL).setStateJson(ByteString.copyFromUtf8("{}"))).build());
    for (String kind : List.of("spec", "opened")) {
      Response r = channel.receive(TIMEOUT);
      assertThat(r).as(kind).isNotNull();
      assertThat(r.getAllFields().keySet().iterator().next().getJsonName()).isEqualTo(kind);
    }
  }
}
