package org.flowmat.dialect.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.ExternalTableDefinition;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.ExistingTable;
import org.flowmat.core.model.InfoSchema;
import org.flowmat.core.model.TablePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BigQuery through google-cloud-bigquery, without JDBC: introspection through the tables API, every statement a query
 * job (staged sources lowered to the job's external tables, see {@link StagedSources}), polled to its end and retried
 * where BigQuery says a retry may succeed. google-cloud-bigquery retries rate limits itself but not backendError, and
 * a transaction aborted by a concurrent update must be run again as a new job, so those are retried here.
 *
 * <p>BigQuery has no interactive transactions over its API: {@link #transaction} runs each statement as its own job
 * (the engine calls it here only for reads: the empty-table probe and Loads); plans are applied atomically as one
 * script by {@link ScriptPlanApplier}.
 */
final class BigQueryClient implements WarehouseClient {
  private static final Logger LOG = LoggerFactory.getLogger(BigQueryClient.class);
  static final int MAX_ATTEMPTS = 8;
  private static final Set<String> RETRYABLE_REASONS = Set.of("backendError", "internalError", "rateLimitExceeded",
      "jobBackendError", "jobInternalError");

  private final BigQuery bq;
  private final BigQueryConfig config;

  private BigQueryClient(BigQuery bq, BigQueryConfig config) {
    this.bq = bq;
    this.config = config;
  }

  /** A client after the pre-flight check: the dataset, where it exists, is in the configured region. */
  static BigQueryClient open(BigQueryConfig config, BigQuery bq) {
    BigQueryClient client = new BigQueryClient(bq, config);
    Dataset dataset = client.call(() -> bq.getDataset(DatasetId.of(config.projectId(), config.dataset())),
        "read dataset " + config.projectId() + "." + config.dataset());
    if (dataset != null && dataset.getLocation() != null
        && !dataset.getLocation().equalsIgnoreCase(config.region())) {
      throw new ConnectorException("dataset " + config.projectId() + "." + config.dataset() + " is in location "
          + dataset.getLocation() + ", not in the configured region " + config.region());
    }
    return client;
  }

  // ---- introspection ----

  @Override
  public InfoSchema introspect(Collection<TablePath> tables) {
    Set<String> schemas = new HashSet<>();
    Set<List<String>> datasetsSeen = new HashSet<>();
    Map<TablePath, ExistingTable> found = new HashMap<>();
    for (TablePath path : tables) {
      TableId id = tableId(path);
      if (datasetsSeen.add(List.of(id.getProject(), id.getDataset()))) {
        Dataset d = call(() -> bq.getDataset(DatasetId.of(id.getProject(), id.getDataset())), "read dataset " + id.getDataset());
        if (d != null) {
          schemas.add(id.getDataset());
        }
      }
      Table t = call(() -> bq.getTable(id), "read table " + path);
      if (t == null || t.getDefinition() == null || t.getDefinition().getSchema() == null) {
        continue;
      }
      List<ExistingColumn> columns = new ArrayList<>();
      for (Field f : t.getDefinition().getSchema().getFields()) {
        columns.add(column(f));
      }
      found.put(path, new ExistingTable(path, columns));
    }
    return new InfoSchema(schemas, found);
  }

  private static ExistingColumn column(Field f) {
    StandardSQLTypeName type = f.getType().getStandardType();
    boolean nullable = f.getMode() == null || f.getMode() != Field.Mode.REQUIRED;
    OptionalInt length = f.getMaxLength() == null ? OptionalInt.empty() : OptionalInt.of(f.getMaxLength().intValue());
    OptionalInt precision = f.getPrecision() == null ? OptionalInt.empty() : OptionalInt.of(f.getPrecision().intValue());
    OptionalInt scale = f.getScale() == null ? OptionalInt.empty() : OptionalInt.of(f.getScale().intValue());
    return new ExistingColumn(f.getName(), type.name(), nullable, length, precision, scale);
  }

  /** {@code [project, dataset, table]}, or {@code [dataset, table]} in the endpoint's project. */
  TableId tableId(TablePath path) {
    List<String> c = path.components();
    return c.size() >= 3 ? TableId.of(c.get(c.size() - 3), c.get(c.size() - 2), c.get(c.size() - 1))
        : TableId.of(config.projectId(), path.schema().isEmpty() ? config.dataset() : path.schema(), path.table());
  }

  // ---- statements ----

  /** BigQuery's DDL on permanent tables cannot run in a transaction. */
  @Override
  public boolean transactionalDdl() {
    return false;
  }

  @Override
  public void execute(List<String> statements) {
    for (String statement : statements) {
      run(statement, "flowmat_ddl_" + UUID.randomUUID().toString().replace("-", ""));
    }
  }

  @Override
  public <T> T transaction(Work<T> work) throws Exception {
    return work.run(new Txn() {
      @Override
      public long update(String sql) {
        return affectedRows(run(sql, randomId()));
      }

      @Override
      public void query(String sql, RowHandler rows) throws Exception {
        Job job = run(sql, randomId());
        for (FieldValueList values : call(() -> results(job), "read the results of job " + job.getJobId().getJob()).iterateAll()) {
          rows.row(new ResultRow(values));
        }
      }
    });
  }

  /** Every page of a query's results (the client pages through them as they are iterated). */
  private static com.google.cloud.bigquery.TableResult results(Job job) {
    try {
      return job.getQueryResults();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException("interrupted while reading the results of job " + job.getJobId().getJob());
    }
  }

  private static String randomId() {
    return "flowmat_q_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** A job id that is the same for the same parts: a replayed job is recognised (409) instead of run twice. */
  static String deterministicId(String kind, Object... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Object p : parts) {
        sha.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return "flowmat_" + kind + "_" + HexFormat.of().formatHex(sha.digest(), 0, 20);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static long affectedRows(Job job) {
    if (job.getStatistics() instanceof JobStatistics.QueryStatistics q && q.getNumDmlAffectedRows() != null) {
      return q.getNumDmlAffectedRows();
    }
    return 0;
  }

  /**
   * Runs {@code sql} as query job {@code jobId} (attempt 0; later attempts, after a job that failed in a way worth
   * retrying, get {@code jobId_<n>}) and waits for it. A job id that exists already (a lost insert response, a
   * replay) answers that job, whose outcome then counts.
   */
  Job run(String sql, String jobId) {
    StagedSources lowered = StagedSources.lower(sql);
    QueryJobConfiguration.Builder cfg = QueryJobConfiguration.newBuilder(lowered.sql()).setUseLegacySql(false);
    lowered.tables().forEach((name, d) -> cfg.addTableDefinition(name, external(d)));
    QueryJobConfiguration configuration = cfg.build();
    for (int attempt = 0; ; attempt++) {
      String id = attempt == 0 ? jobId : jobId + "_" + attempt;
      JobId jid = JobId.newBuilder().setProject(config.billingProjectId()).setLocation(config.region()).setJob(id).build();
      Job job = call(() -> bq.create(JobInfo.of(jid, configuration)), "start job " + id);
      try {
        job = job.waitFor();
        if (job == null) {
          throw new ConnectorException("job " + id + " vanished while it ran");
        }
        if (job.getStatus().getError() == null) {
          return job;
        }
        failure(id, job.getStatus().getError().getReason(), job.getStatus().getError().getMessage(), attempt);
      } catch (BigQueryException e) {
        String reason = e.getError() != null ? e.getError().getReason() : e.getReason();
        failure(id, reason, e.getMessage(), attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectorException("interrupted while waiting for job " + id);
      }
      backoff(attempt);
    }
  }

  /** Throws unless the failure is one a new job may not meet. */
  private static void failure(String id, String reason, String message, int attempt) {
    boolean retry = isRetryable(reason, message);
    if (!retry || attempt + 1 >= MAX_ATTEMPTS) {
      throw new JobFailed(id, reason, message);
    }
    LOG.atWarn().addKeyValue("job", id).addKeyValue("reason", reason).addKeyValue("attempt", attempt + 1)
        .log("BigQuery job failed in a way worth retrying; running it again as a new job");
  }

  static boolean isRetryable(String reason, String message) {
    return (reason != null && RETRYABLE_REASONS.contains(reason))
        || (message != null && message.toLowerCase(Locale.ROOT).contains("due to concurrent update"));
  }

  /** A job that failed for good, with BigQuery's reason and message (which hold no secret: statements hold none). */
  static final class JobFailed extends ConnectorException {
    private static final long serialVersionUID = 1L;
    final String reason;
    final String detail;

    JobFailed(String job, String reason, String detail) {
      super("BigQuery job " + job + " failed (" + reason + "): " + detail);
      this.reason = reason;
      this.detail = detail == null ? "" : detail;
    }
  }

  private static ExternalTableDefinition external(StagedSources.Definition d) {
    List<Field> fields = d.columns().stream().map(BigQueryClient::field).toList();
    return ExternalTableDefinition.newBuilder(d.uris(), Schema.of(fields), FormatOptions.json())
        .setCompression("GZIP")
        .setMaxBadRecords(0)
        .build();
  }

  /** A staged column's field: {@code TYPE} or {@code TYPE(precision,scale)}. */
  static Field field(StagedSources.Column c) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Z0-9]+)(?:\\((\\d+),(\\d+)\\))?")
        .matcher(c.type().toUpperCase(Locale.ROOT).replace(" ", ""));
    if (!m.matches()) {
      throw new IllegalArgumentException("staged column " + c.name() + " has type " + c.type() + ", which is no BigQuery type");
    }
    Field.Builder f = Field.newBuilder(c.name(), StandardSQLTypeName.valueOf(m.group(1)));
    if (m.group(2) != null) {
      f.setPrecision(Long.parseLong(m.group(2))).setScale(Long.parseLong(m.group(3)));
    }
    return f.build();
  }

  /** An API call outside a job, retried on backendError (which the client itself does not retry). */
  <T> T call(java.util.function.Supplier<T> request, String what) {
    for (int attempt = 0; ; attempt++) {
      try {
        return request.get();
      } catch (BigQueryException e) {
        boolean retry = e.getCode() >= 500 || isRetryable(e.getReason(), e.getMessage());
        if (!retry || attempt + 1 >= MAX_ATTEMPTS) {
          throw new ConnectorException("BigQuery: cannot " + what + " (" + e.getCode() + " " + e.getReason() + "): "
              + e.getMessage());
        }
        backoff(attempt);
      }
    }
  }

  private static void backoff(int attempt) {
    long millis = Math.min(10_000L, 100L << Math.min(attempt, 7));
    try {
      Thread.sleep(millis / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException("interrupted while waiting to retry a BigQuery request");
    }
  }

  @Override
  public void close() {
    // The HTTP transport holds no connection that needs closing.
  }

  /** A result row; TIMESTAMP cells would come as float seconds, but the connector reads only text and integers. */
  private record ResultRow(FieldValueList values) implements Row {
    @Override
    public String string(int column) {
      FieldValue v = values.get(column);
      return v.isNull() ? null : v.getStringValue();
    }

    @Override
    public long number(int column) {
      return values.get(column).getLongValue();
    }

    @Override
    public boolean isNull(int column) {
      return values.get(column).isNull();
    }
  }
}
