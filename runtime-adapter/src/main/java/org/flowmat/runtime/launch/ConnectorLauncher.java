package org.flowmat.runtime.launch;

import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.codec.MessageReader;
import org.flowmat.runtime.grpc.GrpcConnectorServer;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.session.Session;
import org.flowmat.runtime.session.ValidatedForm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The entry point of every connector image ({@code bin/materialize-*}): Flow's materialization protocol over stdio,
 * or over gRPC with {@code --grpc-port}. Exits 0 when the stream ends cleanly; otherwise logs the user-facing error
 * as the last stderr line and exits 1.
 */
@Command(
    name = "materialize",
    mixinStandardHelpOptions = true,
    description = "Runs a flowmat materialization connector over Flow's protocol (stdio by default).")
public final class ConnectorLauncher implements Callable<Integer> {

  @Option(
      names = "--connector",
      description = "Connector to run (duckdb, snowflake, bigquery); default: the only one on the class path, else duckdb.",
      defaultValue = "${env:FLOWMAT_CONNECTOR}")
  String connector;

  @Option(names = "--grpc-port", description = "Serve materialize.Connector/Materialize on this port instead of stdio.")
  Integer grpcPort;

  @Option(names = "--grpc-host", description = "Address the gRPC server binds (default: ${DEFAULT-VALUE}).", defaultValue = "0.0.0.0")
  String grpcHost;

  @Option(
      names = "--codec",
      description = "proto or json; default from FLOW_RUNTIME_CODEC as Flow sets it (json selects JSON lines).")
  Codec codec;

  @Option(
      names = "--validated-form",
      description = "CURRENT (projectionConstraints) or WITH_LEGACY_MAP for runtimes older than mid-2026.",
      defaultValue = "${env:FLOWMAT_VALIDATED_FORM:-CURRENT}")
  ValidatedForm validatedForm;

  @Option(
      names = "--dry-run-apply",
      description = "Answer Apply with the SQL it would run, reading the warehouse's information schema only.",
      defaultValue = "${env:FLOWMAT_DRY_RUN_APPLY:-false}")
  boolean dryRunApply;

  private final InputStream in;
  private final OutputStream out;
  private final Map<String, String> env;

  ConnectorLauncher(InputStream in, OutputStream out, Map<String, String> env) {
    this.in = in;
    this.out = out;
    this.env = env;
  }

  public static void main(String[] args) {
    // The protocol owns stdout. Anything else that prints (a driver, a library's banner) goes to stderr instead.
    OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    Termination.install();
    int code = run(args, System.in, protocolOut, System.getenv());
    if (Termination.requested()) {
      Termination.logStopped();
      code = Termination.EXIT_CODE;
    }
    System.exit(code);
  }

  /** Runs one connector process and returns its exit code; tests call this in-process. */
  public static int run(String[] args, InputStream in, OutputStream out, Map<String, String> env) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    CommandLine cli = new CommandLine(new ConnectorLauncher(in, out, env)).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          Logger log = LoggerFactory.getLogger(ConnectorLauncher.class);
          if (Termination.requested()) {
            log.atDebug().log("the session stopped on SIGTERM: " + Failures.message(e));
            return Termination.EXIT_CODE; // the entry point logs the last line
          }
          if (!Failures.expected(e)) {
            log.error("connector failed", e);
          }
          log.error(Failures.message(e)); // Flow shows the last stderr line: keep it the user-facing error.
          return 1;
        });
    cli.setParameterExceptionHandler(
        (e, a) -> {
          LoggerFactory.getLogger(ConnectorLauncher.class).error("invalid arguments: " + e.getMessage());
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    ConnectorProvider provider = ConnectorProviders.find(connector);
    if (grpcPort != null) {
      try (GrpcConnectorServer server = GrpcConnectorServer.start(grpcHost, grpcPort, provider, validatedForm, dryRunApply)) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server)));
        Termination.whileRunning(() -> closeQuietly(server), () -> "gRPC server closed");
        server.awaitTermination();
      }
      return 0;
    }
    Codec wire = codec == null ? Codec.fromEnvironment(env) : codec;
    try (MaterializationConnector conn = provider.create();
        MessageReader<Request> reader =
            wire.reader(new BufferedInputStream(in, 1 << 16), Request.getDefaultInstance())) {
      Session session = new Session(conn, wire.writer(out), validatedForm).dryRunApply(dryRunApply);
      Thread pump = new Thread(() -> pump(reader, session), "stdin-reader");
      pump.setDaemon(true);
      pump.start();
      Termination.whileRunning(() -> session.fail(new ConnectorException("terminated by SIGTERM")), session::progress);
      session.run();
    }
    return 0;
  }

  /** Feeds a session from a reader until EOF or failure: the stdin thread of a connector process. */
  public static void pump(MessageReader<Request> reader, Session session) {
    try {
      Request request;
      while ((request = reader.read()) != null) {
        session.accept(request);
      }
      session.end();
    } catch (Throwable t) {
      session.fail(t);
    }
  }

  private static void closeQuietly(GrpcConnectorServer server) {
    try {
      server.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
