package org.flowmat.runtime.codec;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads a stream of protocol messages, one at a time.
 *
 * <p>Implementations are not thread-safe: use one reader from one thread.
 *
 * @param <T> message type, e.g. {@code Materialize.Request}
 */
public interface MessageReader<T> extends Closeable {

  /**
   * Blocks until the next message is complete and returns it.
   *
   * @return the next message, or {@code null} at a clean end of input (end of input exactly between
   *     two messages)
   * @throws ProtocolException if the input is malformed, including end of input in the middle of a
   *     message
   * @throws IOException if reading the underlying stream fails
   */
  T read() throws IOException;
}
