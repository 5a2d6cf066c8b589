package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.local.Reducer.Reduction;
import org.flowmat.runtime.proto.Consumer;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Response;

/**
 * Plays Flow's runtime for one materialization on this machine: drives connector sessions over
 * {@link ConnectorChannel}s exactly in the order Flow's runtime does, checks every response against the protocol,
 * kills connectors at chosen points and recovers as Flow would, and keeps the expected endpoint content to compare
 * a warehouse with.
 *
 * <p>Per shard and per session: the internal Spec probe, Open (materialization, version, the shard's range, its
 * committed connector state), then per transaction:
 *
 * <ol>
 *   <li>Acknowledge (of the previous transaction, or of the recovered one), immediately followed by the Loads of this
 *       transaction: pipelined, before Acknowledged arrived, as Flow does. One Load per distinct key of a standard
 *       binding (this model always loads: it keeps no max-key optimization); none for delta-updates bindings.
 *   <li>Acknowledged must be the next response (a Loaded or Flushed before it fails the run); its state update is
 *       applied to the durable state (best effort, see {@link AckStateDurability}).
 *   <li>Flush, only then; Loaded* (each for a key this transaction loaded, at most once) and Flushed.
 *   <li>Stores, in binding then key order: the documents of the transaction reduced per key (see {@link Reducer}),
 *       then reduced onto the Loaded document; {@code exists} when Loaded returned the key or the model committed it
 *       before; {@code delete} when the reduced document's {@code _meta/op} is {@code "d"}.
 *   <li>StartCommit with the transaction's runtime checkpoint; StartedCommit: the transaction commits now, as Flow's
 *       recovery-log write does: the Flushed and StartedCommit state updates become the shard's durable state, the
 *       checkpoint its checkpoint, and the model's expected content advances.
 * </ol>
 *
 * <p>A session ends cleanly with Acknowledge then EOF; the connector must answer Acknowledged, close its output and
 * exit 0. Between Acknowledged and Flush, during Stores, and wherever else the protocol allows no response, a
 * response that has already arrived fails the run.
 *
 * <p><b>Kills and recovery.</b> At a {@link KillPoint} the channel is killed; the shard then starts a fresh connector,
 * re-Opens with the committed state and re-sends every transaction that did not commit, with the same documents,
 * boundaries and checkpoints, as Flow replays its journals from the recovered checkpoint. If Opened carries a
 * runtime checkpoint (remote-authoritative connectors), the shard resumes from it instead: from the transaction
 * that carried the same checkpoint, or from the beginning when it is empty.
 *
 * <p><b>Shards.</b> Documents are split across the shards by {@link Shards#keyHash} of their packed key; each shard has
 * its own durable state and sessions. Shards run one after another, never concurrently, so a single-writer
 * warehouse file works.
 *
 * <p>Not thread-safe: one thread calls {@link #run}. State persists across runs, so {@code run} may be called again
 * with more transactions.
 */
public final class LocalRuntime {
  /** Flow's protocol number, which the Spec response must carry. */
  public static final int PROTOCOL = 3032023;

  /** When the state update of an Acknowledged becomes durable. */
  public enum AckStateDurability {
    /** Right away, as if Flow wrote it to its log the moment it arrived (the connector-friendly case). */
    IMMEDIATE,
    /**
     * With the next transaction's commit; a kill before that loses it. Exercises connectors that must tolerate a
     * lost clearing patch (the crash "after Acknowledged, the patch lost").
     */
    WITH_NEXT_COMMIT
  }

  final Flow.MaterializationSpec materialization;
  final String version;
  final ConnectorChannel.Factory connector;
  final List<Shard> shards;
  final Reduction[] reductions;
  final DocumentExtractor[] extractors;
  final boolean[] delta;
  final String[] journals;
  final List<KillPoint> killPoints;
  final boolean[] fired;
  final AckStateDurability ackStateDurability;
  final boolean loadBackAtEnd;
  final boolean recordTranscript;
  final Duration responseTimeout;
  final Duration exitTimeout;
  final int maxRestarts;
  final java.util.function.BiConsumer<Integer, Integer> onCommit;
  final Flow.MaterializationSpec lastApplied;

  long writes;
  long reads;
  RunStats stats;

  private LocalRuntime(Builder b) {
    this.materialization = b.materialization;
    this.version = b.version;
    this.connector = b.connector;
    List<Flow.RangeSpec> ranges = b.ranges != null ? b.ranges : Shards.split(b.shardCount);
    List<Shard> s = new ArrayList<>();
    for (Flow.RangeSpec r : ranges) {
      s.add(new Shard(s.size(), r));
    }
    this.shards = List.copyOf(s);
    int n = materialization.getBindingsCount();
    this.reductions = new Reduction[n];
    this.extractors = new DocumentExtractor[n];
    this.delta = new boolean[n];
    this.journals = new String[n];
    for (int i = 0; i < n; i++) {
      Flow.MaterializationSpec.Binding binding = materialization.getBindings(i);
      String collection = binding.getCollection().getName();
      reductions[i] = b.reductions.getOrDefault(collection, Reduction.LAST_WRITE_WINS);
      extractors[i] = new DocumentExtractor(binding);
      delta[i] = binding.getDeltaUpdates();
      String suffix = binding.getJournalReadSuffix().isEmpty()
          ? "materialize/" + materialization.getName() + "/" + i
          : binding.getJournalReadSuffix();
      journals[i] = collection + "/pivot=00;" + suffix;
    }
    this.killPoints = List.copyOf(b.killPoints);
    this.fired = new boolean[killPoints.size()];
    this.ackStateDurability = b.ackStateDurability;
    this.loadBackAtEnd = b.loadBackAtEnd;
    this.recordTranscript = b.recordTranscript;
    this.responseTimeout = b.responseTimeout;
    this.exitTimeout = b.exitTimeout;
    this.maxRestarts = b.maxRestarts;
    this.onCommit = b.onCommit;
    this.lastApplied = b.lastApplied;
  }

  /** A runtime for {@code materialization} (as Flow builds it: field selections, state keys) over {@code connector}. */
  public static Builder builder(Flow.MaterializationSpec materialization, ConnectorChannel.Factory connector) {
    return new Builder(materialization, connector);
  }

  /**
   * Runs {@code transactions}: every shard in turn runs one session (more after kills) through its part of them,
   * then ends the session cleanly.
   *
   * @throws LocalRuntimeException when the connector breaks the protocol, fails, hangs, or exits non-zero
   * @throws IllegalArgumentException if a document names a binding the materialization does not have
   */
  public RunReport run(List<Transaction> transactions) {
    stats = new RunStats();
    for (int i = 0; i < transactions.size(); i++) {
      plan(i, transactions.get(i));
    }
    if (loadBackAtEnd) {
      for (Shard shard : shards) {
        shard.pending.add(
            new PlannedTransaction(shard.nextTransaction++, -1, List.of(), lastPlannedCheckpoint(shard), true));
      }
    }
    for (Shard shard : shards) {
      if (!shard.pending.isEmpty()) {
        new ShardDriver(this, shard).run();
      }
    }
    Map<Integer, Map<PackedTuple, JsonNode>> loadedBack = new TreeMap<>();
    stats.loadedBack.forEach((b, m) -> loadedBack.put(b, Collections.unmodifiableMap(m)));
    return new RunReport(
        writes,
        reads,
        stats.sessions,
        stats.kills,
        stats.replayed,
        stats.committed,
        List.copyOf(stats.mismatches),
        Collections.unmodifiableMap(loadedBack),
        List.copyOf(stats.transcript));
  }

  /** The expected content over all shards: what the endpoint should hold after the committed transactions. */
  public ExpectedContent expected() {
    ExpectedContent all = new ExpectedContent();
    shards.forEach(s -> all.addAll(s.expected));
    return all;
  }

  /** The shards, in key order. */
  public List<Shard> shards() {
    return shards;
  }

  /**
   * Runs Apply as Flow does before the first session: a unary stream (the Spec probe, Apply with the shard at
   * {@code keyBegin = 0}'s committed state, EOF), repeated while Applied returns a state update, which becomes that
   * shard's durable state (at most 10 rounds). Not subject to kill points, and not part of any transcript.
   *
   * @return the action descriptions, one per round
   */
  public List<String> apply() {
    Shard first = shards.stream().filter(s -> s.range().getKeyBegin() == 0).findFirst().orElse(shards.get(0));
    return new ShardDriver(this, first).apply();
  }

  /** Whether binding {@code binding} is delta-updates. */
  public boolean isDeltaUpdates(int binding) {
    return delta[binding];
  }

  /** The extractor of binding {@code binding}, e.g. to compute the packed key of a document. */
  public DocumentExtractor extractor(int binding) {
    return extractors[binding];
  }

  private void plan(int source, Transaction txn) {
    Map<Shard, List<Transaction.Document>> split = new HashMap<>();
    for (Transaction.Document d : txn.documents()) {
      if (d.binding() < 0 || d.binding() >= extractors.length) {
        throw new IllegalArgumentException(
            "transaction " + source + " names binding " + d.binding() + ", but the materialization has "
                + extractors.length);
      }
      Shard shard = shardOf(extractors[d.binding()].key(d.doc()));
      split.computeIfAbsent(shard, s -> new ArrayList<>()).add(d);
    }
    for (Shard shard : shards) {
      List<Transaction.Document> docs = split.get(shard);
      if (docs == null) {
        continue; // Flow runs no transaction without documents
      }
      for (Transaction.Document d : docs) {
        shard.readThrough.merge(journals[d.binding()], 1L, Long::sum);
      }
      Consumer.Checkpoint.Builder cp = Consumer.Checkpoint.newBuilder();
      shard.readThrough.forEach(
          (journal, offset) -> cp.putSources(journal, Consumer.Checkpoint.Source.newBuilder().setReadThrough(offset).build()));
      shard.pending.add(new PlannedTransaction(shard.nextTransaction++, source, docs, cp.build(), false));
    }
  }

  private Shard shardOf(PackedTuple key) {
    long hash = Shards.keyHash(key);
    for (Shard s : shards) {
      if (Shards.contains(s.range(), hash)) {
        return s;
      }
    }
    throw new IllegalStateException("no shard covers key hash " + hash + ": the ranges leave a gap");
  }

  private static Consumer.Checkpoint lastPlannedCheckpoint(Shard shard) {
    return shard.pending.isEmpty() ? shard.checkpoint : shard.pending.get(shard.pending.size() - 1).checkpoint;
  }

  /** Kill point that fires at this count, if any (each fires once). */
  KillPoint killPointAt(KillPoint.Kind kind, long count) {
    for (int i = 0; i < killPoints.size(); i++) {
      KillPoint k = killPoints.get(i);
      if (!fired[i] && k.kind() == kind && k.index() == count) {
        fired[i] = true;
        return k;
      }
    }
    return null;
  }

  /** Counters and results of the current run. */
  static final class RunStats {
    int sessions;
    int kills;
    int replayed;
    int committed;
    final List<RunReport.LoadMismatch> mismatches = new ArrayList<>();
    final Map<Integer, Map<PackedTuple, JsonNode>> loadedBack = new TreeMap<>();
    final List<WireEvent> transcript = new ArrayList<>();
  }

  /**
   * The message a request or response carries, e.g. {@code Acknowledged} or {@code Loaded(binding 1)}; several
   * joined by {@code +} if a (broken) message carries more than one; {@code an empty message} if none.
   */
  public static String kindOf(Message message) {
    List<String> kinds = new ArrayList<>();
    for (Map.Entry<Descriptors.FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      Descriptors.FieldDescriptor f = e.getKey();
      if (f.getNumber() == 100) {
        continue; // $internal
      }
      StringBuilder name = new StringBuilder();
      for (String part : f.getName().split("_")) {
        name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
      if (e.getValue() instanceof Response.Loaded l) {
        name.append("(binding ").append(l.getBinding()).append(')');
      }
      kinds.add(name.toString());
    }
    return kinds.isEmpty() ? "an empty message" : String.join("+", kinds);
  }

  /** Configures a {@link LocalRuntime}. */
  public static final class Builder {
    private final Flow.MaterializationSpec materialization;
    private final ConnectorChannel.Factory connector;
    private String version = "local";
    private int shardCount = 1;
    private List<Flow.RangeSpec> ranges;
    private final Map<String, Reduction> reductions = new HashMap<>();
    private final List<KillPoint> killPoints = new ArrayList<>();
    private AckStateDurability ackStateDurability = AckStateDurability.IMMEDIATE;
    private boolean loadBackAtEnd;
    private boolean recordTranscript;
    private Duration responseTimeout = Duration.ofSeconds(60);
    private Duration exitTimeout = Duration.ofSeconds(30);
    private int maxRestarts = 100;
    private java.util.function.BiConsumer<Integer, Integer> onCommit;
    private Flow.MaterializationSpec lastApplied;

    private Builder(Flow.MaterializationSpec materialization, ConnectorChannel.Factory connector) {
      this.materialization = Objects.requireNonNull(materialization, "materialization");
      this.connector = Objects.requireNonNull(connector, "connector");
    }

    /** The build version sent in Open (default {@code local}). */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /** {@code n} shards of equal key ranges (default 1: the full range). */
    public Builder shards(int n) {
      Shards.split(n); // validates
      this.shardCount = n;
      this.ranges = null;
      return this;
    }

    /** Explicit shard ranges; together they must cover every key hash. */
    public Builder ranges(List<Flow.RangeSpec> ranges) {
      if (ranges.isEmpty()) {
        throw new IllegalArgumentException("at least one range");
      }
      this.ranges = List.copyOf(ranges);
      return this;
    }

    /** How documents of collection {@code collection} reduce (default {@link Reduction#LAST_WRITE_WINS}). */
    public Builder reduction(String collection, Reduction reduction) {
      reductions.put(collection, reduction);
      return this;
    }

    /** Where to kill connectors (none by default). */
    public Builder killAt(KillPoint... points) {
      killPoints.addAll(List.of(points));
      return this;
    }

    /** When Acknowledged state updates become durable (default {@link AckStateDurability#IMMEDIATE}). */
    public Builder ackStateDurability(AckStateDurability durability) {
      this.ackStateDurability = durability;
      return this;
    }

    /**
     * After the last transaction of each shard, in the same session, run one more transaction that loads every key
     * the shard ever stored (deleted ones too) and stores nothing; the Loaded documents are in
     * {@link RunReport#loadedBack}. This observes a connector that keeps its tables only for a session's lifetime.
     */
    public Builder loadBackAtEnd(boolean enabled) {
      this.loadBackAtEnd = enabled;
      return this;
    }

    /** Keep every message and event in {@link RunReport#transcript} (off by default: it holds every document). */
    public Builder recordTranscript(boolean enabled) {
      this.recordTranscript = enabled;
      return this;
    }

    /** How long to wait for any one response (default 60 s). */
    public Builder responseTimeout(Duration timeout) {
      this.responseTimeout = timeout;
      return this;
    }

    /** How long to wait for a connector to exit after a clean shutdown (default 30 s). */
    public Builder exitTimeout(Duration timeout) {
      this.exitTimeout = timeout;
      return this;
    }

    /** Restarts per shard and run before giving up (default 100). */
    public Builder maxRestarts(int n) {
      this.maxRestarts = n;
      return this;
    }

    /** Called with (shard index, documents) whenever a shard commits a transaction: for progress displays. */
    public Builder onCommit(java.util.function.BiConsumer<Integer, Integer> listener) {
      this.onCommit = listener;
      return this;
    }

    /** The spec applied before this one: Apply sends it as lastMaterialization, as Flow does after a publication. */
    public Builder lastApplied(Flow.MaterializationSpec spec) {
      this.lastApplied = spec;
      return this;
    }

    public LocalRuntime build() {
      return new LocalRuntime(this);
    }
  }
}
