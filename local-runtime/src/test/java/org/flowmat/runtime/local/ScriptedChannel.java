package org.flowmat.runtime.local;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;

/**
 * A connector played by a script, to make it misbehave on purpose. By default it behaves: it answers every request
 * at once, keeps stored documents in a map (non-transactionally) and Loads from it. A {@link Misbehaviour} bends
 * exactly one rule.
 */
final class ScriptedChannel implements ConnectorChannel {
  enum Misbehaviour {
    NONE,
    WRONG_PROTOCOL,
    LOADED_BEFORE_ACKNOWLEDGED,
    FLUSHED_BEFORE_FLUSH,
    LOADED_TWICE,
    LOADED_NOT_REQUESTED,
    LOADED_FOR_DELTA_BINDING,
    RESPONSE_DURING_STORES,
    NO_STARTED_COMMIT,
    HANGS_AT_FLUSH,
    NO_ACKNOWLEDGED_AT_SHUTDOWN,
    EXIT_NONZERO
  }

  private final Misbehaviour mis;
  private final Map<String, ByteString> table;
  private final Deque<Response> out = new ArrayDeque<>();
  private final List<Request.Load> loads = new ArrayList<>();
  private boolean inputClosed;
  private int acknowledges;

  private ScriptedChannel(Misbehaviour mis, Map<String, ByteString> table) {
    this.mis = mis;
    this.table = table;
  }

  /** A factory whose connectors share one table, as a warehouse outlives its connectors. */
  static ConnectorChannel.Factory factory(Misbehaviour mis) {
    Map<String, ByteString> table = new HashMap<>();
    return () -> new ScriptedChannel(mis, table);
  }

  private static String id(int binding, ByteString key) {
    return binding + ":" + key.toStringUtf8();
  }

  @Override
  public String name() {
    return "scripted " + mis;
  }

  @Override
  public void send(Request r) throws IOException {
    if (inputClosed) {
      throw new IOException("input closed");
    }
    if (r.hasSpec()) {
      int protocol = mis == Misbehaviour.WRONG_PROTOCOL ? 1 : LocalRuntime.PROTOCOL;
      out.add(Response.newBuilder().setSpec(Response.Spec.newBuilder().setProtocol(protocol)).build());
    } else if (r.hasOpen()) {
      out.add(Response.newBuilder().setOpened(Response.Opened.getDefaultInstance()).build());
    } else if (r.hasAcknowledge()) {
      acknowledges++;
      if (mis == Misbehaviour.LOADED_BEFORE_ACKNOWLEDGED && acknowledges == 2) {
        return; // Acknowledged comes after the Loaded, below
      }
      out.add(acknowledged());
      if (mis == Misbehaviour.FLUSHED_BEFORE_FLUSH && acknowledges == 2) {
        out.add(Response.newBuilder().setFlushed(Response.Flushed.getDefaultInstance()).build());
      }
    } else if (r.hasLoad()) {
      loads.add(r.getLoad());
      if (mis == Misbehaviour.LOADED_BEFORE_ACKNOWLEDGED && acknowledges == 2) {
        ByteString doc = table.get(id(r.getLoad().getBinding(), r.getLoad().getKeyPacked()));
        if (doc != null) {
          out.add(loaded(r.getLoad().getBinding(), doc));
          out.add(acknowledged());
        }
      }
    } else if (r.hasFlush()) {
      if (mis == Misbehaviour.HANGS_AT_FLUSH) {
        return;
      }
      for (Request.Load load : loads) {
        ByteString doc = table.get(id(load.getBinding(), load.getKeyPacked()));
        if (doc != null) {
          out.add(loaded(load.getBinding(), doc));
          if (mis == Misbehaviour.LOADED_TWICE) {
            out.add(loaded(load.getBinding(), doc));
          }
        }
      }
      if (mis == Misbehaviour.LOADED_NOT_REQUESTED && !loads.isEmpty()) {
        out.add(loaded(0, ByteString.copyFromUtf8("{\"id\":999}")));
      }
      if (mis == Misbehaviour.LOADED_FOR_DELTA_BINDING && !loads.isEmpty()) {
        out.add(loaded(2, ByteString.copyFromUtf8("{\"id\":1}")));
      }
      loads.clear();
      out.add(Response.newBuilder().setFlushed(Response.Flushed.getDefaultInstance()).build());
    } else if (r.hasStore()) {
      Request.Store s = r.getStore();
      if (s.getDelete()) {
        table.remove(id(s.getBinding(), s.getKeyPacked()));
      } else {
        table.put(id(s.getBinding(), s.getKeyPacked()), s.getDocJson());
      }
      if (mis == Misbehaviour.RESPONSE_DURING_STORES) {
        out.add(acknowledged());
      }
    } else if (r.hasStartCommit()) {
      out.add(
          mis == Misbehaviour.NO_STARTED_COMMIT
              ? acknowledged()
              : Response.newBuilder()
                  .setStartedCommit(
                      Response.StartedCommit.newBuilder()
                          .setState(
                              Flow.ConnectorState.newBuilder()
                                  .setUpdatedJson(ByteString.copyFromUtf8("{\"commits\":" + acknowledges + "}"))
                                  .setMergePatch(true)))
                  .build());
    }
  }

  private static Response acknowledged() {
    return Response.newBuilder().setAcknowledged(Response.Acknowledged.getDefaultInstance()).build();
  }

  private static Response loaded(int binding, ByteString doc) {
    return Response.newBuilder().setLoaded(Response.Loaded.newBuilder().setBinding(binding).setDocJson(doc)).build();
  }

  @Override
  public Response receive(Duration timeout) throws TimeoutException {
    if (!out.isEmpty()) {
      return out.poll();
    }
    if (inputClosed) {
      return null;
    }
    throw new TimeoutException("scripted connector has nothing to say");
  }

  @Override
  public Response poll() {
    return out.poll();
  }

  @Override
  public void closeInput() {
    inputClosed = true;
    if (mis == Misbehaviour.NO_ACKNOWLEDGED_AT_SHUTDOWN) {
      out.clear();
    }
  }

  @Override
  public int awaitExit(Duration timeout) {
    return mis == Misbehaviour.EXIT_NONZERO ? 1 : 0;
  }

  @Override
  public void kill() {
    inputClosed = true;
  }

  @Override
  public List<String> stderr() {
    return List.of("scripted connector: " + mis);
  }

  @Override
  public void close() {}
}
