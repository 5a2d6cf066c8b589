package org.flowmat.runtime.runner;

import java.io.PrintWriter;
import java.util.Locale;

/** A progress bar of committed documents on the terminal (one line redrawn), or a line per few seconds in logs. */
final class Progress {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private final long total;
  private final boolean terminal = System.console() != null;
  private final long started = System.nanoTime();
  private long documents;
  private long transactions;
  private long lastPrinted;

  Progress(PrintWriter out, long total) {
    this.out = out;
    this.total = Math.max(1, total);
  }

  /** A shard committed a transaction of {@code docs} documents. */
  synchronized void committed(int shard, int docs) {
    documents += docs;
    transactions++;
    long now = System.nanoTime();
    if (terminal || now - lastPrinted > 2_000_000_000L) {
      lastPrinted = now;
      draw(false);
    }
  }

  synchronized void finish() {
    if (terminal) {
      draw(true);
    }
  }

  private void draw(boolean last) {
    double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
    int filled = (int) Math.min(WIDTH, WIDTH * documents / total);
    String line = String.format(Locale.ROOT, "  [%s%s] %,d/%,d documents, %d transactions, %,.0f documents/s",
        "#".repeat(filled), ".".repeat(WIDTH - filled), documents, total, transactions, documents / seconds);
    if (terminal) {
      out.print("\r" + line + (last ? "\n" : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }
}
