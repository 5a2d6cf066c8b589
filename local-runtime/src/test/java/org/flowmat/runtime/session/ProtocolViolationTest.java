package org.flowmat.runtime.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.local.ConnectorRun;
import org.flowmat.runtime.proto.Materialize.Request;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every ordering violation ends the connector with exit 1 and a last log line naming what was expected and read. */
class ProtocolViolationTest {
  private static final List<Request> R = SessionReplayTest.REQUESTS;
  // Indexes into the recorded session: 0 spec, 1 open, 2 ack, 3 load, 4 flush, 5-6 store, 7 startCommit, 8 ack.
  private static final Request SPEC = R.get(0), OPEN = R.get(1), ACK = R.get(2), LOAD = R.get(3), FLUSH = R.get(4),
      STORE = R.get(5), COMMIT = R.get(7);

  static Stream<Arguments> violations() {
    Request validate = Request.newBuilder().setValidate(Request.Validate.newBuilder().setName("x")).build();
    Request empty = Request.getDefaultInstance();
    Request both = LOAD.toBuilder().setFlush(Request.Flush.getDefaultInstance()).build();
    Request badBinding = LOAD.toBuilder().setLoad(LOAD.getLoad().toBuilder().setBinding(7)).build();
    return Stream.of(
        Arguments.of("store first", List.of(STORE), "expected Spec, Validate, Apply or Open to start the stream, but read Store"),
        Arguments.of("two unary requests", List.of(SPEC, validate, validate), "expected EOF after the unary Validated response, but read Validate"),
        Arguments.of("load after opened", List.of(SPEC, OPEN, LOAD), "expected Acknowledge after Opened, but read Load"),
        Arguments.of("duplicate acknowledge", List.of(SPEC, OPEN, ACK, ACK), "duplicate Acknowledge"),
        Arguments.of("store before flush", List.of(SPEC, OPEN, ACK, STORE), "expected Load or Flush after Acknowledge, but read Store"),
        Arguments.of("load after flush", List.of(SPEC, OPEN, ACK, FLUSH, LOAD), "expected Store or StartCommit after Flushed, but read Load"),
        Arguments.of("store after commit", List.of(SPEC, OPEN, ACK, FLUSH, STORE, COMMIT, STORE), "expected Acknowledge after StartedCommit, but read Store"),
        Arguments.of("EOF after opened", List.of(SPEC, OPEN), "expected Acknowledge after Opened, but read EOF"),
        Arguments.of("EOF after loads", List.of(SPEC, OPEN, ACK, LOAD), "expected Flush after 1 Loads, but read EOF"),
        Arguments.of("EOF while storing", List.of(SPEC, OPEN, ACK, FLUSH, STORE), "expected Store or StartCommit after Flushed, but read EOF"),
        Arguments.of("EOF first", List.of(), "expected a request, but read EOF"),
        Arguments.of("empty request", List.of(SPEC, empty), "carries no message"),
        Arguments.of("two messages in one", List.of(SPEC, OPEN, ACK, both), "more than one message: Load and Flush"),
        Arguments.of("unknown binding", List.of(SPEC, OPEN, ACK, badBinding), "Load names binding 7, but the materialization has 1 binding(s)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void failsWithANamedViolation(String name, List<Request> requests, String expected) {
    for (Codec codec : Codec.values()) {
      ConnectorRun run = ConnectorRun.inProcess(codec, new ArrayList<>(requests), Map.of(), "--connector", "memory");
      assertThat(run.exitCode()).as("%s over %s", name, codec).isEqualTo(1);
      assertThat(run.lastMessage()).as("%s over %s", name, codec).contains(expected);
    }
  }
}
