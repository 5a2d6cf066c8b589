package org.flowmat.core.connector;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.spec.ConnectorState;
import org.flowmat.core.tuple.PackedTuple;

/**
 * One shard's transactions, driven by the session in protocol order: per transaction
 * {@code acknowledge} (of the previous one), {@code load}*, {@code flush}, {@code store}*, {@code startCommit}.
 *
 * <p>Pipelining: {@link #load} may be called while the stage returned by {@link #acknowledge} is still running, so a
 * transactor must only stage keys there; {@link #flush} is called only after that stage completed, and is where
 * loads are evaluated. All methods are called from one thread; the acknowledge stage may complete on another.
 */
public interface Transactor extends AutoCloseable {

  /** Receives the documents found by {@link #flush}, at most one per requested key. */
  @FunctionalInterface
  interface LoadedSink {
    void loaded(int binding, RawJson doc) throws Exception;
  }

  /** Stages a key to look up; never evaluated before the previous transaction is acknowledged. */
  void load(int binding, PackedTuple key) throws Exception;

  /** Looks up the staged keys, emits what exists, and returns an optional state update for Flushed. */
  Optional<ConnectorState> flush(LoadedSink sink) throws Exception;

  void store(StoreRequest request) throws Exception;

  /**
   * Makes what was stored durable without touching target tables, and returns the state to commit atomically with
   * the runtime's checkpoint (the apply plan).
   */
  Optional<ConnectorState> startCommit(byte[] runtimeCheckpoint) throws Exception;

  /**
   * The previous transaction (or the recovered plan, at the first call) is durable in Flow's log: apply it exactly
   * once. The returned stage yields the best-effort state update for Acknowledged.
   */
  CompletionStage<Optional<ConnectorState>> acknowledge() throws Exception;

  @Override
  default void close() throws Exception {}
}
