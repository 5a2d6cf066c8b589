package org.flowmat.runtime.codec;

import java.io.IOException;

/**
 * Writes protocol messages. Every {@link #write} is complete on the wire when it returns: the
 * message is encoded and the underlying stream flushed.
 *
 * <p>The implementations in this package are safe to call from several threads; each message is
 * written atomically.
 *
 * @param <T> message type, e.g. {@code Materialize.Response}
 */
public interface MessageWriter<T> {

  /** Writes one message and flushes. */
  void write(T message) throws IOException;
}
