package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.flowmat.core.tuple.PackedTuple;

/**
 * What one {@link LocalRuntime#run} did. Counts cover this run only; {@link #messagesWritten} and
 * {@link #responsesRead} are the runtime's running totals, the numbers {@link KillPoint}s count.
 *
 * @param messagesWritten messages written to connectors so far, over the runtime's lifetime
 * @param responsesRead responses read so far, over the runtime's lifetime
 * @param sessions connector sessions started in this run (1 per shard without kills)
 * @param kills kill points that fired in this run
 * @param replayedTransactions shard transactions sent again after a kill (each re-send counts)
 * @param committedTransactions shard transactions committed in this run (StartedCommit read), load-back included
 * @param loadMismatches Loaded documents (or missing ones) that differ from the model's committed documents
 * @param loadedBack with {@link LocalRuntime.Builder#loadBackAtEnd}: per standard binding, what the connector
 *     returned when every key ever seen was loaded after the last transaction, in the same session; else empty
 * @param transcript with {@link LocalRuntime.Builder#recordTranscript}: every message and event; else empty
 */
public record RunReport(
    long messagesWritten,
    long responsesRead,
    int sessions,
    int kills,
    int replayedTransactions,
    int committedTransactions,
    List<LoadMismatch> loadMismatches,
    Map<Integer, Map<PackedTuple, JsonNode>> loadedBack,
    List<WireEvent> transcript) {

  /**
   * A Loaded result that differs from the model: {@code loaded} is what the connector returned (null: nothing),
   * {@code expected} what the model committed for the key (null: absent or deleted). Not a protocol violation (a
   * connector may legitimately lose uncommitted work, and a killed in-memory connector loses everything), so it is
   * reported rather than thrown.
   */
  public record LoadMismatch(int shard, long transaction, int binding, PackedTuple key, JsonNode expected, JsonNode loaded) {}
}
