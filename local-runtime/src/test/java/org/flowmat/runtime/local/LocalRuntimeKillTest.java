package org.flowmat.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.local.LocalRuntime.AckStateDurability;
import org.flowmat.runtime.proto.Materialize.Request;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the connector at every message of the three-transaction workload (after each message written, and after
 * each response read) and checks Flow's recovery: a fresh connector, re-Opened with the committed state, the
 * uncommitted transactions sent again, and the same expected content.
 *
 * <p>In-process connectors are killed at every message; child processes at a subset (see
 * {@link #processKillPoints}), or at every message with {@code -Dflowmat.local.allKillPoints=true}.
 *
 * <p>The memory connector loses its tables with its session, so against it the checks are protocol-level only.
 * The file-tables connector keeps them in a file with the recovery-log pattern, so against it the endpoint must
 * converge: what it loads back and what its file holds equal the expected content, at every kill point.
 */
class LocalRuntimeKillTest {
  @TempDir static Path dir;

  /** What a run without kills did: the reference for every kill point. */
  record Clean(RunReport report, ExpectedContent expected) {}

  static Clean clean(LocalRuntime.Builder builder) {
    LocalRuntime rt = builder.recordTranscript(true).build();
    RunReport report = rt.run(Fixtures.workload());
    assertThat(report.kills()).isZero();
    return new Clean(report, rt.expected());
  }

  static Stream<KillPoint> everyKillPoint(RunReport clean) {
    return Stream.concat(
        LongStream.rangeClosed(1, clean.messagesWritten()).mapToObj(KillPoint::afterWrite),
        LongStream.rangeClosed(1, clean.responsesRead()).mapToObj(KillPoint::afterRead));
  }

  /**
   * For child processes, where every kill costs two JVM starts (about 2.5 s a kill point here): every
   * {@link #PROCESS_STRIDE}-th kill point plus every commit-critical one (after writing StartCommit, after reading
   * StartedCommit, after writing the Acknowledge that follows), unless {@code -Dflowmat.local.allKillPoints=true}
   * asks for all of them.
   */
  static Stream<KillPoint> processKillPoints(RunReport clean) {
    return processKillPoints(clean, PROCESS_STRIDE);
  }

  static Stream<KillPoint> processKillPoints(RunReport clean, int stride) {
    if (Boolean.getBoolean("flowmat.local.allKillPoints")) {
      return everyKillPoint(clean);
    }
    List<KillPoint> critical = new ArrayList<>();
    long writes = 0;
    long reads = 0;
    boolean afterCommit = false;
    for (WireEvent e : clean.transcript()) {
      if (e.type() == WireEvent.Type.SENT) {
        writes++;
        Request r = (Request) e.message();
        if (r.hasStartCommit() || (afterCommit && r.hasAcknowledge())) {
          critical.add(KillPoint.afterWrite(writes));
        }
        afterCommit = false;
      } else if (e.type() == WireEvent.Type.RECEIVED) {
        reads++;
        if (((org.flowmat.runtime.proto.Materialize.Response) e.message()).hasStartedCommit()) {
          critical.add(KillPoint.afterRead(reads));
          afterCommit = true;
        }
      }
    }
    return Stream.concat(everyKillPoint(clean).filter(k -> k.index() % stride == 1), critical.stream())
        .distinct();
  }

  static final int PROCESS_STRIDE = 6;

  @TestFactory
  Stream<DynamicTest> memoryConnectorInProcess() {
    return memoryConnector(InProcessChannel.launcher(Codec.PROTO, "--connector", "memory"), true);
  }

  @TestFactory
  Stream<DynamicTest> memoryConnectorAsAProcess() {
    return memoryConnector(
        ProcessChannel.factory(ConnectorRun.javaCommand("--connector", "memory"), Map.of(), Codec.PROTO, Path.of(".")),
        false);
  }

  private Stream<DynamicTest> memoryConnector(ConnectorChannel.Factory connector, boolean everyPoint) {
    Clean clean = clean(Fixtures.runtime("{}", connector));
    // As a process, protocol-level checks (which in-process kills cover at every message) need fewer points.
    return (everyPoint ? everyKillPoint(clean.report()) : processKillPoints(clean.report(), 12))
        .map(
            k -> DynamicTest.dynamicTest(
                k.toString(),
                () -> {
                  LocalRuntime rt = Fixtures.runtime("{}", connector).killAt(k).recordTranscript(true).build();
                  RunReport report = rt.run(Fixtures.workload());
                  assertRecovered(clean, rt, report, 3);
                }));
  }

  @TestFactory
  Stream<DynamicTest> fileTablesInProcess() {
    return fileTables("in-process", FileTablesConnector.inProcess(Codec.PROTO), AckStateDurability.IMMEDIATE, true);
  }

  @TestFactory
  Stream<DynamicTest> fileTablesInProcessLosingAcknowledgedPatches() {
    return fileTables(
        "lost-acks", FileTablesConnector.inProcess(Codec.JSON), AckStateDurability.WITH_NEXT_COMMIT, true);
  }

  @TestFactory
  Stream<DynamicTest> fileTablesAsAProcess() {
    return fileTables("process", FileTablesConnector.process(Codec.PROTO), AckStateDurability.IMMEDIATE, false);
  }

  private Stream<DynamicTest> fileTables(
      String name, ConnectorChannel.Factory connector, AckStateDurability acks, boolean everyPoint) {
    Path cleanFile = file(name, "clean");
    Clean clean =
        clean(Fixtures.runtime(Fixtures.fileConfig(cleanFile), connector).loadBackAtEnd(true).ackStateDurability(acks));
    assertConverged(clean.expected(), clean.report(), cleanFile);
    LocalRuntimeTest.assertExpectedWorkloadContent(clean.expected());
    return (everyPoint ? everyKillPoint(clean.report()) : processKillPoints(clean.report()))
        .map(
            k -> DynamicTest.dynamicTest(
                k.toString(),
                () -> {
                  Path file = file(name, k.kind() + "-" + k.index());
                  LocalRuntime rt =
                      Fixtures.runtime(Fixtures.fileConfig(file), connector)
                          .loadBackAtEnd(true)
                          .ackStateDurability(acks)
                          .killAt(k)
                          .recordTranscript(true)
                          .build();
                  RunReport report = rt.run(Fixtures.workload());
                  if (acks == AckStateDurability.IMMEDIATE) {
                    assertRecovered(clean, rt, report, 4);
                  }
                  assertThat(report.kills()).isEqualTo(1);
                  assertConverged(clean.expected(), report, file);
                  assertSameContent(rt.expected(), clean.expected());
                }));
  }

  /** Protocol-level recovery after exactly one kill in a run of {@code transactions} transactions. */
  static void assertRecovered(Clean clean, LocalRuntime rt, RunReport report, int transactions) {
    assertThat(report.kills()).isEqualTo(1);
    assertThat(report.sessions()).isEqualTo(2);
    List<WireEvent> first = Transcripts.session(report.transcript(), 0, 1);
    List<WireEvent> second = Transcripts.session(report.transcript(), 0, 2);
    assertThat(first.get(first.size() - 1).type()).isEqualTo(WireEvent.Type.KILLED);

    // Re-Open with the committed state: Flow's log as of the kill.
    JsonNode committed = Transcripts.committedState(Transcripts.openState(first), first);
    assertThat(Transcripts.openState(second)).isEqualTo(committed);

    // Every uncommitted transaction is sent again: the same checkpoints, the same keys, in order.
    int committedBefore = (int) Transcripts.commits(first);
    List<?> cleanCheckpoints = Transcripts.startCommitCheckpoints(clean.report().transcript());
    assertThat(Transcripts.startCommitCheckpoints(second))
        .isEqualTo(cleanCheckpoints.subList(committedBefore, cleanCheckpoints.size()));
    List<List<Request.Store>> cleanStores = Transcripts.storesPerTransaction(clean.report().transcript());
    assertThat(keys(Transcripts.storesPerTransaction(second)))
        .isEqualTo(keys(cleanStores.subList(committedBefore, cleanStores.size())));
    long acknowledgesBefore = Transcripts.sent(first, Request::hasAcknowledge).size();
    boolean interrupted = acknowledgesBefore > committedBefore && committedBefore < transactions;
    assertThat(report.replayedTransactions()).isEqualTo(interrupted ? 1 : 0);

    assertThat(rt.shards().get(0).committedTransactions()).isEqualTo(transactions);
    assertThat(Transcripts.commits(report.transcript())).isEqualTo(transactions);
    assertSameContent(rt.expected(), clean.expected());
  }

  /** The endpoint holds the expected content: by Load, in its file, and nothing loaded differed from the model. */
  static void assertConverged(ExpectedContent expected, RunReport report, Path file) {
    assertThat(report.loadMismatches()).isEmpty();
    for (int b = 0; b < 2; b++) {
      assertThat(expected.differences(b, report.loadedBack().getOrDefault(b, Map.of()))).isEmpty();
    }
    assertThat(expected.differences(0, FileTablesConnector.table(file, "orders.v0"))).isEmpty();
    assertThat(expected.differences(1, FileTablesConnector.table(file, "profiles.v0"))).isEmpty();
    List<JsonNode> deltas = new ArrayList<>();
    FileTablesConnector.read(file).path("deltas").path("events.v0").forEach(deltas::add);
    assertThat(deltas).hasSameSizeAs(expected.deltaRows(2));
    IntStream.range(0, deltas.size())
        .forEach(i -> assertThat(ExpectedContent.equivalent(deltas.get(i), expected.deltaRows(2).get(i))).isTrue());
  }

  static void assertSameContent(ExpectedContent actual, ExpectedContent expected) {
    for (int b = 0; b < 2; b++) {
      assertThat(expected.differences(b, actual.table(b))).isEmpty();
    }
    assertThat(actual.deltaRows(2)).containsExactlyInAnyOrderElementsOf(expected.deltaRows(2)); // shards reorder
  }

  private static List<List<String>> keys(List<List<Request.Store>> stores) {
    return stores.stream()
        .map(t -> t.stream()
            .map(s -> s.getBinding() + " " + PackedTuple.of(s.getKeyPacked().toByteArray()).decode())
            .toList())
        .toList();
  }

  private static Path file(String group, String name) {
    try {
      return Files.createDirectories(dir.resolve(group)).resolve(name + ".json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
