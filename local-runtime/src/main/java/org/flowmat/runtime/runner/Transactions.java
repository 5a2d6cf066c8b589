package org.flowmat.runtime.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flowmat.runtime.local.Transaction;

/**
 * Cuts an example's documents into transactions of about {@code size} documents, reading every collection's file at
 * once and in turn, as Flow reads several journals into one transaction. Streams: only the current batch is held.
 */
final class Transactions implements AutoCloseable {
  private final List<DocumentReader> readers = new ArrayList<>();
  private final int size;

  Transactions(ExampleCatalog catalog, int size) {
    this(catalog, size, new long[catalog.collections().size()]);
  }

  /** The same, past the first {@code skip[i]} documents of collection {@code i} (read by an earlier run). */
  Transactions(ExampleCatalog catalog, int size, long[] skip) {
    if (size < 1) {
      throw new IllegalArgumentException("--txn-docs must be at least 1");
    }
    this.size = size;
    catalog.collections().forEach(c -> readers.add(c.documents()));
    for (int i = 0; i < readers.size(); i++) {
      readers.get(i).skip(skip[i]);
    }
  }

  /** How many documents the example holds: one per non-blank line of each collection's file. */
  static long count(ExampleCatalog catalog) {
    long n = 0;
    for (ExampleCatalog.Collection c : catalog.collections()) {
      try (Stream<String> lines = Files.lines(c.documentsFile())) {
        n += lines.filter(l -> !l.isBlank()).count();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return n;
  }

  boolean hasNext() {
    return readers.stream().anyMatch(DocumentReader::hasNext);
  }

  /** Up to {@code count} more transactions. */
  List<Transaction> next(int count) {
    List<Transaction> out = new ArrayList<>();
    while (out.size() < count && hasNext()) {
      Transaction.Builder txn = Transaction.builder();
      int taken = 0;
      int share = Math.max(1, size / readers.size());
      while (taken < size && hasNext()) {
        for (int b = 0; b < readers.size() && taken < size; b++) {
          DocumentReader reader = readers.get(b);
          for (int i = 0; i < share && taken < size && reader.hasNext(); i++) {
            ObjectNode doc = reader.next();
            txn.add(b, doc);
            taken++;
          }
        }
      }
      out.add(txn.build());
    }
    return out;
  }

  @Override
  public void close() {
    readers.forEach(DocumentReader::close);
  }
}
