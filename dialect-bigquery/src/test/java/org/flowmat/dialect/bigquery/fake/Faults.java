package org.flowmat.dialect.bigquery.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fault injection for both fakes, by API method id ("bigquery.jobs.insert", "storage.objects.get", or "*" for any):
 * the next N matching requests answer an HTTP error (before or after the request took effect), and the next jobs
 * stay PENDING/RUNNING for a number of polls. Thread-safe; the test (or POST /fake/v1/faults) arms them.
 */
public final class Faults {
  /** BigQuery's own text: the Java client retries rate limits by matching "Exceeded rate limits:" in the message. */
  public static final String RATE_LIMIT_MESSAGE =
      "Exceeded rate limits: too many api requests per user per method for this user_method."
          + " For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas";

  /** An armed HTTP fault; afterEffect: the request is carried out and only its answer is replaced (a lost response). */
  public record HttpFault(String method, int code, String reason, String message, boolean afterEffect) {}

  /** A job outcome replaced: the job finishes DONE with this errorResult instead of running. */
  public record JobFault(String reason, String message) {}

  private record Armed<T>(T fault, int[] remaining) {}

  private final List<Armed<HttpFault>> http = new ArrayList<>();
  private final List<Armed<int[]>> slowJobs = new ArrayList<>();
  private final List<Armed<JobFault>> jobFaults = new ArrayList<>();
  private final List<CommitHold> commitHolds = new ArrayList<>();

  /** Holds the next transaction at its COMMIT until released, so a test can run others while it is open. */
  public static final class CommitHold {
    private final java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    public void awaitReached() throws InterruptedException {
      if (!reached.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("no transaction reached COMMIT within 30 s");
      }
    }

    public void release() {
      released.countDown();
    }

    void hold() {
      reached.countDown();
      try {
        released.await(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public synchronized CommitHold holdNextCommit() {
    CommitHold h = new CommitHold();
    commitHolds.add(h);
    return h;
  }

  synchronized Optional<CommitHold> takeCommitHold() {
    return commitHolds.isEmpty() ? Optional.empty() : Optional.of(commitHolds.remove(0));
  }

  /** The next {@code times} requests of {@code method} answer {@code code} with {@code reason}. */
  public synchronized Faults failNext(String method, int times, int code, String reason, String message, boolean afterEffect) {
    http.add(new Armed<>(new HttpFault(method, code, reason, message, afterEffect), new int[] {times}));
    return this;
  }

  /** 503 backendError, which both clients retry for idempotent calls. */
  public Faults serverError(String method, int times) {
    return failNext(method, times, 503, "backendError", "The service is currently unavailable.", false);
  }

  /** rateLimitExceeded with BigQuery's message; code 403 (what jobs.insert answers) or 429. */
  public Faults rateLimit(String method, int times, int code) {
    return failNext(method, times, code, "rateLimitExceeded", RATE_LIMIT_MESSAGE, false);
  }

  /** The next {@code jobs} jobs report PENDING for {@code pendingPolls} polls, then RUNNING for {@code runningPolls}. */
  public synchronized Faults slowJobs(int jobs, int pendingPolls, int runningPolls) {
    slowJobs.add(new Armed<>(new int[] {pendingPolls, runningPolls}, new int[] {jobs}));
    return this;
  }

  /** The next {@code jobs} query jobs end DONE with this error instead of running (e.g. backendError, jobRateLimitExceeded). */
  public synchronized Faults failNextJobs(int jobs, String reason, String message) {
    jobFaults.add(new Armed<>(new JobFault(reason, message), new int[] {jobs}));
    return this;
  }

  public synchronized void clear() {
    http.clear();
    slowJobs.clear();
    jobFaults.clear();
    commitHolds.forEach(CommitHold::release);
    commitHolds.clear();
  }

  synchronized Optional<HttpFault> take(String method, boolean afterEffect) {
    for (var it = http.iterator(); it.hasNext(); ) {
      Armed<HttpFault> a = it.next();
      HttpFault f = a.fault();
      if (f.afterEffect() == afterEffect && (f.method().equals("*") || f.method().equals(method))) {
        if (--a.remaining()[0] <= 0) {
          it.remove();
        }
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  synchronized Optional<int[]> takeSlowJob() {
    return takeFrom(slowJobs);
  }

  synchronized Optional<JobFault> takeJobFault() {
    return takeFrom(jobFaults);
  }

  private static <T> Optional<T> takeFrom(List<Armed<T>> list) {
    if (list.isEmpty()) {
      return Optional.empty();
    }
    Armed<T> a = list.get(0);
    if (--a.remaining()[0] <= 0) {
      list.remove(0);
    }
    return Optional.of(a.fault());
  }
}
