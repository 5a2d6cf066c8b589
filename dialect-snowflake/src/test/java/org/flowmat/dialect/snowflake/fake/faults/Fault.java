package org.flowmat.dialect.snowflake.fake.faults;

import java.time.Duration;

/** One injected misbehaviour, applied to the next matching request. */
public sealed interface Fault {
  /** Answer with this HTTP status (503, 429 ...) and no Snowflake body; the driver retries these. */
  record HttpStatus(int status) implements Fault {}

  /** Answer 390112 (session token expired) and forget the token; the driver renews it with its master token. */
  record SessionExpired() implements Fault {}

  /** Hold the response this long (the statement runs first). */
  record Slow(Duration delay) implements Fault {}

  /**
   * Run the statement but answer 333333 ("query in progress") with a result URL; the driver polls it with GET, which
   * answers in progress {@code polls - 1} more times, then the result.
   */
  record InProgress(int polls) implements Fault {}

  /** Close the connection without an answer, before or after running the statement. */
  record DropConnection(boolean afterExecuting) implements Fault {}
}
