package org.flowmat.runtime.codec;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A growable read buffer over an {@link InputStream}, shared by both readers. Unconsumed bytes
 * are {@code buf[pos, lim)}; readers parse messages in place and then advance {@code pos}. A read
 * from the stream happens only when the bytes already buffered don't hold a complete message, so
 * a reader never blocks while a whole message is waiting in the buffer.
 */
final class InputBuffer implements Closeable {
  static final int DEFAULT_SIZE = 128 << 10;
  /** Buffers grown beyond this for one large message are dropped again once it's consumed. */
  private static final int RETAIN_LIMIT = 4 << 20;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

  private final InputStream in;
  byte[] buf = new byte[DEFAULT_SIZE];
  int pos;
  int lim;
  boolean eof;

  InputBuffer(InputStream in) {
    this.in = in;
  }

  int available() {
    return lim - pos;
  }

  /**
   * Reads at least one more byte into the buffer, first making room for {@code need} bytes
   * starting at {@code pos} (compacting or growing as required).
   *
   * @return false at end of input (nothing was read)
   */
  boolean fill(int need) throws IOException {
    if (eof) {
      return false;
    }
    if (pos + need > buf.length || lim == buf.length) {
      int avail = lim - pos;
      if (need > buf.length || (pos == 0 && lim == buf.length)) {
        int size = (int) Math.min(MAX_ARRAY, Math.max((long) need, 2L * buf.length));
        byte[] grown = new byte[size];
        System.arraycopy(buf, pos, grown, 0, avail);
        buf = grown;
      } else {
        System.arraycopy(buf, pos, buf, 0, avail);
      }
      pos = 0;
      lim = avail;
    }
    while (true) {
      int n = in.read(buf, lim, buf.length - lim);
      if (n < 0) {
        eof = true;
        return false;
      }
      if (n > 0) {
        lim += n;
        return true;
      }
    }
  }

  /**
   * Blocks until at least {@code n} bytes are buffered.
   *
   * @return false if the input ended first
   */
  boolean require(int n) throws IOException {
    while (lim - pos < n) {
      if (!fill(n)) {
        return false;
      }
    }
    return true;
  }

  /** Releases an oversized buffer once the large message which needed it has been consumed. */
  void shrinkIfOversized() {
    int avail = lim - pos;
    if (buf.length > RETAIN_LIMIT && avail <= DEFAULT_SIZE / 2) {
      byte[] small = new byte[DEFAULT_SIZE];
      System.arraycopy(buf, pos, small, 0, avail);
      buf = small;
      pos = 0;
      lim = avail;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
