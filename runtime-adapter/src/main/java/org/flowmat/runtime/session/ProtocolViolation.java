package org.flowmat.runtime.session;

/** The peer broke the protocol's ordering rules; the message says what was expected and what arrived. */
public final class ProtocolViolation extends RuntimeException {
  public ProtocolViolation(String message) {
    super("protocol violation: " + message);
  }
}
