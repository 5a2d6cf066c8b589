package org.flowmat.runtime.local;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;

/**
 * One running connector, as Flow's runtime sees it: a stream of requests in, a stream of responses out, log lines
 * on the side, an exit code at the end. One channel carries one protocol stream (one session); a restart is a new
 * channel from the same {@link Factory}.
 *
 * <p>Implementations: {@link ProcessChannel} (a child process, killed for real) and {@link InProcessChannel} (the
 * launcher on a thread of this JVM over in-memory pipes; a weaker kill). Tests may supply scripted ones.
 *
 * <p>Responses are read ahead on a thread of the channel's own, so a connector never blocks on its output while
 * the runtime is still writing. A channel is used by one driving thread.
 */
public interface ConnectorChannel extends AutoCloseable {

  /** Starts a fresh connector (a new process, or a new in-process run) for one stream. */
  @FunctionalInterface
  interface Factory {
    ConnectorChannel start() throws IOException;
  }

  /** A short description for messages, e.g. the command line. */
  String name();

  /**
   * Writes one request; it is complete on the wire (flushed) when this returns.
   *
   * @throws IOException if the connector no longer reads its input (it exited or was killed)
   */
  void send(Request request) throws IOException;

  /**
   * The next response, waiting up to {@code timeout}.
   *
   * @return the response, or {@code null} once the connector closed its output cleanly (EOF between messages)
   * @throws IOException if the output is malformed or reading it failed
   * @throws TimeoutException if nothing arrived in time
   */
  Response receive(Duration timeout) throws IOException, TimeoutException, InterruptedException;

  /**
   * A response that has already arrived, without waiting; {@code null} if none has (nor at EOF). Lets the runtime
   * check that a connector sent nothing where the protocol allows nothing.
   */
  Response poll() throws IOException;

  /** Closes the connector's input: EOF on its stdin. */
  void closeInput() throws IOException;

  /**
   * Waits for the connector to end and returns its exit code.
   *
   * @throws TimeoutException if it is still running after {@code timeout}
   */
  int awaitExit(Duration timeout) throws TimeoutException, InterruptedException;

  /** Ends the connector abruptly, without letting it finish anything; see each implementation for how hard. */
  void kill();

  /** The connector's stderr lines so far (empty where the implementation cannot separate them). */
  List<String> stderr();

  /** Kills the connector if it still runs, and releases the channel's threads. */
  @Override
  void close();
}
