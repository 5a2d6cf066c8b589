package org.flowmat.runtime.codec;

import java.io.ByteArrayInputStream;

/** Returns at most {@code chunk} bytes per read, like a slow pipe. */
final class TrickleInputStream extends ByteArrayInputStream {
  private final int chunk;

  TrickleInputStream(byte[] data, int chunk) {
    super(data);
    this.chunk = chunk;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) {
    return super.read(b, off, Math.min(len, chunk));
  }
}
