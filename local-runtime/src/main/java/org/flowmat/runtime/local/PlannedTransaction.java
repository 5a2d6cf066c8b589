package org.flowmat.runtime.local;

import java.util.List;
import org.flowmat.runtime.proto.Consumer;

/**
 * One shard's part of a {@link Transaction}, as the shard will run it and, after a kill, run it again: the same
 * documents, the same checkpoint. A load-back transaction has no documents and loads every key the shard has seen.
 */
final class PlannedTransaction {
  final long id;
  /** Index of the source transaction in its {@code run} call; -1 for a load-back. */
  final int source;
  final List<Transaction.Document> documents;
  final Consumer.Checkpoint checkpoint;
  final boolean loadBack;
  int attempts;

  PlannedTransaction(
      long id, int source, List<Transaction.Document> documents, Consumer.Checkpoint checkpoint, boolean loadBack) {
    this.id = id;
    this.source = source;
    this.documents = List.copyOf(documents);
    this.checkpoint = checkpoint;
    this.loadBack = loadBack;
  }

  @Override
  public String toString() {
    return (loadBack ? "load-back transaction " : "transaction ") + id;
  }
}
