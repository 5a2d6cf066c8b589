package org.flowmat.dialect.bigquery.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.RetryOption;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics.QueryStatistics;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault of the fake, observed through the real clients, and retried where the client retries. */
class FakeBigQueryFaultsTest {
  private FakeBigQuery fake;
  private BigQuery bq;
  private Storage gcs;

  @BeforeEach
  void start() throws Exception {
    fake = FakeBigQuery.start("proj", "US").bucket("stage", "US");
    bq = FakeClients.bigQuery(fake);
    gcs = FakeClients.storage(fake.url(), "proj");
    bq.create(DatasetInfo.newBuilder("ds").build());
    bq.query(QueryJobConfiguration.of("CREATE TABLE ds.t (k INT64)"));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private List<Integer> statuses(String method) {
    return fake.requests().stream().filter(r -> r.method().equals(method)).map(FakeBigQuery.Request::status).toList();
  }

  /**
   * google-cloud-bigquery 2.59 retries rate limits (by message) but not a 5xx answer: the HTTP RPC hands the client an
   * IOException that its exception handler does not retry. A connector has to retry backendError itself.
   */
  @Test
  void serverErrorsSurfaceFromTheBigQueryClientOnce() {
    fake.faults().serverError("bigquery.datasets.get", 1);
    assertThatThrownBy(() -> bq.getDataset("ds")).isInstanceOf(BigQueryException.class)
        .satisfies(e -> assertThat(((BigQueryException) e).getCode()).isEqualTo(503))
        .satisfies(e -> assertThat(((BigQueryException) e).getReason()).isEqualTo("backendError"));
    assertThat(bq.getDataset("ds")).isNotNull();
    assertThat(statuses("bigquery.datasets.get")).containsExactly(503, 200);
  }

  @Test
  void rateLimitExceededIsRetriedOnJobInsertAsForbiddenAndAsTooManyRequests() throws Exception {
    fake.faults().rateLimit("bigquery.jobs.insert", 1, 403).rateLimit("bigquery.jobs.insert", 1, 429);
    Job job = bq.create(JobInfo.of(JobId.of("ins_1"), QueryJobConfiguration.of("INSERT INTO ds.t (k) VALUES (1)")));
    assertThat(job.waitFor().getStatus().getError()).isNull();
    assertThat(statuses("bigquery.jobs.insert")).containsExactly(403, 429, 200);
    assertThat(bq.query(QueryJobConfiguration.of("SELECT count(*) FROM ds.t")).getValues().iterator().next().get(0).getLongValue())
        .isEqualTo(1);
  }

  @Test
  void aRateLimitWithoutBigQuerysMessageIsNotRetried() {
    fake.faults().failNext("bigquery.tables.get", 1, 403, "accessDenied", "Access Denied: Table proj:ds.t", false);
    assertThatThrownBy(() -> bq.getTable("ds", "t")).isInstanceOf(BigQueryException.class)
        .satisfies(e -> assertThat(((BigQueryException) e).getReason()).isEqualTo("accessDenied"));
    assertThat(statuses("bigquery.tables.get")).containsExactly(403);
  }

  /**
   * A lost response to jobs.insert: the job ran, the client saw a 503 (and does not retry it); inserting it again under
   * the same job id answers 409, which the client turns into reading the existing job: the INSERT ran once.
   */
  @Test
  void aLostInsertResponseThenTheSameJobIdIsReadBackNotRunTwice() throws Exception {
    fake.faults().failNext("bigquery.jobs.insert", 1, 503, "backendError", "The service is currently unavailable.", true);
    JobInfo info = JobInfo.of(JobId.newBuilder().setJob("plan_9_store").setLocation("US").build(),
        QueryJobConfiguration.of("INSERT INTO ds.t (k) VALUES (1), (2)"));
    assertThatThrownBy(() -> bq.create(info)).isInstanceOf(BigQueryException.class);
    Job job = bq.create(info);
    assertThat(job.getJobId().getJob()).isEqualTo("plan_9_store");
    assertThat(statuses("bigquery.jobs.insert")).containsExactly(503, 409);
    Job read = bq.getJob(job.getJobId());
    assertThat(read.getStatus().getState()).isEqualTo(JobStatus.State.DONE);
    assertThat(((QueryStatistics) read.getStatistics()).getNumDmlAffectedRows()).isEqualTo(2L);
    assertThat(bq.query(QueryJobConfiguration.of("SELECT count(*) FROM ds.t")).getValues().iterator().next().get(0).getLongValue())
        .isEqualTo(2);
  }

  @Test
  void aSlowJobIsPendingThenRunningForItsPollsThenDone() throws Exception {
    fake.faults().slowJobs(1, 2, 2);
    Job job = bq.create(JobInfo.of(QueryJobConfiguration.of("SELECT 42 AS answer")));
    assertThat(job.getStatus().getState()).isEqualTo(JobStatus.State.PENDING);
    assertThat(bq.getJob(job.getJobId()).getStatus().getState()).isEqualTo(JobStatus.State.PENDING);
    assertThat(bq.getJob(job.getJobId()).getStatus().getState()).isEqualTo(JobStatus.State.PENDING);
    assertThat(bq.getJob(job.getJobId()).getStatus().getState()).isEqualTo(JobStatus.State.RUNNING);
    // The client polls getQueryResults (jobComplete false) until the job is done.
    Job done = job.waitFor(RetryOption.initialRetryDelayDuration(Duration.ofMillis(10)),
        RetryOption.maxRetryDelayDuration(Duration.ofMillis(50)));
    assertThat(done.getStatus().getState()).isEqualTo(JobStatus.State.DONE);
    assertThat(fake.requests()).filteredOn(r -> r.method().equals("bigquery.jobs.getQueryResults")).hasSizeGreaterThanOrEqualTo(2);
    TableResult r = done.getQueryResults();
    assertThat(r.getValues().iterator().next().get("answer").getLongValue()).isEqualTo(42);
  }

  @Test
  void aSlowQueryOnTheFastPathFallsBackToPollingTheJob() throws Exception {
    fake.faults().slowJobs(1, 0, 1);
    long before = fake.count("bigquery.jobs.query");
    TableResult r = bq.query(QueryJobConfiguration.of("SELECT 7 AS seven"));
    assertThat(r.getValues().iterator().next().get("seven").getLongValue()).isEqualTo(7);
    assertThat(fake.count("bigquery.jobs.query")).isEqualTo(before + 1);
    assertThat(fake.count("bigquery.jobs.get")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aJobThatFailsInsideReportsItsReason() {
    fake.faults().failNextJobs(1, "backendError", "Backend error. Job aborted.");
    Job job = bq.create(JobInfo.of(QueryJobConfiguration.of("INSERT INTO ds.t (k) VALUES (5)")));
    assertThatThrownBy(job::waitFor).isInstanceOf(BigQueryException.class)
        .satisfies(e -> assertThat(((BigQueryException) e).getError().getReason()).isEqualTo("backendError"));
    assertThat(bq.getJob(job.getJobId()).getStatus().getError().getReason()).isEqualTo("backendError");
  }

  /**
   * BigQuery's transaction concurrency: while one transaction holds a mutation of a table, another transaction that
   * mutates it is aborted; one that only appends runs; DML outside a transaction waits for the holder to finish.
   */
  @Test
  void concurrentTransactionsMutatingOneTableAbortTheLaterOne() throws Exception {
    bq.query(QueryJobConfiguration.of("INSERT INTO ds.t (k) VALUES (1)"));
    bq.query(QueryJobConfiguration.of("CREATE TABLE ds.other (k INT64)"));
    Faults.CommitHold hold = fake.faults().holdNextCommit();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = pool.submit(() -> bq.create(JobInfo.of(QueryJobConfiguration.of(
          "BEGIN TRANSACTION; UPDATE ds.t SET k = k + 1 WHERE true; COMMIT TRANSACTION;"))));
      hold.awaitReached();

      Job conflicting = bq.create(JobInfo.of(QueryJobConfiguration.of(
          "BEGIN TRANSACTION; INSERT INTO ds.other (k) VALUES (1); DELETE FROM ds.t WHERE k > 100; COMMIT TRANSACTION;")));
      assertThatThrownBy(conflicting::waitFor).isInstanceOf(BigQueryException.class)
          .hasMessage("Transaction is aborted due to concurrent update against table proj:ds.t.");
      Job append = bq.create(JobInfo.of(QueryJobConfiguration.of(
          "BEGIN TRANSACTION; INSERT INTO ds.t (k) VALUES (10); COMMIT TRANSACTION;")));
      assertThat(append.waitFor().getStatus().getError()).isNull();
      var queued = pool.submit(() -> bq.query(QueryJobConfiguration.of("UPDATE ds.t SET k = k * 100 WHERE k < 10")));
      Thread.sleep(300);
      assertThat(queued.isDone()).as("DML outside a transaction waits for the open transaction").isFalse();

      hold.release();
      assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS).waitFor().getStatus().getError()).isNull();
      queued.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      hold.release();
      pool.shutdownNow();
    }
    List<Long> ks = new java.util.ArrayList<>();
    bq.query(QueryJobConfiguration.of("SELECT k FROM ds.t ORDER BY k")).iterateAll().forEach(r -> ks.add(r.get(0).getLongValue()));
    assertThat(ks).containsExactly(10L, 200L); // 1 → 2 by the first transaction, → 200 by the queued UPDATE
    assertThat(bq.query(QueryJobConfiguration.of("SELECT count(*) FROM ds.other")).getValues().iterator().next().get(0)
        .getLongValue()).as("the aborted transaction's insert is rolled back").isZero();
  }

  @Test
  void storageRetriesIdempotentCallsOnServerErrorsAndRateLimits() {
    gcs.create(BlobInfo.newBuilder("stage", "a/b").build(), new byte[] {1, 2, 3});
    fake.faults().serverError("storage.objects.get", 1);
    assertThat(gcs.readAllBytes(BlobId.of("stage", "a/b"))).containsExactly(1, 2, 3);
    fake.faults().failNext("storage.objects.list", 1, 429, "rateLimitExceeded", "The rate of change requests is too high.", false);
    assertThat(gcs.list("stage").iterateAll()).hasSize(1);
    assertThat(statuses("storage.objects.get")).containsExactly(503, 200);
    assertThat(statuses("storage.objects.list")).containsExactly(429, 200);
    fake.faults().failNext("storage.buckets.get", 10, 503, "backendError", "unavailable", false);
    assertThatThrownBy(() -> gcs.get("stage")).isInstanceOf(StorageException.class);
    assertThat(statuses("storage.buckets.get")).hasSize(6).allMatch(s -> s == 503); // the retry budget: 6 attempts
  }
}
