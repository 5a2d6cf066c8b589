package org.flowmat.runtime.local;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flowmat.runtime.proto.Materialize.Response;

/**
 * A connector's responses as a reader thread hands them over (from decoded stdout, or a gRPC stream), with how the
 * stream ended: the runtime waits for them with a timeout or polls without waiting. After the end, every later
 * {@link #receive} repeats it (null for an end, the same exception for a failure).
 */
final class ResponseQueue {
  private sealed interface Item {}

  private record Arrived(Response response) implements Item {}

  private record Ended() implements Item {}

  private record Failed(IOException cause) implements Item {}

  private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
  private Item terminal;

  void arrived(Response response) {
    items.add(new Arrived(response));
  }

  /** The stream ended; the connector's exit code says how. */
  void ended() {
    items.add(new Ended());
  }

  /** The stream broke: {@code cause} is thrown by this and every later {@link #receive}. */
  void failed(IOException cause) {
    items.add(new Failed(cause));
  }

  /** The next response, or null once the stream ended; {@code source} names the connector in a timeout. */
  Response receive(Duration timeout, String source) throws IOException, TimeoutException, InterruptedException {
    Item item = terminal != null ? terminal : items.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (item == null) {
      throw new TimeoutException("no response from " + source + " within " + timeout);
    }
    if (item instanceof Arrived a) {
      return a.response();
    }
    terminal = item; // ends and failures repeat on every later call
    if (item instanceof Failed f) {
      throw f.cause();
    }
    return null;
  }

  /** The next response if one has arrived, without waiting; null otherwise (and after the end). */
  Response poll() {
    if (terminal != null) {
      return null;
    }
    if (items.peek() instanceof Arrived a) {
      items.poll();
      return a.response();
    }
    return null;
  }
}
