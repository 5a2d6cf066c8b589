package org.flowmat.dialect.bigquery.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.ExternalTableDefinition;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics.QueryStatistics;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.RangePartitioning;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.bigquery.TimePartitioning;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.bigquery.Bigquery;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.WriteChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake through the real google-cloud-bigquery and google-cloud-storage clients (NoCredentials, setHost). */
class FakeBigQueryClientTest {
  private static FakeBigQuery fake;
  private static BigQuery bq;
  private static Storage gcs;

  private static final Schema ORDERS = Schema.of(
      Field.newBuilder("id", StandardSQLTypeName.INT64).setMode(Field.Mode.REQUIRED).build(),
      Field.of("ts", StandardSQLTypeName.TIMESTAMP),
      Field.of("name", StandardSQLTypeName.STRING));

  @BeforeAll
  static void start() {
    fake = FakeBigQuery.start("proj", "US").bucket("stage", "US");
    bq = FakeClients.bigQuery(fake);
    gcs = FakeClients.storage(fake.url(), "proj");
    bq.create(DatasetInfo.newBuilder("ds").setLocation("US").build());
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  private static TableResult query(String sql) throws InterruptedException {
    return bq.query(QueryJobConfiguration.newBuilder(sql).build());
  }

  private static Job run(QueryJobConfiguration config) throws InterruptedException {
    Job job = bq.create(JobInfo.of(config)).waitFor();
    assertThat(job.getStatus().getError()).as("job error").isNull();
    return job;
  }

  private static List<List<String>> rows(TableResult r) {
    List<List<String>> out = new ArrayList<>();
    for (FieldValueList row : r.iterateAll()) {
      List<String> cells = new ArrayList<>();
      row.forEach(v -> cells.add(v.isNull() ? null : v.getStringValue()));
      out.add(cells);
    }
    return out;
  }

  @Test
  void datasetsHaveTheirLocationAndAMissingOneIsNull() {
    bq.create(DatasetInfo.newBuilder("eu_ds").setLocation("EU").build());
    assertThat(bq.getDataset("eu_ds").getLocation()).isEqualTo("EU");
    assertThat(bq.getDataset("ds").getLocation()).isEqualTo("US");
    assertThat(bq.getDataset("no_such_dataset")).isNull();
    assertThatThrownBy(() -> bq.create(DatasetInfo.newBuilder("ds").build()))
        .isInstanceOf(BigQueryException.class).hasMessageContaining("Already Exists: Dataset proj:ds");
  }

  @Test
  void tablesKeepModesPartitioningAndClusteringAndPatchAddsColumns() throws Exception {
    Schema schema = Schema.of(
        Field.newBuilder("id", StandardSQLTypeName.INT64).setMode(Field.Mode.REQUIRED).build(),
        Field.of("ts", StandardSQLTypeName.TIMESTAMP),
        Field.of("amount", StandardSQLTypeName.BIGNUMERIC),
        Field.of("price", StandardSQLTypeName.FLOAT64),
        Field.of("flag", StandardSQLTypeName.BOOL),
        Field.of("raw", StandardSQLTypeName.BYTES),
        Field.of("day", StandardSQLTypeName.DATE),
        Field.of("doc", StandardSQLTypeName.JSON),
        Field.of("name", StandardSQLTypeName.STRING));
    TableId id = TableId.of("ds", "rest_table");
    bq.create(TableInfo.of(id, StandardTableDefinition.newBuilder().setSchema(schema)
        .setTimePartitioning(TimePartitioning.newBuilder(TimePartitioning.Type.DAY).setField("ts").build())
        .setClustering(Clustering.newBuilder().setFields(List.of("id", "name")).build()).build()));

    Table t = bq.getTable(id);
    StandardTableDefinition def = t.getDefinition();
    assertThat(describe(def.getSchema())).isEqualTo(describe(schema));
    assertThat(def.getTimePartitioning().getField()).isEqualTo("ts");
    assertThat(def.getTimePartitioning().getType()).isEqualTo(TimePartitioning.Type.DAY);
    assertThat(def.getClustering().getFields()).containsExactly("id", "name");
    assertThat(def.getNumRows()).isZero();

    // Schema evolution through tables.patch: a new nullable column, and id relaxed to NULLABLE.
    List<Field> evolved = new ArrayList<>(schema.getFields());
    evolved.set(0, Field.newBuilder("id", StandardSQLTypeName.INT64).setMode(Field.Mode.NULLABLE).build());
    evolved.add(Field.of("added", StandardSQLTypeName.STRING));
    t.toBuilder().setDefinition(def.toBuilder().setSchema(Schema.of(evolved)).build()).build().update();
    assertThat(describe(bq.getTable(id).<StandardTableDefinition>getDefinition().getSchema()))
        .isEqualTo(describe(Schema.of(evolved)));

    List<Field> retyped = new ArrayList<>(evolved);
    retyped.set(8, Field.of("name", StandardSQLTypeName.INT64));
    assertThatThrownBy(() -> t.toBuilder().setDefinition(def.toBuilder().setSchema(Schema.of(retyped)).build()).build().update())
        .isInstanceOf(BigQueryException.class).hasMessageContaining("has changed type from STRING to INTEGER");

    assertThat(bq.listTables("ds").iterateAll()).extracting(x -> x.getTableId().getTable()).contains("rest_table");
    assertThat(bq.delete(id)).isTrue();
    assertThat(bq.getTable(id)).isNull();
  }

  /** name:type:mode of every field; BigQuery answers NULLABLE where the request left the mode out. */
  private static List<String> describe(Schema schema) {
    List<String> out = new ArrayList<>();
    for (Field f : schema.getFields()) {
      out.add(f.getName() + ":" + f.getType().getStandardType() + ":" + (f.getMode() == null ? Field.Mode.NULLABLE : f.getMode()));
    }
    return out;
  }

  @Test
  void ddlWithPartitionByClusterByAndOptionsIsReportedAsTableMetadata() throws Exception {
    query("CREATE TABLE `proj.ds.ddl_table` (`id` INT64 NOT NULL, `ts` TIMESTAMP, `n` BIGNUMERIC(38,0),"
        + " `doc` JSON OPTIONS(description='the document'), `flag` BOOL)"
        + " PARTITION BY TIMESTAMP_TRUNC(`ts`, HOUR) CLUSTER BY `id`, `flag`"
        + " OPTIONS(require_partition_filter = true, partition_expiration_days = 7)");
    Table t = bq.getTable(TableId.of("ds", "ddl_table"));
    StandardTableDefinition def = t.getDefinition();
    assertThat(def.getSchema().getFields().get("id").getMode()).isEqualTo(Field.Mode.REQUIRED);
    assertThat(def.getSchema().getFields().get("n").getType().getStandardType()).isEqualTo(StandardSQLTypeName.BIGNUMERIC);
    assertThat(def.getSchema().getFields().get("n").getPrecision()).isEqualTo(38L);
    assertThat(def.getSchema().getFields().get("doc").getDescription()).isEqualTo("the document");
    assertThat(def.getTimePartitioning().getType()).isEqualTo(TimePartitioning.Type.HOUR);
    assertThat(def.getTimePartitioning().getExpirationMs()).isEqualTo(7L * 86_400_000L);
    assertThat(def.getClustering().getFields()).containsExactly("id", "flag");
    assertThat(t.getRequirePartitionFilter()).isTrue();

    query("CREATE TABLE ds.ranged (k INT64, v STRING) PARTITION BY RANGE_BUCKET(k, GENERATE_ARRAY(0, 100, 10))");
    RangePartitioning rp = bq.getTable(TableId.of("ds", "ranged")).<StandardTableDefinition>getDefinition().getRangePartitioning();
    assertThat(rp.getField()).isEqualTo("k");
    assertThat(rp.getRange().getStart()).isZero();
    assertThat(rp.getRange().getEnd()).isEqualTo(100L);
    assertThat(rp.getRange().getInterval()).isEqualTo(10L);

    // Backfill by truncation keeps the table and its partitioning; recreation by CREATE OR REPLACE … AS keeps the
    // partitioning and clustering it declares.
    query("INSERT INTO ds.ranged (k, v) VALUES (5, 'x')");
    query("TRUNCATE TABLE `proj.ds.ranged`");
    assertThat(rows(query("SELECT count(*) FROM ds.ranged"))).containsExactly(List.of("0"));
    assertThat(bq.getTable(TableId.of("ds", "ranged")).<StandardTableDefinition>getDefinition().getRangePartitioning()).isEqualTo(rp);
    query("CREATE OR REPLACE TABLE `proj.ds.ranged` PARTITION BY RANGE_BUCKET(k, GENERATE_ARRAY(0, 50, 5)) CLUSTER BY v"
        + " AS SELECT k, v FROM `proj.ds.ranged` WHERE false");
    StandardTableDefinition recreated = bq.getTable(TableId.of("ds", "ranged")).getDefinition();
    assertThat(recreated.getRangePartitioning().getRange().getEnd()).isEqualTo(50L);
    assertThat(recreated.getClustering().getFields()).containsExactly("v");
    assertThat(describe(recreated.getSchema())).containsExactly("k:INT64:NULLABLE", "v:STRING:NULLABLE");

    // Like BigQuery, a query that does not filter on the partition column of such a table is refused.
    assertThatThrownBy(() -> query("SELECT id FROM `proj.ds.ddl_table`"))
        .isInstanceOf(BigQueryException.class).hasMessageContaining("without a filter over column(s) 'ts'");
    assertThat(rows(query("SELECT id FROM `proj.ds.ddl_table` WHERE ts >= TIMESTAMP '2024-01-01'"))).isEmpty();
  }

  /** Stages gzip NDJSON through GCS (multipart and resumable) and reads it as a query-time external table. */
  @Test
  void externalTableOverGzipNdjsonStagedThroughStorage() throws Exception {
    gcs.create(BlobInfo.newBuilder("stage", "ext/run1/part-0.json.gz").setContentType("application/gzip").build(),
        FakeClients.gzip("{\"id\":1,\"ts\":\"2024-01-01T10:00:00Z\",\"name\":\"a\"}\n{\"id\":2,\"ts\":\"2024-01-02T10:00:00Z\",\"name\":\"b\"}\n"));
    try (WriteChannel w = gcs.writer(BlobInfo.newBuilder("stage", "ext/run1/part-1").build())) {
      w.write(ByteBuffer.wrap(FakeClients.gzip("{\"id\":3,\"ts\":\"2024-01-03T10:00:00Z\",\"name\":\"c\",\"extra\":true}\n")));
    }
    gcs.create(BlobInfo.newBuilder("stage", "elsewhere/part-9").build(), FakeClients.gzip("{\"id\":9}\n"));

    List<String> listed = new ArrayList<>();
    gcs.list("stage", Storage.BlobListOption.prefix("ext/run1/")).iterateAll().forEach(b -> listed.add(b.getName()));
    assertThat(listed).containsExactly("ext/run1/part-0.json.gz", "ext/run1/part-1");
    Blob blob = gcs.get(BlobId.of("stage", "ext/run1/part-1"));
    assertThat(blob.getSize()).isPositive();
    assertThat(gcs.readAllBytes(BlobId.of("stage", "ext/run1/part-0.json.gz"))).startsWith(0x1f, 0x8b);
    assertThat(gcs.get("stage").getLocation()).isEqualTo("US");

    ExternalTableDefinition staged = ExternalTableDefinition.newBuilder("gs://stage/ext/run1/*", ORDERS, FormatOptions.json())
        .setCompression("GZIP").build();
    TableResult r = run(QueryJobConfiguration.newBuilder(
            "SELECT r.id, r.name, r.ts FROM flow_temp_table_0 AS r ORDER BY r.id")
        .addTableDefinition("flow_temp_table_0", staged).build()).getQueryResults();
    assertThat(rows(r)).extracting(row -> row.get(0) + "/" + row.get(1)).containsExactly("1/a", "2/b", "3/c");
    FieldValueList first = r.getValues().iterator().next();
    assertThat(first.get("ts").getTimestampInstant()).isEqualTo(java.time.Instant.parse("2024-01-01T10:00:00Z"));

    // Every staged type: JSON documents, base64 BYTES, BIGNUMERIC beyond int64, nanosecond timestamps (cut to micros).
    gcs.create(BlobInfo.newBuilder("stage", "ext/types").build(), FakeClients.gzip("{\"doc\":{\"a\":[1,2]},\"raw\":\"aGk=\","
        + "\"big\":12345678901234567890123,\"ts\":\"2024-01-01T10:00:00.123456789Z\",\"day\":\"2024-02-03\",\"ok\":true}\n"));
    Schema types = Schema.of(Field.of("doc", StandardSQLTypeName.JSON), Field.of("raw", StandardSQLTypeName.BYTES),
        Field.of("big", StandardSQLTypeName.BIGNUMERIC), Field.of("ts", StandardSQLTypeName.TIMESTAMP),
        Field.of("day", StandardSQLTypeName.DATE), Field.of("ok", StandardSQLTypeName.BOOL));
    FieldValueList typed = run(QueryJobConfiguration.newBuilder("SELECT doc, raw, big, ts, day, ok FROM staged")
        .addTableDefinition("staged", ExternalTableDefinition.newBuilder("gs://stage/ext/types", types, FormatOptions.json())
            .setCompression("GZIP").build()).build()).getQueryResults().getValues().iterator().next();
    assertThat(typed.get("doc").getStringValue()).isEqualTo("{\"a\":[1,2]}");
    assertThat(typed.get("raw").getBytesValue()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
    assertThat(typed.get("big").getNumericValue()).isEqualByComparingTo("12345678901234567890123");
    assertThat(typed.get("ts").getTimestampValue()).isEqualTo(1_704_103_200_123_456L);
    assertThat(typed.get("day").getStringValue()).isEqualTo("2024-02-03");
    assertThat(typed.get("ok").getBooleanValue()).isTrue();

    assertThat(gcs.delete(BlobId.of("stage", "elsewhere/part-9"))).isTrue();
    assertThat(gcs.get(BlobId.of("stage", "elsewhere/part-9"))).isNull();
  }

  @Test
  void insertSelectAndMergeReportAffectedRowsAndMergeWithPartitionPredicate() throws Exception {
    query("CREATE TABLE `proj.ds.orders` (`id` INT64 NOT NULL, `ts` TIMESTAMP, `name` STRING) PARTITION BY DATE(`ts`)"
        + " CLUSTER BY `id`");
    gcs.create(BlobInfo.newBuilder("stage", "merge/first").build(), FakeClients.gzip(
        "{\"id\":1,\"ts\":\"2024-01-01T01:00:00Z\",\"name\":\"a\"}\n{\"id\":2,\"ts\":\"2024-01-02T01:00:00Z\",\"name\":\"b\"}\n"));
    ExternalTableDefinition first = ExternalTableDefinition.newBuilder("gs://stage/merge/first", ORDERS, FormatOptions.json())
        .setCompression("GZIP").build();
    Job insert = run(QueryJobConfiguration.newBuilder(
            "INSERT INTO `proj.ds.orders` (`id`, `ts`, `name`) SELECT r.`id`, r.`ts`, r.`name` FROM flow_temp_table_0 AS r")
        .addTableDefinition("flow_temp_table_0", first).build());
    QueryStatistics insertStats = insert.getStatistics();
    assertThat(insertStats.getNumDmlAffectedRows()).isEqualTo(2L);
    assertThat(insertStats.getDmlStats().getInsertedRowCount()).isEqualTo(2L);
    assertThat(insertStats.getStatementType()).isEqualTo(QueryStatistics.StatementType.INSERT);

    gcs.create(BlobInfo.newBuilder("stage", "merge/second").build(), FakeClients.gzip(
        "{\"id\":2,\"ts\":\"2024-01-02T01:00:00Z\",\"name\":\"B\"}\n{\"id\":3,\"ts\":\"2024-01-03T01:00:00Z\",\"name\":\"c\"}\n"));
    ExternalTableDefinition second = ExternalTableDefinition.newBuilder("gs://stage/merge/second", ORDERS, FormatOptions.json())
        .setCompression("GZIP").build();
    Job merge = run(QueryJobConfiguration.newBuilder(
            "MERGE INTO `proj.ds.orders` AS l USING flow_temp_table_1 AS r"
                + " ON l.`id` = r.`id` AND l.`ts` >= TIMESTAMP '2024-01-02' AND l.`ts` < TIMESTAMP '2024-01-04'"
                + " WHEN MATCHED THEN UPDATE SET l.`name` = r.`name`"
                + " WHEN NOT MATCHED THEN INSERT (`id`, `ts`, `name`) VALUES (r.`id`, r.`ts`, r.`name`)")
        .addTableDefinition("flow_temp_table_1", second).build());
    QueryStatistics mergeStats = merge.getStatistics();
    assertThat(mergeStats.getNumDmlAffectedRows()).isEqualTo(2L);
    assertThat(mergeStats.getStatementType()).isEqualTo(QueryStatistics.StatementType.MERGE);
    assertThat(rows(query("SELECT id, name FROM ds.orders ORDER BY id")))
        .containsExactly(List.of("1", "a"), List.of("2", "B"), List.of("3", "c"));

    // The fast path (jobs.query) answers a DML with its affected rows as totalRows, as BigQuery does.
    TableResult update = bq.query(QueryJobConfiguration.newBuilder("UPDATE ds.orders SET name = @n WHERE id > @k")
        .addNamedParameter("n", QueryParameterValue.string("z")).addNamedParameter("k", QueryParameterValue.int64(1)).build());
    assertThat(update.getTotalRows()).isEqualTo(2L);
    assertThat(((QueryStatistics) bq.getJob(update.getJobId()).getStatistics()).getDmlStats().getUpdatedRowCount()).isEqualTo(2L);
  }

  @Test
  void transactionScriptCommitsAllOrNothingAndListsChildJobs() throws Exception {
    query("CREATE TABLE ds.ledger (k STRING NOT NULL, v INT64)");
    Job ok = run(QueryJobConfiguration.of("BEGIN TRANSACTION;\n"
        + "INSERT INTO ds.ledger (k, v) VALUES ('a', 1), ('b', 2);\n"
        + "UPDATE ds.ledger SET v = v + 10 WHERE k = 'a';\n"
        + "COMMIT TRANSACTION;"));
    assertThat(((QueryStatistics) ok.getStatistics()).getStatementType()).isEqualTo(QueryStatistics.StatementType.SCRIPT);
    List<Long> affected = new ArrayList<>();
    bq.listJobs(BigQuery.JobListOption.parentJobId(ok.getJobId().getJob())).iterateAll()
        .forEach(j -> affected.add(((QueryStatistics) j.getStatistics()).getNumDmlAffectedRows()));
    assertThat(affected).containsExactly(null, 1L, 2L, null); // newest first: COMMIT, UPDATE, INSERT, BEGIN
    assertThat(rows(query("SELECT k, v FROM ds.ledger ORDER BY k"))).containsExactly(List.of("a", "11"), List.of("b", "2"));

    // A failing statement inside the transaction rolls back what the script did before it.
    Job failing = bq.create(JobInfo.of(QueryJobConfiguration.of("BEGIN TRANSACTION;\n"
        + "INSERT INTO ds.ledger (k, v) VALUES ('c', 3);\n"
        + "ASSERT (SELECT count(*) FROM ds.ledger WHERE k = 'zzz') = 1 AS 'fence moved';\n"
        + "COMMIT TRANSACTION;")));
    // Like BigQuery, waiting on a failed query job throws its error; the job resource carries it too.
    assertThatThrownBy(failing::waitFor).isInstanceOf(BigQueryException.class).hasMessage("fence moved");
    assertThat(bq.getJob(failing.getJobId()).getStatus().getError().getMessage()).isEqualTo("fence moved");
    assertThat(rows(query("SELECT k FROM ds.ledger ORDER BY k"))).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void queryResultsArePagedThroughGetQueryResultsAndTabledataList() throws Exception {
    query("CREATE TABLE ds.many AS SELECT CAST(i AS INT64) AS i, CONCAT('row', CAST(i AS STRING)) AS s"
        + " FROM UNNEST(GENERATE_ARRAY(1, 25)) AS i");
    // The fast path with maxResults: first page in jobs.query, the rest through the results table.
    TableResult r = bq.query(QueryJobConfiguration.newBuilder("SELECT i, s FROM ds.many ORDER BY i").setMaxResults(10L).build());
    assertThat(r.getTotalRows()).isEqualTo(25L);
    List<String> is = new ArrayList<>();
    r.iterateAll().forEach(row -> is.add(row.get("i").getStringValue()));
    assertThat(is).hasSize(25).startsWith("1", "2").endsWith("25");

    // getQueryResults itself, paged by pageToken/maxResults, through Google's generated REST client (the layer
    // google-cloud-bigquery runs on; its own pager reads later pages from the results table).
    Job job = run(QueryJobConfiguration.newBuilder("SELECT i FROM ds.many ORDER BY i").build());
    Bigquery rest = new Bigquery.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), null)
        .setRootUrl(fake.url() + "/").setApplicationName("flowmat-test").build();
    List<String> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      var page = rest.jobs().getQueryResults("proj", job.getJobId().getJob()).setLocation("US").setMaxResults(10L)
          .setPageToken(token).execute();
      assertThat(page.getJobComplete()).isTrue();
      assertThat(page.getTotalRows().longValue()).isEqualTo(25L);
      page.getRows().forEach(row -> paged.add((String) row.getF().get(0).getV()));
      token = page.getPageToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(paged).hasSize(25).startsWith("1").endsWith("25");

    // tabledata.list over a stored table, page by page; the client asks for its later pages without maxResults, and
    // BigQuery (and the fake) then answers with everything that fits in one response.
    TableResult data = bq.listTableData(TableId.of("ds", "many"), BigQuery.TableDataListOption.pageSize(10));
    assertThat(data.getTotalRows()).isEqualTo(25L);
    int count = 0;
    int dataPages = 0;
    for (var p = data; p != null; p = p.hasNextPage() ? p.getNextPage() : null) {
      dataPages++;
      for (FieldValueList ignored : p.getValues()) {
        count++;
      }
    }
    assertThat(List.of(count, dataPages)).containsExactly(25, 2);
    assertThat(fake.count("bigquery.tabledata.list")).isGreaterThanOrEqualTo(3);
  }

  /** A job inserted again under its id answers 409 duplicate, and the client hands back the existing job (not a re-run). */
  @Test
  void reusedJobIdIsA409TheClientReadsBack() throws Exception {
    query("CREATE TABLE ds.once (k INT64)");
    JobId id = JobId.newBuilder().setJob("flowmat_plan_7_store_0").setLocation("US").build();
    QueryJobConfiguration insert = QueryJobConfiguration.of("INSERT INTO ds.once (k) VALUES (1), (2)");
    Job first = bq.create(JobInfo.newBuilder(insert).setJobId(id).build()).waitFor();
    assertThat(first.getStatus().getError()).isNull();

    long insertsBefore = fake.count("bigquery.jobs.insert");
    Job again = bq.create(JobInfo.newBuilder(insert).setJobId(id).build());
    assertThat(again.getJobId().getJob()).isEqualTo("flowmat_plan_7_store_0");
    assertThat(fake.requests()).filteredOn(r -> r.method().equals("bigquery.jobs.insert")).last()
        .extracting(FakeBigQuery.Request::status).isEqualTo(409);
    assertThat(fake.count("bigquery.jobs.insert")).isEqualTo(insertsBefore + 1);
    Job read = bq.getJob(id);
    assertThat(read.getStatus().getState()).isEqualTo(JobStatus.State.DONE);
    assertThat(((QueryStatistics) read.getStatistics()).getNumDmlAffectedRows()).isEqualTo(2L);
    assertThat(rows(query("SELECT count(*) FROM ds.once"))).containsExactly(List.of("2"));
  }

  /** Dry runs estimate the bytes of the referenced columns over the partitions a literal filter leaves. */
  @Test
  void dryRunBytesFollowReferencedColumnsAndPartitionPruning() throws Exception {
    query("CREATE TABLE ds.days (id INT64, ts TIMESTAMP, name STRING) PARTITION BY DATE(ts)");
    query("INSERT INTO ds.days (id, ts, name) VALUES (1, TIMESTAMP '2024-01-01 05:00:00', 'a'),"
        + " (2, TIMESTAMP '2024-01-02 05:00:00', 'b'), (3, TIMESTAMP '2024-01-03 05:00:00', 'c')");
    // Per row: id 8 + ts 8 + name (2 + 1) = 19 bytes.
    assertThat(dryRunBytes("SELECT id, ts, name FROM ds.days")).isEqualTo(57);
    assertThat(dryRunBytes("SELECT id FROM ds.days")).isEqualTo(24);
    assertThat(dryRunBytes("SELECT id, ts, name FROM ds.days WHERE ts >= TIMESTAMP '2024-01-02'")).isEqualTo(38);
    // The partition of 2024-01-02 is scanned whole even though the filter starts at noon.
    assertThat(dryRunBytes("SELECT t.id, t.ts, t.name FROM ds.days AS t WHERE t.ts > '2024-01-02 12:00:00'")).isEqualTo(38);
    assertThat(dryRunBytes("SELECT * FROM ds.days WHERE '2024-01-01' = DATE(ts)")).isEqualTo(57); // not a literal comparison of ts
    assertThat(rows(query("SELECT count(*) FROM ds.days"))).containsExactly(List.of("3")); // dry runs changed nothing
  }

  private static long dryRunBytes(String sql) {
    Job job = bq.create(JobInfo.of(QueryJobConfiguration.newBuilder(sql).setDryRun(true).build()));
    return ((QueryStatistics) job.getStatistics()).getTotalBytesProcessed();
  }

  @Test
  void aQueryOnADatasetOfAnotherLocationIsNotFound() throws Exception {
    bq.create(DatasetInfo.newBuilder("tokyo").setLocation("asia-northeast1").build());
    query("CREATE TABLE tokyo.t (k INT64)");
    QueryJobConfiguration q = QueryJobConfiguration.of("SELECT k FROM tokyo.t");
    Job job = bq.create(JobInfo.newBuilder(q).setJobId(JobId.newBuilder().setLocation("US").setRandomJob().build()).build());
    assertThatThrownBy(job::waitFor).isInstanceOf(BigQueryException.class).hasMessageContaining("was not found in location US");
    job = bq.getJob(job.getJobId());
    assertThat(job.getStatus().getError().getReason()).isEqualTo("notFound");
    assertThat(job.getStatus().getError().getMessage()).contains("was not found in location US");
  }

  @Test
  void errorsHaveBigQueryReasons() {
    assertThatThrownBy(() -> query("SELECT * FROM ds.no_such_table"))
        .isInstanceOf(BigQueryException.class)
        .satisfies(e -> assertThat(((BigQueryException) e).getReason()).isEqualTo("notFound"))
        .hasMessageContaining("Not found: Table proj:ds.no_such_table");
    assertThatThrownBy(() -> query("SELEC 1"))
        .isInstanceOf(BigQueryException.class)
        .satisfies(e -> assertThat(((BigQueryException) e).getReason()).isEqualTo("invalidQuery"));
    assertThat(new String(new byte[0], StandardCharsets.UTF_8)).isEmpty();
  }
}
