package org.flowmat.core.connector;

/**
 * An error a user can act on (bad config, unreachable warehouse, incompatible table). Its message is what Flow shows,
 * so it says what went wrong and where, and never contains a secret.
 */
public class ConnectorException extends RuntimeException {
  public ConnectorException(String message) {
    super(message);
  }

  public ConnectorException(String message, Throwable cause) {
    super(message, cause);
  }
}
