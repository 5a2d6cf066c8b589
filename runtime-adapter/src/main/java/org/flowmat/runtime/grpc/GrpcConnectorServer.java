package org.flowmat.runtime.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.runtime.launch.Failures;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import org.flowmat.runtime.session.Session;
import org.flowmat.runtime.session.ValidatedForm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code materialize.Connector/Materialize} as Flow's connector shim does: every bidirectional stream gets a
 * fresh connector and runs the same {@link Session} as stdio. The service is wired by hand with protobuf
 * marshallers, which saves a code generator for one method.
 */
public final class GrpcConnectorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcConnectorServer.class);
  /** Documents reach about 16 MiB; leave generous room for the message around them. */
  private static final int MAX_MESSAGE_BYTES = 256 << 20;

  public static final MethodDescriptor<Request, Response> MATERIALIZE =
      MethodDescriptor.<Request, Response>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("materialize.Connector", "Materialize"))
          .setRequestMarshaller(ProtoUtils.marshaller(Request.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(Response.getDefaultInstance()))
          .build();

  private final Server server;
  private final ExecutorService sessions;

  private GrpcConnectorServer(Server server, ExecutorService sessions) {
    this.server = server;
    this.sessions = sessions;
  }

  /** Starts listening on {@code host:port}; port 0 picks a free one (see {@link #port()}). */
  public static GrpcConnectorServer start(String host, int port, ConnectorProvider provider, ValidatedForm form)
      throws IOException {
    return start(host, port, provider, form, false);
  }

  /** The same; {@code dryRunApply} answers Apply with the SQL it would run, as the stdio launcher's option does. */
  public static GrpcConnectorServer start(
      String host, int port, ConnectorProvider provider, ValidatedForm form, boolean dryRunApply) throws IOException {
    ExecutorService sessions = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "grpc-session");
      t.setDaemon(true);
      return t;
    });
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .addService(service(provider, form, dryRunApply, sessions))
            .build()
            .start();
    LOG.atInfo().addKeyValue("port", server.getPort()).log("serving materialize.Connector over gRPC");
    return new GrpcConnectorServer(server, sessions);
  }

  static ServerServiceDefinition service(
      ConnectorProvider provider, ValidatedForm form, boolean dryRunApply, ExecutorService sessions) {
    return ServerServiceDefinition.builder("materialize.Connector")
        .addMethod(MATERIALIZE,
            ServerCalls.asyncBidiStreamingCall(responses -> stream(provider, form, dryRunApply, sessions, responses)))
        .build();
  }

  private static StreamObserver<Request> stream(
      ConnectorProvider provider, ValidatedForm form, boolean dryRunApply, ExecutorService sessions,
      StreamObserver<Response> responses) {
    MaterializationConnector connector = provider.create();
    Session session = new Session(connector, responses::onNext, form).dryRunApply(dryRunApply);
    sessions.execute(
        () -> {
          try {
            // Closed before the stream completes, as a process exits before the shim ends its stream: the next
            // stream's connector may open what this one held (a DuckDB file takes one writer).
            try (connector) {
              session.run();
            }
            responses.onCompleted();
          } catch (Exception e) {
            String message = Failures.message(e);
            if (!Failures.expected(e)) {
              LOG.error("gRPC stream failed", e);
            }
            LOG.error(message);
            responses.onError(Status.INTERNAL.withDescription(message).asRuntimeException());
          }
        });
    return new StreamObserver<>() {
      @Override
      public void onNext(Request request) {
        try {
          session.accept(request);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          session.fail(e);
        }
      }

      @Override
      public void onError(Throwable t) {
        session.fail(t);
      }

      @Override
      public void onCompleted() {
        session.end();
      }
    };
  }

  public int port() {
    return server.getPort();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdown();
    if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
      server.shutdownNow();
    }
    sessions.shutdownNow();
  }
}
