package org.flowmat.runtime.codec;

import java.io.IOException;

/**
 * Malformed protocol input (or a message that cannot be encoded). The message says what is wrong
 * and where, e.g. {@code "truncated frame: header says 812 bytes but EOF after 17 (message #3)"}
 * or {@code "line 2: field 'store.binding' expects an integer but got string"}.
 */
public final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
