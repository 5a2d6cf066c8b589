package org.flowmat.runtime.local;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.launch.ConnectorLauncher;

/**
 * A connector run on a thread of this JVM over in-memory pipes: by default {@link ConnectorLauncher#run} with the
 * given arguments, or any {@link ConnectorMain}. Fast, debuggable, and what the kill-at-every-message tests use
 * most.
 *
 * <p><b>Weaker than a process kill.</b> {@link #kill} breaks both pipes (the connector's next read or write fails),
 * interrupts its thread and waits up to {@link #KILL_GRACE} for it to end, then abandons it. Work the connector does
 * without touching the pipes (an apply on another thread, a statement already running) may still complete after
 * the "kill", and static state of the JVM survives; a real process kill stops everything at once. Stderr is not
 * separated either: in-process connectors log into this JVM's own stderr, so {@link #stderr} is empty.
 */
public final class InProcessChannel extends StreamChannel {
  /** How long {@link #kill} waits for the connector thread to end before abandoning it. */
  public static final Duration KILL_GRACE = Duration.ofSeconds(5);

  private static final int PIPE_BYTES = 1 << 16;
  private static final AtomicInteger SEQ = new AtomicInteger();

  /** The body of an in-process connector: reads requests from {@code stdin}, writes responses to {@code stdout}. */
  @FunctionalInterface
  public interface ConnectorMain {
    /** Runs one stream and returns the exit code. */
    int run(InputStream stdin, OutputStream stdout) throws Exception;
  }

  private final BytePipe stdin;
  private final BytePipe stdout;
  private final Thread thread;
  private final String name;
  private volatile int exitCode = -1;
  private volatile Throwable failure;

  private InProcessChannel(Codec codec, BytePipe stdin, BytePipe stdout, ConnectorMain main, String name) {
    super(codec, stdin.sink(), stdout.source(), "connector-stdout " + name);
    this.stdin = stdin;
    this.stdout = stdout;
    this.name = name;
    this.thread = new Thread(() -> body(main), name);
    thread.setDaemon(true);
    thread.start();
  }

  private void body(ConnectorMain main) {
    int code = 1;
    try {
      code = main.run(stdin.source(), stdout.sink());
    } catch (Throwable t) {
      failure = t;
    } finally {
      exitCode = code;
      stdout.closeWrite(); // EOF for the reader, as when a process exits
      stdin.closeRead(); // later writes fail, as on a dead process's stdin
    }
  }

  /** Starts {@code main} on a new thread. */
  public static InProcessChannel start(Codec codec, String name, ConnectorMain main) {
    String n = name + " #" + SEQ.incrementAndGet();
    return new InProcessChannel(codec, new BytePipe(PIPE_BYTES), new BytePipe(PIPE_BYTES), main, n);
  }

  /** A factory running {@code main} anew for every session. */
  public static ConnectorChannel.Factory factory(Codec codec, String name, ConnectorMain main) {
    return () -> start(codec, name, main);
  }

  /**
   * A factory running {@link ConnectorLauncher#run} with {@code args} (e.g. {@code --connector memory}), the codec
   * selected as Flow does, through {@code FLOW_RUNTIME_CODEC}.
   */
  public static ConnectorChannel.Factory launcher(Codec codec, String... args) {
    String[] argv = args.clone();
    Map<String, String> env = codec == Codec.JSON ? Map.of(Codec.ENV_VAR, "json") : Map.of();
    return factory(codec, "in-process " + String.join(" ", argv), (in, out) -> ConnectorLauncher.run(argv, in, out, env));
  }

  @Override
  public String name() {
    return name;
  }

  /** What the connector body threw, if it threw instead of returning an exit code. */
  public Throwable failure() {
    return failure;
  }

  @Override
  public int awaitExit(Duration timeout) throws TimeoutException, InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    if (thread.isAlive()) {
      throw new TimeoutException(name + " did not end within " + timeout);
    }
    return exitCode;
  }

  @Override
  public void kill() {
    stdin.kill();
    stdout.kill();
    thread.interrupt();
    try {
      thread.join(KILL_GRACE.toMillis()); // still alive after that: abandoned (it is a daemon thread)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public List<String> stderr() {
    return List.of();
  }

  @Override
  public void close() {
    if (thread.isAlive()) {
      kill();
    }
  }
}
