package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.flowmat.runtime.proto.Consumer;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;

/** Reading a {@link RunReport#transcript} in tests. */
final class Transcripts {
  private Transcripts() {}

  static List<WireEvent> session(List<WireEvent> events, int shard, int session) {
    return events.stream().filter(e -> e.shard() == shard && e.session() == session).toList();
  }

  static List<Request> sent(List<WireEvent> events, Predicate<Request> filter) {
    List<Request> out = new ArrayList<>();
    for (WireEvent e : events) {
      if (e.type() == WireEvent.Type.SENT && filter.test((Request) e.message())) {
        out.add((Request) e.message());
      }
    }
    return out;
  }

  static List<Consumer.Checkpoint> startCommitCheckpoints(List<WireEvent> events) {
    return sent(events, Request::hasStartCommit).stream().map(r -> r.getStartCommit().getRuntimeCheckpoint()).toList();
  }

  static long commits(List<WireEvent> events) {
    return events.stream().filter(e -> e.type() == WireEvent.Type.COMMITTED).count();
  }

  /** Stores per transaction: the Stores sent before each StartCommit. */
  static List<List<Request.Store>> storesPerTransaction(List<WireEvent> events) {
    List<List<Request.Store>> out = new ArrayList<>();
    List<Request.Store> current = new ArrayList<>();
    for (Request r : sent(events, r -> r.hasStore() || r.hasStartCommit())) {
      if (r.hasStore()) {
        current.add(r.getStore());
      } else {
        out.add(current);
        current = new ArrayList<>();
      }
    }
    return out;
  }

  /**
   * The connector state that Flow's log holds at the end of {@code events} (one session), folded independently of
   * the runtime: Acknowledged updates right away, Flushed and StartedCommit updates at the commit that follows.
   */
  static JsonNode committedState(JsonNode initial, List<WireEvent> events) {
    JsonNode state = initial == null ? JsonNodeFactory.instance.objectNode() : initial;
    List<Response> uncommitted = new ArrayList<>();
    for (WireEvent e : events) {
      if (e.type() == WireEvent.Type.RECEIVED) {
        Response r = (Response) e.message();
        if (r.hasAcknowledged() && r.getAcknowledged().hasState()) {
          state = MergePatch.applyState(state, r.getAcknowledged().getState());
        } else if (r.hasFlushed() || r.hasStartedCommit()) {
          uncommitted.add(r);
        }
      } else if (e.type() == WireEvent.Type.COMMITTED) {
        for (Response r : uncommitted) {
          if (r.hasFlushed() && r.getFlushed().hasState()) {
            state = MergePatch.applyState(state, r.getFlushed().getState());
          }
          if (r.hasStartedCommit() && r.getStartedCommit().hasState()) {
            state = MergePatch.applyState(state, r.getStartedCommit().getState());
          }
        }
        uncommitted.clear();
      } else if (e.type() == WireEvent.Type.SENT && ((Request) e.message()).hasFlush()) {
        uncommitted.clear(); // a new transaction's Flushed
      }
    }
    return state;
  }

  /** The state sent in the session's Open; {@code {}} if it was killed before Open. */
  static JsonNode openState(List<WireEvent> events) {
    List<Request> open = sent(events, Request::hasOpen);
    return open.isEmpty()
        ? JsonNodeFactory.instance.objectNode()
        : DocumentExtractor.parse(open.get(0).getOpen().getStateJson().toByteArray());
  }
}
