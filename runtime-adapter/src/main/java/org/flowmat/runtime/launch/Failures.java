package org.flowmat.runtime.launch;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.runtime.codec.ProtocolException;
import org.flowmat.runtime.logging.Secrets;
import org.flowmat.runtime.session.ProtocolViolation;

/** Turns a failure into the one line a user sees in Flow: what went wrong and where, without secrets. */
public final class Failures {
  private Failures() {}

  /** True for failures whose message is already meant for users; anything else is a bug worth a stack trace. */
  public static boolean expected(Throwable t) {
    Throwable root = unwrap(t);
    return root instanceof ConnectorException
        || root instanceof ProtocolViolation
        || root instanceof ProtocolException
        || root instanceof IllegalArgumentException;
  }

  public static String message(Throwable t) {
    Throwable root = unwrap(t);
    StringBuilder text = new StringBuilder();
    if (!expected(root)) {
      text.append("internal error: ").append(root.getClass().getSimpleName()).append(": ");
    }
    text.append(root.getMessage() == null ? "(no message)" : root.getMessage());
    // A driver's cause often says what the connector's message cannot (host, SQL state): keep it, briefly.
    Throwable cause = root.getCause();
    for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
      }
    }
    return Secrets.redact(text.toString());
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
