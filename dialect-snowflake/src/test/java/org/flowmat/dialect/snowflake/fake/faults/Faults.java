package org.flowmat.dialect.snowflake.fake.faults;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Faults to inject, in order: each applies to one request of its route (query-request unless said otherwise) and is
 * then used up. Thread-safe; tests queue faults, then run the client and look at what it saw.
 */
public final class Faults {
  /** Which requests a fault applies to. */
  public enum Route { LOGIN, QUERY }

  private record Queued(Route route, Fault fault) {}

  private final Deque<Queued> queue = new ArrayDeque<>();

  /** The next {@code times} query-requests answer HTTP 503. */
  public Faults serviceUnavailable(int times) {
    return httpStatus(Route.QUERY, 503, times);
  }

  /** The next {@code times} query-requests answer HTTP 429. */
  public Faults tooManyRequests(int times) {
    return httpStatus(Route.QUERY, 429, times);
  }

  public synchronized Faults httpStatus(Route route, int status, int times) {
    for (int i = 0; i < times; i++) {
      queue.add(new Queued(route, new Fault.HttpStatus(status)));
    }
    return this;
  }

  /** The next query-request answers 390112 once; its session token stops working until renewed. */
  public synchronized Faults expireSession() {
    queue.add(new Queued(Route.QUERY, new Fault.SessionExpired()));
    return this;
  }

  /** The next query-request runs, then its answer is held for {@code delay}. */
  public synchronized Faults slowQuery(Duration delay) {
    queue.add(new Queued(Route.QUERY, new Fault.Slow(delay)));
    return this;
  }

  /** The next query-request answers "query in progress" (333333); the driver polls the result {@code polls} times. */
  public synchronized Faults queryInProgress(int polls) {
    queue.add(new Queued(Route.QUERY, new Fault.InProgress(Math.max(1, polls))));
    return this;
  }

  /** The next {@code times} query-requests lose their connection: after running the statement, or before. */
  public synchronized Faults dropConnection(int times, boolean afterExecuting) {
    for (int i = 0; i < times; i++) {
      queue.add(new Queued(Route.QUERY, new Fault.DropConnection(afterExecuting)));
    }
    return this;
  }

  /** The next fault for a request of this route, used up. */
  public synchronized Optional<Fault> next(Route route) {
    for (var it = queue.iterator(); it.hasNext(); ) {
      Queued q = it.next();
      if (q.route() == route) {
        it.remove();
        return Optional.of(q.fault());
      }
    }
    return Optional.empty();
  }

  public synchronized int pending() {
    return queue.size();
  }

  public synchronized void clear() {
    queue.clear();
  }
}
