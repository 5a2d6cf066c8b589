package org.flowmat.dialect.bigquery.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.ExternalTableDefinition;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One transaction shaped as issue 11 describes the connector's (Estuary's pattern): staged gzip NDJSON per binding, one
 * Load query over all bindings' external tables, the plan applied as one script with a fence guard, staged objects
 * deleted; replaying the plan under its job id is a 409 read-back, and a zombie's plan fails its ASSERT.
 */
class ConnectorShapedTransactionTest {
  private FakeBigQuery fake;
  private BigQuery bq;
  private Storage gcs;

  private static final Schema KEYS = Schema.of(Field.of("id", StandardSQLTypeName.INT64));
  private static final Schema ROWS = Schema.of(Field.of("id", StandardSQLTypeName.INT64),
      Field.of("ts", StandardSQLTypeName.TIMESTAMP), Field.of("doc", StandardSQLTypeName.JSON));

  @BeforeEach
  void start() throws Exception {
    fake = FakeBigQuery.start("proj", "US").bucket("stage", "US");
    bq = FakeClients.bigQuery(fake);
    gcs = FakeClients.storage(fake.url(), "proj");
    bq.create(DatasetInfo.newBuilder("ds").setLocation("US").build());
    for (String t : List.of("a", "b")) {
      bq.query(QueryJobConfiguration.of("CREATE TABLE `proj.ds." + t + "` (`id` INT64 NOT NULL, `ts` TIMESTAMP, `doc` JSON)"
          + " PARTITION BY DATE(`ts`) CLUSTER BY `id`"));
    }
    bq.query(QueryJobConfiguration.of("CREATE TABLE `proj.ds.flow_checkpoints` (`shard` STRING NOT NULL, `fence` INT64)"));
    bq.query(QueryJobConfiguration.of("INSERT INTO `proj.ds.flow_checkpoints` (`shard`, `fence`) VALUES ('s0', 1)"));
    bq.query(QueryJobConfiguration.of("INSERT INTO `proj.ds.a` (`id`, `ts`, `doc`) VALUES"
        + " (1, TIMESTAMP '2024-01-01 00:00:00+00', PARSE_JSON('{\"v\":1}'))"));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private ExternalTableDefinition staged(String name, String ndjson, Schema schema) {
    gcs.create(BlobInfo.newBuilder("stage", "flowmat/s0/" + name).build(), FakeClients.gzip(ndjson));
    return ExternalTableDefinition.newBuilder("gs://stage/flowmat/s0/" + name, schema, FormatOptions.json())
        .setCompression("GZIP").build();
  }

  private static String plan(long fence) {
    return "BEGIN TRANSACTION;\n"
        + "ASSERT (SELECT count(*) FROM `proj.ds.flow_checkpoints` WHERE `shard` = 's0' AND `fence` = " + fence + ") = 1"
        + " AS 'fence of shard s0 moved: a newer instance owns it';\n"
        + "MERGE INTO `proj.ds.a` AS l USING flow_temp_table_store_0 AS r ON l.`id` = r.`id`"
        + " AND l.`ts` >= TIMESTAMP '2024-01-01' AND l.`ts` < TIMESTAMP '2024-01-03'"
        + " WHEN MATCHED THEN UPDATE SET l.`ts` = r.`ts`, l.`doc` = r.`doc`"
        + " WHEN NOT MATCHED THEN INSERT (`id`, `ts`, `doc`) VALUES (r.`id`, r.`ts`, r.`doc`);\n"
        + "INSERT INTO `proj.ds.b` (`id`, `ts`, `doc`) SELECT r.`id`, r.`ts`, r.`doc` FROM flow_temp_table_store_1 AS r;\n"
        + "UPDATE `proj.ds.flow_checkpoints` SET `fence` = " + fence + " WHERE `shard` = 's0';\n"
        + "COMMIT TRANSACTION;";
  }

  @Test
  void loadThenStoreScriptThenReplayAndZombie() throws Exception {
    long jobsBefore = fake.count("bigquery.jobs.insert");
    // Load: one query answers every binding's keys.
    ExternalTableDefinition loadA = staged("load-a", "{\"id\":1}\n{\"id\":2}\n", KEYS);
    ExternalTableDefinition loadB = staged("load-b", "{\"id\":7}\n", KEYS);
    Job load = bq.create(JobInfo.of(JobId.newBuilder().setJob("m_s0_p5_load").setLocation("US").build(),
        QueryJobConfiguration.newBuilder("SELECT 0 AS binding, TO_JSON_STRING(l.`doc`) AS doc FROM `proj.ds.a` AS l"
                + " JOIN flow_temp_table_0 AS r ON l.`id` = r.`id` AND l.`id` >= 1 AND l.`id` <= 2"
                + " UNION ALL SELECT 1, TO_JSON_STRING(l.`doc`) FROM `proj.ds.b` AS l JOIN flow_temp_table_1 AS r ON l.`id` = r.`id`")
            .addTableDefinition("flow_temp_table_0", loadA).addTableDefinition("flow_temp_table_1", loadB).build()));
    List<String> loaded = new ArrayList<>();
    load.getQueryResults().iterateAll().forEach(r -> loaded.add(r.get(0).getStringValue() + " " + r.get(1).getStringValue()));
    assertThat(loaded).containsExactly("0 {\"v\":1}");

    // Store: the plan as one script with the fence guard, under a job id derived from the plan.
    QueryJobConfiguration store = QueryJobConfiguration.newBuilder(plan(1))
        .addTableDefinition("flow_temp_table_store_0", staged("store-a",
            "{\"id\":1,\"ts\":\"2024-01-02T00:00:00Z\",\"doc\":{\"v\":2}}\n{\"id\":2,\"ts\":\"2024-01-02T00:00:00Z\",\"doc\":{\"v\":3}}\n", ROWS))
        .addTableDefinition("flow_temp_table_store_1", staged("store-b",
            "{\"id\":7,\"ts\":\"2024-01-02T00:00:00Z\",\"doc\":{\"v\":7}}\n", ROWS))
        .build();
    JobId storeId = JobId.newBuilder().setJob("m_s0_p5_store").setLocation("US").build();
    assertThat(bq.create(JobInfo.of(storeId, store)).waitFor().getStatus().getError()).isNull();
    assertThat(fake.count("bigquery.jobs.insert") - jobsBefore).as("jobs per transaction: one Load, one Store script").isEqualTo(2);

    // Replaying the plan (e.g. after a crash before the ack) under its id is recognised: 409, read back, not re-run.
    Job replay = bq.create(JobInfo.of(storeId, store));
    assertThat(replay.getJobId().getJob()).isEqualTo("m_s0_p5_store");
    assertThat(count("SELECT count(*) FROM ds.b")).isEqualTo(1);

    // Staged objects are deleted after the commit.
    gcs.list("stage", Storage.BlobListOption.prefix("flowmat/s0/")).iterateAll().forEach(b -> gcs.delete(b.getBlobId()));
    assertThat(gcs.list("stage", Storage.BlobListOption.prefix("flowmat/s0/")).iterateAll()).isEmpty();

    // A zombie with the old fence cannot apply its next plan: the ASSERT fails the script, nothing changes.
    bq.query(QueryJobConfiguration.of("UPDATE `proj.ds.flow_checkpoints` SET `fence` = 2 WHERE `shard` = 's0'"));
    QueryJobConfiguration zombie = QueryJobConfiguration.newBuilder(plan(1))
        .addTableDefinition("flow_temp_table_store_0", staged("z-a", "{\"id\":9,\"ts\":\"2024-01-02T00:00:00Z\"}\n", ROWS))
        .addTableDefinition("flow_temp_table_store_1", staged("z-b", "{\"id\":9,\"ts\":\"2024-01-02T00:00:00Z\"}\n", ROWS))
        .build();
    Job z = bq.create(JobInfo.of(JobId.newBuilder().setJob("m_s0_p6_store").setLocation("US").build(), zombie));
    assertThatThrownBy(z::waitFor).isInstanceOf(BigQueryException.class).hasMessageContaining("fence of shard s0 moved");
    assertThat(count("SELECT count(*) FROM ds.a")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM ds.b")).isEqualTo(1);
    assertThat(fake.requests()).filteredOn(r -> r.method().equals("storage.objects.insert"))
        .extracting(FakeBigQuery.Request::requestBytes).allMatch(b -> b > 0);
  }

  private long count(String sql) throws InterruptedException {
    return bq.query(QueryJobConfiguration.of(sql)).getValues().iterator().next().get(0).getLongValue();
  }
}
