package org.flowmat.runtime.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A bounded in-memory byte pipe between two threads, with process-like semantics that {@code java.io.Piped*}
 * streams lack (they poll once a second and fail when the last writer thread ends): closing the sink is EOF for the
 * reader once drained; closing the source makes writes fail ("broken pipe"); {@link #kill} makes both ends fail at
 * once, discarding what is buffered.
 */
final class BytePipe {
  private final byte[] buf;
  private int head;
  private int count;
  private boolean writeClosed;
  private boolean readClosed;
  private boolean killed;

  private final InputStream source = new Source();
  private final OutputStream sink = new Sink();

  BytePipe(int capacity) {
    this.buf = new byte[capacity];
  }

  /** The reading end. */
  InputStream source() {
    return source;
  }

  /** The writing end. */
  OutputStream sink() {
    return sink;
  }

  /** Closes the writing end: the reader sees EOF once it drained the buffer. */
  synchronized void closeWrite() {
    writeClosed = true;
    notifyAll();
  }

  /** Closes the reading end: writes fail from now on. */
  synchronized void closeRead() {
    readClosed = true;
    notifyAll();
  }

  /** Both ends fail from now on; buffered bytes are lost. */
  synchronized void kill() {
    killed = true;
    notifyAll();
  }

  private synchronized int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (count == 0) {
      if (killed) {
        throw new IOException("pipe killed");
      }
      if (readClosed) {
        throw new IOException("pipe closed by its reader");
      }
      if (writeClosed) {
        return -1;
      }
      await();
    }
    if (killed) {
      throw new IOException("pipe killed");
    }
    int n = Math.min(len, count);
    int first = Math.min(n, buf.length - head);
    System.arraycopy(buf, head, b, off, first);
    System.arraycopy(buf, 0, b, off + first, n - first);
    head = (head + n) % buf.length;
    count -= n;
    notifyAll();
    return n;
  }

  private synchronized void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (killed) {
        throw new IOException("pipe killed");
      }
      if (readClosed) {
        throw new IOException("broken pipe: the reader closed it");
      }
      if (writeClosed) {
        throw new IOException("pipe closed");
      }
      if (count == buf.length) {
        await();
        continue;
      }
      int tail = (head + count) % buf.length;
      int n = Math.min(len, Math.min(buf.length - count, buf.length - tail));
      System.arraycopy(b, off, buf, tail, n);
      count += n;
      off += n;
      len -= n;
      notifyAll();
    }
  }

  private void await() throws InterruptedIOException {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting on a pipe");
    }
  }

  private final class Source extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = BytePipe.this.read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return BytePipe.this.read(b, off, len);
    }

    @Override
    public void close() {
      closeRead();
    }
  }

  private final class Sink extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      BytePipe.this.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      BytePipe.this.write(b, off, len);
    }

    @Override
    public void close() {
      closeWrite();
    }
  }
}
