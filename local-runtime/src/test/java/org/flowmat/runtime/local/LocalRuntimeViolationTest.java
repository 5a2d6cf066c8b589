package org.flowmat.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.flowmat.runtime.local.ScriptedChannel.Misbehaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every protocol rule the runtime checks fails the run loudly, naming what it expected and what it read. */
class LocalRuntimeViolationTest {

  @Test
  void aWellBehavedScriptPasses() {
    LocalRuntime rt = Fixtures.runtime("{}", ScriptedChannel.factory(Misbehaviour.NONE)).loadBackAtEnd(true).build();
    RunReport report = rt.run(Fixtures.workload());
    assertThat(report.loadMismatches()).isEmpty();
    assertThat(report.committedTransactions()).isEqualTo(4);
    // StartedCommit states are merged into the durable state.
    JsonNode state = rt.shards().get(0).state();
    assertThat(state.path("commits").asInt()).isEqualTo(4);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "WRONG_PROTOCOL | session 1: expected Spec.protocol 3032023, but read 1",
        "LOADED_BEFORE_ACKNOWLEDGED | transaction 2: expected Acknowledged after Acknowledge and 5 Load(s), but read Loaded(binding 0)",
        "FLUSHED_BEFORE_FLUSH | transaction 2: expected no response between Acknowledged and Flush (Flush is not sent yet), but read Flushed",
        "LOADED_TWICE | transaction 2: Loaded key [2] of binding 0 twice in one transaction",
        "LOADED_NOT_REQUESTED | transaction 1: Loaded a document of binding 0 with key [999], which this transaction did not Load",
        "LOADED_FOR_DELTA_BINDING | transaction 1: Loaded a document of delta-updates binding 2, which is never loaded",
        "RESPONSE_DURING_STORES | transaction 1: expected no response between Flushed and StartedCommit (during Stores), but read Acknowledged",
        "NO_STARTED_COMMIT | transaction 1: expected StartedCommit after StartCommit, but read Acknowledged",
        "HANGS_AT_FLUSH | transaction 1: expected Loaded or Flushed after Flush, but the connector sent nothing within PT0.2S",
        "NO_ACKNOWLEDGED_AT_SHUTDOWN | session 1: expected Acknowledged after the final Acknowledge and EOF, but the connector closed its output",
        "EXIT_NONZERO | session 1: expected exit code 0 after a clean shutdown, but the connector exited with 1",
      })
  void failsLoudly(Misbehaviour mis, String message) {
    LocalRuntime rt =
        Fixtures.runtime("{}", ScriptedChannel.factory(mis)).responseTimeout(Duration.ofMillis(200)).build();
    assertThatThrownBy(() -> rt.run(Fixtures.workload()))
        .isInstanceOf(LocalRuntimeException.class)
        .hasMessageStartingWith("shard 00000000-ffffffff, ")
        .hasMessageContaining(message)
        .hasMessageContaining("scripted connector: " + mis); // the connector's last stderr lines
  }
}
