package org.flowmat.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workload split across two shards that share one file (one writer at a time: shards run one after another):
 * each shard opens with its own range and state, stores only its keys, and together they hold what one shard would.
 */
class LocalRuntimeShardsTest {
  @TempDir Path dir;

  @Test
  void twoShardsTogetherHoldWhatOneWould() {
    ExpectedContent single = oneShard(dir.resolve("single.json"));
    Path file = dir.resolve("sharded.json");
    LocalRuntime rt =
        Fixtures.runtime(Fixtures.fileConfig(file), FileTablesConnector.inProcess(Codec.PROTO))
            .shards(2)
            .loadBackAtEnd(true)
            .recordTranscript(true)
            .build();
    RunReport report = rt.run(Fixtures.workload());

    assertThat(report.sessions()).isEqualTo(2);
    List<Flow.RangeSpec> ranges = Shards.split(2);
    for (int s = 0; s < 2; s++) {
      Shard shard = rt.shards().get(s);
      List<WireEvent> events = Transcripts.session(report.transcript(), s, 1);
      assertThat(Transcripts.sent(events, Request::hasOpen).get(0).getOpen().getRange()).isEqualTo(ranges.get(s));
      for (Request store : Transcripts.sent(events, Request::hasStore)) {
        assertThat(Shards.contains(shard.range(), PackedTuple.of(store.getStore().getKeyPacked().toByteArray())))
            .isTrue();
      }
      // Both shards got documents of the workload (and ran the load-back).
      assertThat(shard.committedTransactions()).isGreaterThan(1);
      assertThat(shard.state().path("lastPlan").asLong()).isEqualTo(shard.committedTransactions());
    }
    assertThat(FileTablesConnector.read(file).path("markers").size()).isEqualTo(2);
    LocalRuntimeKillTest.assertSameContent(rt.expected(), single);
    LocalRuntimeKillTest.assertConverged(rt.expected(), report, file);
  }

  @Test
  void aKillInTheSecondShardRecoversThatShardOnly() {
    ExpectedContent single = oneShard(dir.resolve("single.json"));
    Path file = dir.resolve("killed.json");
    LocalRuntime probe =
        Fixtures.runtime(Fixtures.fileConfig(dir.resolve("probe.json")), FileTablesConnector.inProcess(Codec.PROTO))
            .shards(2)
            .loadBackAtEnd(true)
            .recordTranscript(true)
            .build();
    RunReport clean = probe.run(Fixtures.workload());
    long firstShardWrites =
        clean.transcript().stream().filter(e -> e.shard() == 0 && e.type() == WireEvent.Type.SENT).count();

    LocalRuntime rt =
        Fixtures.runtime(Fixtures.fileConfig(file), FileTablesConnector.inProcess(Codec.PROTO))
            .shards(2)
            .loadBackAtEnd(true)
            .killAt(KillPoint.afterWrite(firstShardWrites + 6))
            .recordTranscript(true)
            .build();
    RunReport report = rt.run(Fixtures.workload());
    assertThat(report.kills()).isEqualTo(1);
    assertThat(rt.shards().get(0).sessions()).isEqualTo(1);
    assertThat(rt.shards().get(1).sessions()).isEqualTo(2);
    LocalRuntimeKillTest.assertSameContent(rt.expected(), single);
    LocalRuntimeKillTest.assertConverged(rt.expected(), report, file);
  }

  private static ExpectedContent oneShard(Path file) {
    LocalRuntime rt = Fixtures.runtime(Fixtures.fileConfig(file), FileTablesConnector.inProcess(Codec.PROTO)).build();
    rt.run(Fixtures.workload());
    return rt.expected();
  }
}
