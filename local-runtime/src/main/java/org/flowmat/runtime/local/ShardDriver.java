package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.local.LocalRuntime.AckStateDurability;
import org.flowmat.runtime.proto.Consumer;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;

/**
 * Runs one shard's sessions for one {@link LocalRuntime#run}: the protocol loop, kills and recovery. What goes
 * over the wire, counted, recorded and killed at, is {@link SessionWire}'s part.
 */
final class ShardDriver {
  private final LocalRuntime rt;
  private final Shard shard;
  private final LocalRuntime.RunStats stats;

  /** The wire of the session being driven. */
  private SessionWire wire;
  /** Acknowledged state updates not yet durable ({@link AckStateDurability#WITH_NEXT_COMMIT}); lost on a kill. */
  private final List<Flow.ConnectorState> ackStates = new ArrayList<>();

  private record BindingKey(int binding, PackedTuple key) {}

  /** A transaction's documents reduced per key, and the Loads it sends, in first-appearance order. */
  private record Prepared(Map<BindingKey, JsonNode> reduced, List<BindingKey> loads, Set<BindingKey> loadSet) {}

  ShardDriver(LocalRuntime rt, Shard shard) {
    this.rt = rt;
    this.shard = shard;
    this.stats = rt.stats;
  }

  void run() {
    for (int restarts = 0; ; restarts++) {
      try {
        session();
        return;
      } catch (SessionWire.Killed k) {
        if (restarts >= rt.maxRestarts) {
          throw new LocalRuntimeException(
              "shard " + shard.name() + ": still not done after " + rt.maxRestarts + " restarts");
        }
      }
    }
  }

  // ---- one session -------------------------------------------------------------------------------------------

  private void session() {
    shard.sessions++;
    stats.sessions++;
    ackStates.clear();
    try {
      wire = new SessionWire(rt, shard, rt.connector.start(), shard.sessions);
    } catch (IOException e) {
      throw new LocalRuntimeException("shard " + shard.name() + ": cannot start the connector: " + e.getMessage(), e);
    }
    try {
      wire.event(WireEvent.Type.STARTED, null, wire.channelName());
      wire.send(specProbe());
      Response spec = wire.read("Spec (answering the probe)");
      if (!spec.hasSpec()) {
        throw wire.unexpected("Spec (answering the probe)", spec);
      }
      if (spec.getSpec().getProtocol() != LocalRuntime.PROTOCOL) {
        throw wire.fail("expected Spec.protocol " + LocalRuntime.PROTOCOL + ", but read " + spec.getSpec().getProtocol());
      }
      wire.handled();

      wire.send(
          Request.newBuilder()
              .setOpen(
                  Request.Open.newBuilder()
                      .setMaterialization(rt.materialization)
                      .setVersion(rt.version)
                      .setRange(shard.range())
                      .setStateJson(json(shard.state)))
              .build());
      Response opened = wire.read("Opened after Open");
      if (!opened.hasOpened()) {
        throw wire.unexpected("Opened after Open", opened);
      }
      onOpened(opened.getOpened());
      wire.handled();

      while (!shard.pending.isEmpty()) {
        transaction(shard.pending.get(0));
      }
      wire.during(null);

      // Clean shutdown: EOF right after an Acknowledge.
      wire.send(acknowledge());
      try {
        wire.closeInput();
      } catch (IOException e) {
        throw wire.fail("closing the connector's input failed: " + e.getMessage());
      }
      Response last = wire.read("Acknowledged after the final Acknowledge and EOF");
      if (!last.hasAcknowledged()) {
        throw wire.unexpected("Acknowledged after the final Acknowledge and EOF", last);
      }
      onAcknowledged(last.getAcknowledged());
      wire.handled();
      Response extra = wire.receive("EOF after the final Acknowledged");
      if (extra != null) {
        throw wire.unexpected("EOF after the final Acknowledged", extra);
      }
      int exit = wire.awaitExit();
      if (exit != 0) {
        throw wire.fail("expected exit code 0 after a clean shutdown, but the connector exited with " + exit);
      }
      wire.event(WireEvent.Type.EXITED, null, "exit 0");
    } catch (SessionWire.Killed | LocalRuntimeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw wire.fail("failed: " + e, e);
    } finally {
      wire.close();
    }
  }

  private void onOpened(Response.Opened opened) {
    if (!opened.hasRuntimeCheckpoint() || opened.getRuntimeCheckpoint().equals(shard.checkpoint)) {
      return; // Flow uses its recovery log's checkpoint, which is the shard's.
    }
    // A remote-authoritative connector: Flow resumes from exactly its checkpoint.
    Consumer.Checkpoint cp = opened.getRuntimeCheckpoint();
    List<PlannedTransaction> all = new ArrayList<>(shard.history);
    List<PlannedTransaction> loadBacks = new ArrayList<>();
    for (PlannedTransaction t : shard.pending) {
      (t.loadBack ? loadBacks : all).add(t);
    }
    int resumeAfter = -1; // an empty checkpoint: from the very beginning
    if (!cp.equals(Consumer.Checkpoint.getDefaultInstance())) {
      resumeAfter = -2;
      for (int i = all.size() - 1; i >= 0; i--) {
        if (all.get(i).checkpoint.equals(cp)) {
          resumeAfter = i;
          break;
        }
      }
      if (resumeAfter == -2) {
        throw wire.fail("Opened carries a runtime checkpoint this runtime never sent in a StartCommit: " + cp);
      }
    }
    shard.expected.clear();
    for (int i = 0; i <= resumeAfter; i++) {
      advanceModel(all.get(i), prepare(all.get(i)));
    }
    shard.history = new ArrayList<>(all.subList(0, resumeAfter + 1));
    List<PlannedTransaction> pending = new ArrayList<>(all.subList(resumeAfter + 1, all.size()));
    pending.addAll(loadBacks);
    shard.pending = pending;
    shard.checkpoint = cp;
  }

  // ---- one transaction ---------------------------------------------------------------------------------------

  private void transaction(PlannedTransaction t) {
    wire.during(t);
    if (++t.attempts > 1) {
      stats.replayed++;
    }
    Prepared p = prepare(t);

    // Acknowledge of the previous transaction, then this one's Loads without waiting for Acknowledged.
    wire.send(acknowledge());
    for (BindingKey bk : p.loads()) {
      wire.send(
          Request.newBuilder()
              .setLoad(Request.Load.newBuilder().setBinding(bk.binding()).setKeyPacked(bytes(bk.key())))
              .build());
    }
    String ackExpected = "Acknowledged after Acknowledge and " + p.loads().size() + " Load(s)";
    Response ack = wire.read(ackExpected);
    if (!ack.hasAcknowledged()) {
      throw wire.unexpected(ackExpected, ack);
    }
    onAcknowledged(ack.getAcknowledged());
    wire.handled();
    wire.nothingArrived("between Acknowledged and Flush (Flush is not sent yet)");

    wire.send(Request.newBuilder().setFlush(Request.Flush.getDefaultInstance()).build());
    Map<BindingKey, JsonNode> loaded = new HashMap<>();
    Flow.ConnectorState flushedState = null;
    while (true) {
      Response r = wire.read("Loaded or Flushed after Flush");
      if (r.hasLoaded()) {
        onLoaded(r.getLoaded(), p, loaded);
        wire.handled();
      } else if (r.hasFlushed()) {
        flushedState = r.getFlushed().hasState() ? r.getFlushed().getState() : null;
        wire.handled();
        break;
      } else {
        throw wire.unexpected("Loaded or Flushed after Flush", r);
      }
    }
    compareLoads(t, p, loaded);

    for (Request store : stores(p, loaded)) {
      wire.send(store);
    }
    wire.nothingArrived("between Flushed and StartedCommit (during Stores)");
    wire.send(
        Request.newBuilder()
            .setStartCommit(Request.StartCommit.newBuilder().setRuntimeCheckpoint(t.checkpoint))
            .build());
    Response started = wire.read("StartedCommit after StartCommit");
    if (!started.hasStartedCommit()) {
      throw wire.unexpected("StartedCommit after StartCommit", started);
    }
    commit(t, p, loaded, flushedState, started.getStartedCommit());
    wire.handled();
  }

  private Prepared prepare(PlannedTransaction t) {
    Map<BindingKey, JsonNode> reduced = new LinkedHashMap<>();
    List<BindingKey> loads = new ArrayList<>();
    Set<BindingKey> loadSet = new HashSet<>();
    if (t.loadBack) {
      shard.seenKeys.forEach(
          (b, keys) -> keys.forEach(k -> {
            BindingKey bk = new BindingKey(b, k);
            loads.add(bk);
            loadSet.add(bk);
          }));
    }
    for (Transaction.Document d : t.documents) {
      int b = d.binding();
      BindingKey bk = new BindingKey(b, rt.extractors[b].key(d.doc()));
      reduced.put(bk, Reducer.reduce(rt.reductions[b], reduced.get(bk), d.doc()));
      if (!rt.delta[b] && loadSet.add(bk)) {
        loads.add(bk);
      }
    }
    return new Prepared(reduced, loads, loadSet);
  }

  private void onLoaded(Response.Loaded loaded, Prepared p, Map<BindingKey, JsonNode> docs) {
    int b = loaded.getBinding();
    if (b < 0 || b >= rt.extractors.length) {
      throw wire.fail("Loaded names binding " + Integer.toUnsignedString(b) + ", but the materialization has "
          + rt.extractors.length);
    }
    if (rt.delta[b]) {
      throw wire.fail("Loaded a document of delta-updates binding " + b + ", which is never loaded");
    }
    JsonNode doc;
    try {
      doc = DocumentExtractor.parse(loaded.getDocJson().toByteArray());
    } catch (UncheckedIOException e) {
      throw wire.fail("Loaded a document of binding " + b + " that is not JSON: " + e.getCause().getMessage());
    }
    if (!doc.isObject()) {
      throw wire.fail("Loaded a document of binding " + b + " that is not a JSON object: " + doc);
    }
    BindingKey bk = new BindingKey(b, rt.extractors[b].key(doc));
    if (!p.loadSet().contains(bk)) {
      throw wire.fail("Loaded a document of binding " + b + " with key " + DocumentExtractor.tupleJson(bk.key())
          + ", which this transaction did not Load: " + doc);
    }
    if (docs.putIfAbsent(bk, doc) != null) {
      throw wire.fail("Loaded key " + DocumentExtractor.tupleJson(bk.key()) + " of binding " + b + " twice in one transaction");
    }
  }

  private void compareLoads(PlannedTransaction t, Prepared p, Map<BindingKey, JsonNode> loaded) {
    for (BindingKey bk : p.loads()) {
      JsonNode expected = shard.expected.get(bk.binding(), bk.key());
      JsonNode got = loaded.get(bk);
      if (!ExpectedContent.equivalent(expected, got)) {
        stats.mismatches.add(new RunReport.LoadMismatch(shard.index(), t.id, bk.binding(), bk.key(), expected, got));
      }
    }
  }

  private List<Request> stores(Prepared p, Map<BindingKey, JsonNode> loaded) {
    List<Map.Entry<BindingKey, JsonNode>> entries = new ArrayList<>(p.reduced().entrySet());
    entries.sort(
        Comparator.comparingInt((Map.Entry<BindingKey, JsonNode> e) -> e.getKey().binding())
            .thenComparing(e -> e.getKey().key(), Shards.KEY_ORDER));
    List<Request> out = new ArrayList<>(entries.size());
    for (Map.Entry<BindingKey, JsonNode> e : entries) {
      BindingKey bk = e.getKey();
      int b = bk.binding();
      JsonNode stored;
      boolean exists;
      if (rt.delta[b]) {
        stored = e.getValue();
        exists = false;
      } else {
        JsonNode prior = loaded.get(bk);
        stored = Reducer.reduce(rt.reductions[b], prior, e.getValue());
        exists = prior != null || shard.expected.get(b, bk.key()) != null;
      }
      DocumentExtractor.Extracted x = rt.extractors[b].extract(stored);
      Request.Store.Builder store =
          Request.Store.newBuilder()
              .setBinding(b)
              .setKeyPacked(bytes(bk.key()))
              .setValuesPacked(bytes(x.values()))
              .setExists(exists)
              .setDelete(DocumentExtractor.isDeletion(stored));
      if (x.docJson().length > 0) {
        store.setDocJson(ByteString.copyFrom(x.docJson()));
      }
      out.add(Request.newBuilder().setStore(store).build());
    }
    return out;
  }

  /** Flow's recovery-log commit of {@code t}: durable state, checkpoint, and the model's content. */
  private void commit(
      PlannedTransaction t,
      Prepared p,
      Map<BindingKey, JsonNode> loaded,
      Flow.ConnectorState flushedState,
      Response.StartedCommit started) {
    JsonNode state = shard.state;
    for (Flow.ConnectorState s : ackStates) {
      state = MergePatch.applyState(state, s);
    }
    ackStates.clear();
    if (flushedState != null) {
      state = MergePatch.applyState(state, flushedState);
    }
    if (started.hasState()) {
      state = MergePatch.applyState(state, started.getState());
    }
    shard.state = state;
    shard.checkpoint = t.checkpoint;
    advanceModel(t, p);
    shard.pending.remove(t);
    if (t.loadBack) {
      loaded.forEach(
          (bk, doc) -> stats.loadedBack.computeIfAbsent(bk.binding(), b -> new TreeMap<>(Shards.KEY_ORDER)).put(bk.key(), doc));
    } else {
      shard.history.add(t);
    }
    shard.committed++;
    stats.committed++;
    wire.event(WireEvent.Type.COMMITTED, null, t.toString());
    if (rt.onCommit != null && !t.loadBack) {
      rt.onCommit.accept(shard.index(), t.documents.size());
    }
  }

  /** The model's expected content after {@code t}. */
  private void advanceModel(PlannedTransaction t, Prepared p) {
    p.reduced().forEach(
        (bk, doc) -> {
          int b = bk.binding();
          if (rt.delta[b]) {
            shard.expected.append(b, doc);
            return;
          }
          JsonNode next = Reducer.reduce(rt.reductions[b], shard.expected.get(b, bk.key()), doc);
          if (DocumentExtractor.isDeletion(next)) {
            shard.expected.remove(b, bk.key());
          } else {
            shard.expected.put(b, bk.key(), next);
          }
          shard.see(b, bk.key());
        });
  }

  private void onAcknowledged(Response.Acknowledged ack) {
    if (!ack.hasState()) {
      return;
    }
    if (rt.ackStateDurability == AckStateDurability.IMMEDIATE) {
      shard.state = MergePatch.applyState(shard.state, ack.getState());
    } else {
      ackStates.add(ack.getState());
    }
  }

  // ---- Apply ---------------------------------------------------------------------------------------------------

  List<String> apply() {
    List<String> actions = new ArrayList<>();
    for (int round = 1; round <= 10; round++) {
      try {
        wire = new SessionWire(rt, shard, rt.connector.start(), 0);
      } catch (IOException e) {
        throw new LocalRuntimeException("Apply: cannot start the connector: " + e.getMessage(), e);
      }
      try {
        wire.sendUncounted(specProbe());
        Response spec = wire.receive("Spec (answering the probe)");
        if (spec == null || !spec.hasSpec()) {
          throw wire.unexpected("Spec (answering the probe)", spec);
        }
        wire.sendUncounted(
            Request.newBuilder()
                .setApply(
                    withLast(Request.Apply.newBuilder()
                        .setMaterialization(rt.materialization)
                        .setVersion(rt.version)
                        .setStateJson(json(shard.state))))
                .build());
        wire.closeInput();
        Response applied = wire.receive("Applied after Apply");
        if (applied == null || !applied.hasApplied()) {
          throw wire.unexpected("Applied after Apply", applied);
        }
        Response extra = wire.receive("EOF after Applied");
        if (extra != null) {
          throw wire.unexpected("EOF after Applied", extra);
        }
        int exit = wire.awaitExit();
        if (exit != 0) {
          throw wire.fail("expected exit code 0 after Applied, but the connector exited with " + exit);
        }
        actions.add(applied.getApplied().getActionDescription());
        if (!applied.getApplied().hasState()) {
          return actions;
        }
        shard.state = MergePatch.applyState(shard.state, applied.getApplied().getState());
      } catch (IOException e) {
        throw wire.fail("Apply failed: " + e.getMessage(), e);
      } finally {
        wire.close();
      }
    }
    throw new LocalRuntimeException("Apply still returned a state update after 10 rounds: " + actions);
  }

  // ---- messages ----------------------------------------------------------------------------------------------

  private Request specProbe() {
    Flow.MaterializationSpec.ConnectorType type = rt.materialization.getConnectorType();
    return Request.newBuilder()
        .setSpec(
            Request.Spec.newBuilder()
                .setConnectorType(
                    type == Flow.MaterializationSpec.ConnectorType.INVALID
                        ? Flow.MaterializationSpec.ConnectorType.IMAGE
                        : type)
                .setConfigJson(ByteString.copyFromUtf8("{}")))
        .build();
  }

  private static Request acknowledge() {
    return Request.newBuilder().setAcknowledge(Request.Acknowledge.getDefaultInstance()).build();
  }

  private static ByteString bytes(PackedTuple t) {
    return ByteString.copyFrom(t.bytes());
  }

  private static ByteString json(JsonNode node) {
    return ByteString.copyFrom(node.toString(), StandardCharsets.UTF_8);
  }

  /** Apply carries the last applied spec, as Flow sends it, so that the connector sees backfills and changes. */
  private Request.Apply.Builder withLast(Request.Apply.Builder apply) {
    if (rt.lastApplied != null) {
      apply.setLastMaterialization(rt.lastApplied).setLastVersion("last");
    }
    return apply;
  }
}
