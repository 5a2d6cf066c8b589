package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.flowmat.runtime.grpc.GrpcConnectorServer;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;

/**
 * One connector process serving {@code materialize.Connector/Materialize} over gRPC on loopback (the launcher's
 * {@code --grpc-port 0}), as Flow's container serves a task: every {@link #factory() channel} is one stream, which
 * the launcher answers with a fresh connector, so Spec, Validate, Apply and sessions need one JVM start, not one each.
 *
 * <p>A {@link ConnectorChannel#kill kill} is a crash of the container: the process gets SIGKILL (every stream on it
 * ends), and the next channel starts a new one. A stream's "exit code" is 0 when it completed, 1 when it failed, and
 * 137 after a kill. Its {@link ConnectorChannel#stderr stderr} is the process's lines since the stream started.
 */
public final class GrpcConnector implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVING = "serving materialize.Connector over gRPC";
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final int MAX_STDERR_LINES = 10_000;
  private static final int MAX_MESSAGE_BYTES = 256 << 20;

  private final List<String> command;
  private final Map<String, String> env;
  private final Path workDir;
  private final Consumer<String> stderrSink;
  private final List<String> stderr = new ArrayList<>();
  private long stderrLines;
  private Process process;
  private ManagedChannel channel;
  private int starts;

  /**
   * @param command the launcher, e.g. {@code bin/materialize-duckdb}; {@code --grpc-port 0 --grpc-host 127.0.0.1} are
   *     added. Its log level must be {@code info} or finer: the port is read from the launcher's log line.
   * @param stderrSink receives every stderr line as it arrives (e.g. to read the connector's events); may be null
   */
  public GrpcConnector(List<String> command, Map<String, String> env, Path workDir, Consumer<String> stderrSink) {
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.stderrSink = stderrSink;
  }

  /** Channels over this connector: each a new stream, on a process started when none runs. */
  public ConnectorChannel.Factory factory() {
    return this::open;
  }

  /** Processes started so far (one, unless a kill or crash ended one). */
  public synchronized int starts() {
    return starts;
  }

  private synchronized ConnectorChannel open() throws IOException {
    if (process == null || !process.isAlive()) {
      startProcess();
    }
    return new Stream(process, channel, stderrLines);
  }

  private void startProcess() throws IOException {
    stopProcess();
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(List.of("--grpc-port", "0", "--grpc-host", "127.0.0.1"));
    ProcessBuilder builder = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(env);
    Process p = builder.start();
    p.getOutputStream().close(); // the protocol goes over gRPC; stdin is not read
    starts++;
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread pump = new Thread(() -> pumpStderr(p, port), "connector-stderr " + ProcessChannel.displayName(cmd));
    pump.setDaemon(true);
    pump.start();
    int listening;
    try {
      listening = port.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      p.destroyForcibly();
      throw new IOException(ProcessChannel.displayName(command) + " did not start serving gRPC within " + STARTUP);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while starting " + ProcessChannel.displayName(command), e);
    } catch (java.util.concurrent.ExecutionException e) {
      p.destroyForcibly();
      throw new IOException(e.getCause().getMessage(), e.getCause());
    }
    process = p;
    channel = NettyChannelBuilder.forAddress("127.0.0.1", listening).usePlaintext()
        .maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
  }

  private void pumpStderr(Process p, CompletableFuture<Integer> port) {
    String last = "no log output";
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        last = line;
        if (!port.isDone() && line.contains(SERVING)) {
          try {
            JsonNode node = JSON.readTree(line);
            if (node.path("msg").asText().equals(SERVING) && node.path("fields").path("port").canConvertToInt()) {
              port.complete(node.path("fields").path("port").intValue());
            }
          } catch (IOException ignored) {
            // not the launcher's JSON line
          }
        }
        if (stderrSink != null) {
          stderrSink.accept(line);
        }
        synchronized (stderr) {
          if (stderr.size() == MAX_STDERR_LINES) {
            stderr.remove(0);
          }
          stderr.add(line);
          stderrLines++;
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
    port.completeExceptionally(new IOException(ProcessChannel.displayName(command)
        + " exited before serving gRPC: " + lastMessage(last)));
  }

  private static String lastMessage(String line) {
    try {
      return JSON.readTree(line).path("msg").asText(line);
    } catch (IOException e) {
      return line;
    }
  }

  /** The stderr lines numbered {@code from} (counting every line of every process) onward. */
  private List<String> stderrSince(long from) {
    synchronized (stderr) {
      long first = stderrLines - stderr.size();
      int start = (int) Math.max(0, from - first);
      return List.copyOf(stderr.subList(Math.min(start, stderr.size()), stderr.size()));
    }
  }

  private synchronized void kill(Process p) {
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stopProcess() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
    if (process != null && process.isAlive()) {
      // SIGTERM: the launcher closes its server and exits; a stuck one is killed.
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    process = null;
  }

  /** Ends the connector process (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public synchronized void close() {
    stopProcess();
  }

  /** One bidirectional stream. */
  private final class Stream implements ConnectorChannel {
    private final Process process;
    private final long stderrFrom;
    private final ResponseQueue output = new ResponseQueue();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final StreamObserver<Request> requests;
    private volatile boolean killed;
    /** The connector's error, as its stream's status carries it (the shim's status is the last stderr line). */
    private volatile String failure;
    private boolean inputClosed;

    Stream(Process process, ManagedChannel channel, long stderrFrom) {
      this.process = process;
      this.stderrFrom = stderrFrom;
      this.requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(GrpcConnectorServer.MATERIALIZE, CallOptions.DEFAULT),
          new StreamObserver<Response>() {
            @Override
            public void onNext(Response r) {
              output.arrived(r);
            }

            @Override
            public void onError(Throwable t) {
              Status status = Status.fromThrowable(t);
              if (status.getCode() == Status.Code.INTERNAL && status.getDescription() != null) {
                failure = status.getDescription();
              }
              ended(status);
              exit.complete(killed ? 137 : 1);
            }

            @Override
            public void onCompleted() {
              output.ended();
              exit.complete(0);
            }
          });
    }

    @Override
    public String name() {
      return ProcessChannel.displayName(command) + " (gRPC, pid " + process.pid() + ")";
    }

    @Override
    public void send(Request request) throws IOException {
      if (exit.isDone() || !process.isAlive()) {
        throw new IOException(name() + " no longer reads its input: the stream ended");
      }
      synchronized (requests) {
        requests.onNext(request);
      }
    }

    @Override
    public Response receive(Duration timeout) throws IOException, TimeoutException, InterruptedException {
      return output.receive(timeout, name());
    }

    @Override
    public Response poll() {
      return output.poll();
    }

    /**
     * A stream that ended with {@code status}: INTERNAL is the connector failing, like a process that exits 1 after
     * logging its error (awaitExit says 1); any other error is the stream breaking.
     */
    private void ended(Status status) {
      if (status.isOk() || status.getCode() == Status.Code.INTERNAL) {
        output.ended();
      } else {
        output.failed(new IOException("the gRPC stream of " + name() + " failed: " + status.getCode()
            + (status.getDescription() == null ? "" : ": " + status.getDescription())));
      }
    }

    @Override
    public void closeInput() {
      synchronized (requests) {
        if (!inputClosed) {
          inputClosed = true;
          requests.onCompleted();
        }
      }
    }

    @Override
    public int awaitExit(Duration timeout) throws TimeoutException, InterruptedException {
      try {
        return exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        return 1;
      }
    }

    @Override
    public void kill() {
      killed = true;
      GrpcConnector.this.kill(process);
      try {
        exit.get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        exit.complete(137);
      }
    }

    @Override
    public List<String> stderr() {
      List<String> lines = stderrSince(stderrFrom);
      if (failure == null || (!lines.isEmpty() && lines.get(lines.size() - 1).contains(JSON.valueToTree(failure).toString()))) {
        return lines;
      }
      // The process's stderr is read on its own thread and may lag the stream's end: end with the error it reported.
      List<String> out = new ArrayList<>(lines);
      out.add(JSON.createObjectNode().put("level", "error").put("msg", failure).toString());
      return out;
    }

    @Override
    public void close() {
      if (!exit.isDone()) {
        synchronized (requests) {
          requests.onError(Status.CANCELLED.withDescription("the runtime closed the stream").asRuntimeException());
        }
      }
    }
  }
}
