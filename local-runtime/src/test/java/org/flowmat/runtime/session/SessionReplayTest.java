package org.flowmat.runtime.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.grpc.GrpcConnectorServer;
import org.flowmat.runtime.local.ConnectorRun;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import org.flowmat.runtime.testing.MemoryConnectorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One recorded multi-transaction session (probe Spec, Open, pipelined Loads, EOF right after an Acknowledge) replays
 * with the same responses through stdio in both codecs, through a real child process, and through gRPC.
 */
class SessionReplayTest {
  static final List<Request> REQUESTS = ConnectorRun.requests("/sessions/two-transactions.requests.jsonl");
  static final List<JsonNode> EXPECTED = ConnectorRun.jsonLines("/sessions/two-transactions.responses.jsonl");

  @ParameterizedTest
  @EnumSource(Codec.class)
  void replaysOverStdioInProcess(Codec codec) {
    ConnectorRun run = ConnectorRun.inProcess(codec, REQUESTS, Map.of(), "--connector", "memory");
    assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isZero();
    assertSession(run.responses());
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void replaysThroughAChildProcess(Codec codec) {
    ConnectorRun run =
        ConnectorRun.process(
            ConnectorRun.javaCommand("--connector", "memory"), Map.of("LOG_LEVEL", "debug"), codec, REQUESTS, Path.of("."));
    assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isZero();
    assertSession(run.responses());
    // The configured password is a secret: it appears in no log line.
    assertThat(String.join("\n", run.stderr())).doesNotContain("hunter2-secret").contains("\"msg\":\"Running\"");
  }

  @Test
  void replaysOverGrpc() throws Exception {
    try (GrpcConnectorServer server =
        GrpcConnectorServer.start("127.0.0.1", 0, new MemoryConnectorProvider(), ValidatedForm.CURRENT)) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
      try {
        List<Response> responses = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<Request> requests =
            ClientCalls.asyncBidiStreamingCall(
                channel.newCall(GrpcConnectorServer.MATERIALIZE, CallOptions.DEFAULT),
                new StreamObserver<Response>() {
                  @Override
                  public void onNext(Response r) {
                    synchronized (responses) {
                      responses.add(r);
                    }
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(null);
                  }
                });
        REQUESTS.forEach(requests::onNext);
        requests.onCompleted();
        done.get(60, TimeUnit.SECONDS);
        assertSession(responses);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private static void assertSession(List<Response> responses) {
    assertThat(responses).isNotEmpty();
    assertThat(responses.get(0).getSpec().getProtocol()).isEqualTo(3032023);
    List<JsonNode> rest = responses.subList(1, responses.size()).stream().map(ConnectorRun::tree).toList();
    assertThat(rest).containsExactlyElementsOf(EXPECTED);
  }
}
