package org.flowmat.runtime.local;

import com.google.protobuf.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;

/**
 * One connector session of a shard, on the wire: every request sent and response read is counted, put in the
 * transcript and checked against the kill points, and every failure names the shard, the session and the
 * transaction it happened in and quotes the connector's last stderr lines. {@link ShardDriver} decides what to
 * send and what a response means; this class only carries them.
 *
 * <p>Session 0 is Apply's exchange, which lies outside the counted protocol: its responses are neither counted nor
 * recorded, and it sends through {@link #sendUncounted}.
 */
final class SessionWire implements AutoCloseable {
  private static final int STDERR_TAIL = 20;

  private final LocalRuntime rt;
  private final Shard shard;
  private final ConnectorChannel channel;
  private final int session;
  /** The transaction being driven, for failure messages; null between transactions. */
  private PlannedTransaction current;

  /** Thrown at a kill point, after the connector was killed; the shard's driver restarts the shard. */
  static final class Killed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Killed() {
      super(null, null, false, false);
    }
  }

  SessionWire(LocalRuntime rt, Shard shard, ConnectorChannel channel, int session) {
    this.rt = rt;
    this.shard = shard;
    this.channel = channel;
    this.session = session;
  }

  String channelName() {
    return channel.name();
  }

  /** Failures from now on name {@code t} (or no transaction, for null). */
  void during(PlannedTransaction t) {
    current = t;
  }

  /** Sends {@code request}, counted and recorded; a kill point after this write kills the connector. */
  void send(Request request) {
    try {
      channel.send(request);
    } catch (IOException e) {
      throw fail("writing " + LocalRuntime.kindOf(request) + " failed (the connector no longer reads its input: "
          + e.getMessage() + ")" + exitInfo());
    }
    rt.writes++;
    event(WireEvent.Type.SENT, request, "");
    KillPoint k = rt.killPointAt(KillPoint.Kind.AFTER_WRITE, rt.writes);
    if (k != null) {
      kill(k);
    }
  }

  /** Sends {@code request} without counting or recording it, leaving a write failure to the caller. */
  void sendUncounted(Request request) throws IOException {
    channel.send(request);
  }

  /** Ends the connector's input (EOF on its stdin). */
  void closeInput() throws IOException {
    channel.closeInput();
  }

  /** The next response, counted and recorded; EOF fails. Call {@link #handled} once it is handled. */
  Response read(String expected) {
    Response r = receive(expected);
    if (r == null) {
      throw fail("expected " + expected + ", but the connector closed its output" + exitInfo());
    }
    return r;
  }

  /** The next response or null at EOF, counted and recorded when it is a response. */
  Response receive(String expected) {
    Response r;
    try {
      r = channel.receive(rt.responseTimeout);
    } catch (TimeoutException e) {
      throw fail("expected " + expected + ", but the connector sent nothing within " + rt.responseTimeout);
    } catch (IOException e) {
      throw fail("expected " + expected + ", but reading failed: " + e.getMessage() + exitInfo());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted while waiting for " + expected);
    }
    if (r != null && session > 0) {
      rt.reads++;
      event(WireEvent.Type.RECEIVED, r, "");
    }
    if (r != null && LocalRuntime.kindOf(r).contains("+")) {
      throw fail("expected " + expected + ", but read a response carrying several messages: " + LocalRuntime.kindOf(r));
    }
    return r;
  }

  /** The last response read is handled: fire a kill point after it, if one is due. */
  void handled() {
    KillPoint k = rt.killPointAt(KillPoint.Kind.AFTER_READ, rt.reads);
    if (k != null) {
      kill(k);
    }
  }

  /** Fails if a response has already arrived {@code where} the protocol allows none. */
  void nothingArrived(String where) {
    Response early;
    try {
      early = channel.poll();
    } catch (IOException e) {
      throw fail("reading failed " + where + ": " + e.getMessage() + exitInfo());
    }
    if (early != null) {
      rt.reads++;
      event(WireEvent.Type.RECEIVED, early, "");
      throw fail("expected no response " + where + ", but read " + LocalRuntime.kindOf(early));
    }
  }

  private void kill(KillPoint k) {
    channel.kill();
    rt.stats.kills++;
    event(WireEvent.Type.KILLED, null, k.toString());
    throw new Killed();
  }

  /** The connector's exit code once its input ended; failing if it does not exit in time. */
  int awaitExit() {
    try {
      return channel.awaitExit(rt.exitTimeout);
    } catch (TimeoutException e) {
      throw fail("the connector did not exit within " + rt.exitTimeout + " after its input ended");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted while waiting for the connector to exit");
    }
  }

  private String exitInfo() {
    try {
      return " (it exited with code " + channel.awaitExit(Duration.ofSeconds(2)) + ")";
    } catch (TimeoutException e) {
      return " (it is still running)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Adds to the transcript, when one is recorded and this is a counted session. */
  void event(WireEvent.Type type, Message message, String note) {
    if (rt.recordTranscript && session > 0) {
      rt.stats.transcript.add(new WireEvent(shard.index(), session, type, message, note));
    }
  }

  LocalRuntimeException unexpected(String expected, Response actual) {
    return fail("expected " + expected + ", but read " + (actual == null ? "EOF" : LocalRuntime.kindOf(actual)));
  }

  LocalRuntimeException fail(String message) {
    return fail(message, null);
  }

  LocalRuntimeException fail(String message, Throwable cause) {
    StringBuilder sb = new StringBuilder("shard ").append(shard.name());
    if (session > 0) {
      sb.append(", session ").append(session);
    }
    if (current != null) {
      sb.append(", ").append(current);
      if (current.attempts > 1) {
        sb.append(" (attempt ").append(current.attempts).append(')');
      }
    }
    sb.append(": ").append(message);
    List<String> err = channel.stderr();
    if (!err.isEmpty()) {
      sb.append("\nconnector stderr (last lines):");
      err.subList(Math.max(0, err.size() - STDERR_TAIL), err.size()).forEach(l -> sb.append("\n  ").append(l));
    }
    return new LocalRuntimeException(sb.toString(), cause);
  }

  /** Kills the connector if it still runs and releases the channel. */
  @Override
  public void close() {
    channel.close();
  }
}
