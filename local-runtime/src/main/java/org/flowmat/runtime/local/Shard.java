package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.proto.Consumer;
import org.flowmat.runtime.proto.Flow;

/**
 * One shard of a {@link LocalRuntime}: its key range and what Flow's recovery log would hold for it, i.e. the
 * durable connector state and runtime checkpoint as of its last committed transaction, plus the model's expected
 * content of its keys. The getters are for callers; the runtime alone changes a shard.
 */
public final class Shard {
  private final int index;
  private final Flow.RangeSpec range;

  JsonNode state = JsonNodeFactory.instance.objectNode();
  Consumer.Checkpoint checkpoint = Consumer.Checkpoint.getDefaultInstance();
  final ExpectedContent expected = new ExpectedContent();
  /** Committed transactions, in commit order (load-backs excluded): what a rewind to a connector checkpoint replays. */
  List<PlannedTransaction> history = new ArrayList<>();
  /** Planned transactions not committed yet, in order. */
  List<PlannedTransaction> pending = new ArrayList<>();
  /** Keys of standard bindings that any committed transaction stored, deleted ones included: what a load-back loads. */
  final Map<Integer, Set<PackedTuple>> seenKeys = new TreeMap<>();
  /** Planned read-through offsets per journal: documents routed to this shard so far. */
  final Map<String, Long> readThrough = new TreeMap<>();
  long nextTransaction = 1;
  long committed;
  int sessions;

  Shard(int index, Flow.RangeSpec range) {
    this.index = index;
    this.range = range;
  }

  public int index() {
    return index;
  }

  public Flow.RangeSpec range() {
    return range;
  }

  /** The range as {@code keyBegin-keyEnd} in hex, e.g. {@code 00000000-7fffffff}. */
  public String name() {
    return Shards.describe(range);
  }

  /** The committed connector state: what the next Open sends (a copy). */
  public JsonNode state() {
    return state.deepCopy();
  }

  /** The runtime checkpoint of the last committed transaction (empty before the first). */
  public Consumer.Checkpoint checkpoint() {
    return checkpoint;
  }

  /** The model's expected content of this shard's keys. */
  public ExpectedContent expected() {
    return expected;
  }

  /** Transactions committed so far (StartedCommit read), load-backs included. */
  public long committedTransactions() {
    return committed;
  }

  /** Connector sessions started so far. */
  public int sessions() {
    return sessions;
  }

  /**
   * Drops the planned transactions not committed yet, as when the documents a connector refused are corrected at
   * their source before the task restarts: the committed state and checkpoint stay, and the next run resumes from them.
   */
  public void discardPending() {
    pending = new ArrayList<>();
  }

  void see(int binding, PackedTuple key) {
    seenKeys.computeIfAbsent(binding, b -> new LinkedHashSet<>()).add(key);
  }
}
