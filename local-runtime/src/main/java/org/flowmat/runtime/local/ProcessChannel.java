package org.flowmat.runtime.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.flowmat.runtime.codec.Codec;

/**
 * A connector in a child process, as Flow's shim runs an image's entry point: requests on its stdin and responses
 * on its stdout in one {@link Codec} (for JSON the child gets {@code FLOW_RUNTIME_CODEC=json}, as an image's ENV
 * would set it), stderr collected line by line. {@link #kill} is {@link Process#destroyForcibly}: SIGKILL on Linux,
 * so the connector gets no chance to finish anything, exactly like a crashed container.
 */
public final class ProcessChannel extends StreamChannel {
  /** Stderr lines kept per process; older ones are dropped (a counter says how many). */
  private static final int MAX_STDERR_LINES = 10_000;

  private final Process process;
  private final String name;
  private final List<String> stderr = new ArrayList<>();
  private final Thread stderrPump;
  private int droppedLines;

  private ProcessChannel(Process process, Codec codec, String name, Consumer<String> stderrSink) {
    super(codec, process.getOutputStream(), process.getInputStream(), "connector-stdout " + name);
    this.process = process;
    this.name = name;
    this.stderrPump = new Thread(() -> pumpStderr(stderrSink), "connector-stderr " + name);
    stderrPump.setDaemon(true);
    stderrPump.start();
  }

  /**
   * Starts {@code command} in {@code workDir} with {@code env} added to this process's environment.
   *
   * @param stderrSink also receives every stderr line as it arrives (e.g. to echo logs); may be null
   */
  public static ProcessChannel start(
      List<String> command, Map<String, String> env, Codec codec, Path workDir, Consumer<String> stderrSink)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().putAll(env);
    if (codec == Codec.JSON) {
      builder.environment().put(Codec.ENV_VAR, "json");
    } else {
      builder.environment().remove(Codec.ENV_VAR);
    }
    return new ProcessChannel(builder.start(), codec, displayName(command), stderrSink);
  }

  /** The command for messages: the program's file name, and no class path (it can be kilobytes long). */
  static String displayName(List<String> command) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < command.size(); i++) {
      String arg = command.get(i);
      if (i == 0) {
        shown.add(Path.of(arg).getFileName().toString());
      } else if (arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path")) {
        shown.add(arg);
        shown.add("<class path>");
        i++;
      } else {
        shown.add(arg);
      }
    }
    return String.join(" ", shown);
  }

  /** A factory that starts {@code command} anew for every session. */
  public static ConnectorChannel.Factory factory(
      List<String> command, Map<String, String> env, Codec codec, Path workDir) {
    List<String> cmd = List.copyOf(command);
    Map<String, String> environment = Map.copyOf(env);
    return () -> start(cmd, environment, codec, workDir, null);
  }

  private void pumpStderr(Consumer<String> sink) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (sink != null) {
          sink.accept(line);
        }
        synchronized (stderr) {
          if (stderr.size() == MAX_STDERR_LINES) {
            stderr.remove(0);
            droppedLines++;
          }
          stderr.add(line);
        }
      }
    } catch (IOException ignored) {
      // The process ended.
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** The process id, for logs. */
  public long pid() {
    return process.pid();
  }

  @Override
  public int awaitExit(Duration timeout) throws TimeoutException, InterruptedException {
    if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new TimeoutException(name + " did not exit within " + timeout);
    }
    stderrPump.join(1000);
    return process.exitValue();
  }

  @Override
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      stderrPump.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public List<String> stderr() {
    synchronized (stderr) {
      List<String> out = new ArrayList<>(stderr.size() + 1);
      if (droppedLines > 0) {
        out.add("(" + droppedLines + " earlier stderr lines dropped)");
      }
      out.addAll(stderr);
      return out;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
