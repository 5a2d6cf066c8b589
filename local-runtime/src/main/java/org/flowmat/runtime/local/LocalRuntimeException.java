package org.flowmat.runtime.local;

/**
 * The connector broke the protocol (a response out of order, a Loaded key never requested, a wrong exit code), or
 * failed or hung where no kill explains it. The message names the shard, session and transaction, what the runtime
 * expected and what it got, and the connector's last stderr lines.
 */
public final class LocalRuntimeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LocalRuntimeException(String message) {
    super(message);
  }

  public LocalRuntimeException(String message, Throwable cause) {
    super(message, cause);
  }
}
