package org.flowmat.runtime.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowmat.runtime.proto.Consumer;
import org.flowmat.runtime.proto.Flow;

/**
 * How far {@code run} has read each binding's collection, kept between runs as Flow keeps a shard's checkpoint in its
 * recovery log: per journal ({@code <collection>;<journal read suffix>}), the documents read through. A binding that
 * is new, or was backfilled (its read suffix has a new {@code .v<backfill>}), starts from its first document.
 *
 * @param journals each binding's journal, in binding order
 * @param offsets documents read per binding
 */
record Checkpoint(String[] journals, long[] offsets) {

  /** The recorded checkpoint of {@code spec}'s bindings; zero for each journal it does not name (or no record). */
  static Checkpoint read(Path file, Flow.MaterializationSpec spec) throws IOException {
    Consumer.Checkpoint recorded = Files.isRegularFile(file)
        ? Consumer.Checkpoint.parseFrom(Files.readAllBytes(file)) : Consumer.Checkpoint.getDefaultInstance();
    String[] journals = new String[spec.getBindingsCount()];
    long[] offsets = new long[journals.length];
    for (int i = 0; i < journals.length; i++) {
      Flow.MaterializationSpec.Binding b = spec.getBindings(i);
      journals[i] = b.getCollection().getName() + ";" + b.getJournalReadSuffix();
      Consumer.Checkpoint.Source source = recorded.getSourcesMap().get(journals[i]);
      offsets[i] = source == null ? 0 : source.getReadThrough();
    }
    return new Checkpoint(journals, offsets);
  }

  /** This checkpoint moved on by {@code read} documents per binding. */
  Checkpoint advance(long[] read) {
    long[] next = offsets.clone();
    for (int i = 0; i < next.length; i++) {
      next[i] += read[i];
    }
    return new Checkpoint(journals, next);
  }

  /** Writes it whole (a new file moved into place, so a crash leaves the old one or the new one). */
  void write(Path file) throws IOException {
    Consumer.Checkpoint.Builder cp = Consumer.Checkpoint.newBuilder();
    for (int i = 0; i < journals.length; i++) {
      cp.putSources(journals[i], Consumer.Checkpoint.Source.newBuilder().setReadThrough(offsets[i]).build());
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, cp.build().toByteArray());
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
