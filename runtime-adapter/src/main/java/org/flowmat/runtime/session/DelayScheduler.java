package org.flowmat.runtime.session;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs a task after a delay; the session's sync-schedule timer, so that tests can fire it without waiting. */
@FunctionalInterface
public interface DelayScheduler {
  /** Schedules {@code task} after {@code delay}; the returned action cancels it if it has not run yet. */
  Runnable schedule(Duration delay, Runnable task);

  /**
   * One daemon thread for every session of the process: a pending delay never keeps the JVM alive, so SIGTERM ends a
   * session that waits for its next sync at once (its apply is done; Flow's next session sends Acknowledge again).
   */
  DelayScheduler SYSTEM = new DelayScheduler() {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sync-schedule");
      t.setDaemon(true);
      return t;
    });

    @Override
    public Runnable schedule(Duration delay, Runnable task) {
      ScheduledFuture<?> f = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    }
  };
}
