package org.flowmat.runtime.launch;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM (how Flow stops a connector's container) ends a connector process cleanly: the session stops at its next
 * event, an Acknowledge already applying finishes in its own warehouse transaction (a plan is applied whole or not
 * at all, and a plan not yet applied stays in Flow's checkpoint for the next session), the warehouse connection is
 * closed, and the last stderr line says so. Without this the JVM exits at once, mid-anything, and logs nothing.
 */
final class Termination {
  /** The exit code of a process ended by SIGTERM (128 + 15), as a shell reports it. */
  static final int EXIT_CODE = 143;
  /** How long a session may take to stop; container runtimes usually allow 30 s before SIGKILL. */
  static final long GRACE_MILLIS = 25_000;

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorLauncher.class);
  private static final AtomicBoolean requested = new AtomicBoolean();
  private static volatile Runnable stop;
  private static volatile Supplier<String> progress = () -> "";

  private Termination() {}

  /** Handles SIGTERM in this process from now on; only the process's entry point calls this. */
  static void install() {
    Signal.handle(new Signal("TERM"), signal -> terminate());
  }

  /** What stops the running session or server, and what to say about how far it got. */
  static void whileRunning(Runnable stopAction, Supplier<String> progressNote) {
    progress = progressNote;
    stop = stopAction;
    if (requested.get()) {
      stopAction.run(); // the signal came before there was anything to stop
    }
  }

  static boolean requested() {
    return requested.get();
  }

  /** The last line of a process that stopped on SIGTERM. */
  static void logStopped() {
    String note = progress.get();
    LOG.atInfo().addKeyValue("exitCode", EXIT_CODE)
        .log("terminated by SIGTERM: stopped cleanly" + (note.isEmpty() ? "" : "; " + note));
  }

  private static void terminate() {
    if (!requested.compareAndSet(false, true)) {
      return;
    }
    Runnable action = stop;
    if (action == null) {
      logStopped();
      Runtime.getRuntime().halt(EXIT_CODE);
    }
    action.run();
    // The entry point exits once the session has stopped; this is the bound on how long that may take.
    try {
      Thread.sleep(GRACE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.atWarn().addKeyValue("exitCode", EXIT_CODE).log("terminated by SIGTERM: the session did not stop within "
        + GRACE_MILLIS / 1000 + " s and was abandoned; the warehouse keeps only what it committed, and the next"
        + " session recovers from Flow's checkpoint");
    Runtime.getRuntime().halt(EXIT_CODE);
  }
}
