package org.flowmat.dialect.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowmat.testkit.TestCollections.doc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.protobuf.ByteString;
import org.flowmat.runtime.proto.Flow;
import java.util.ArrayList;
import java.util.List;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.RunReport;
import org.flowmat.runtime.local.Transaction;
import org.flowmat.testkit.ConformanceHarness;
import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.TestCollections;
import org.junit.jupiter.api.Test;

/**
 * partition_by and cluster_by through real connector sessions against the fake: the tables are created partitioned
 * and clustered as the resource config says, rows land, and the MERGE the plan runs names the partition column's
 * bounds. Dry runs of the fake show what the filter saves.
 */
class BigQueryPartitioningTest extends ConformanceHarness {
  @Override
  protected ConformanceTarget target() {
    return new BigQueryTarget();
  }

  private Flow.MaterializationSpec.Binding binding(List<String> path, Flow.CollectionSpec collection, String resource) {
    return TestCollections.binding(path, collection, false, 0).toBuilder()
        .setResourceConfigJson(ByteString.copyFromUtf8(resource)).build();
  }

  @Test
  void integerRangePartitionOnTheKeyIsCreatedAndBoundsEveryMerge() throws Exception {
    ObjectNode config = config(true);
    List<String> path = path("orders");
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(binding(path, TestCollections.orders(),
        "{\"table\":\"orders\",\"partition_by\":{\"field\":\"id\",\"range\":{\"start\":0,\"end\":1000,\"interval\":10},"
            + "\"expiration_days\":30},\"cluster_by\":[\"customer\"]}")));
    LocalRuntime rt = LocalRuntime.builder(spec, inProcess()).loadBackAtEnd(true).build();
    rt.apply();
    RunReport report = rt.run(List.of(
        Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\",\"total\":1}", "c")),
            new Transaction.Document(0, doc("{\"id\":25,\"customer\":\"bob\",\"total\":2}", "c")),
            new Transaction.Document(0, doc("{\"id\":900,\"customer\":\"cy\",\"total\":3}", "c"))),
        Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\",\"total\":5}", "u")),
            new Transaction.Document(0, doc("{\"id\":2,\"customer\":\"dee\",\"total\":6}", "c")))));
    assertThat(report.loadMismatches()).isEmpty();
    assertTablesMatch(rt, spec, config, true);

    BigQuery bq = BigQueryTarget.client();
    String dataset = config.path("dataset").asText();
    StandardTableDefinition table = bq.getTable(TableId.of(BigQueryTarget.PROJECT, dataset, "orders")).getDefinition();
    assertThat(table.getRangePartitioning().getField()).isEqualTo("id");
    assertThat(table.getRangePartitioning().getRange().getInterval()).isEqualTo(10);
    assertThat(table.getClustering().getFields()).containsExactly("customer");

    // The second transaction's plan merged into the existing rows, bounded by its keys: the partition filter.
    List<String> scripts = new ArrayList<>();
    for (Job job : bq.listJobs().iterateAll()) {
      if (job.getConfiguration() instanceof QueryJobConfiguration q && q.getQuery().contains("MERGE INTO")
          && q.getQuery().contains("." + dataset + ".orders")) {
        scripts.add(q.getQuery());
      }
    }
    assertThat(scripts).isNotEmpty().allSatisfy(s -> assertThat(s).startsWith("BEGIN TRANSACTION;")
        .contains("AND t.id BETWEEN 1 AND 2").endsWith("COMMIT TRANSACTION"));

    // What the filter saves, by the fake's dry-run estimate (BigQuery's logical bytes of the partitions scanned).
    String t = "`" + BigQueryTarget.PROJECT + "." + dataset + ".orders`";
    long all = dryRun(bq, "SELECT * FROM " + t + " AS t");
    long pruned = dryRun(bq, "SELECT * FROM " + t + " AS t WHERE t.id BETWEEN 1 AND 2");
    System.out.println("dry-run bytes: whole table " + all + ", with the MERGE's partition filter " + pruned);
    assertThat(pruned).isPositive().isLessThan(all);
  }

  @Test
  void dateTimePartitionOnAValueColumnAndDefaultClusteringOnTheKeys() throws Exception {
    ObjectNode config = config(true);
    List<String> path = path("all_types");
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(binding(path, TestCollections.allTypes(),
        "{\"table\":\"all_types\",\"partition_by\":{\"field\":\"ts\",\"granularity\":\"MONTH\"}}")));
    LocalRuntime rt = LocalRuntime.builder(spec, inProcess()).loadBackAtEnd(true).build();
    rt.apply();
    RunReport report = rt.run(List.of(
        Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"ts\":\"2024-01-02T03:04:05Z\"}", "c")),
            new Transaction.Document(0, doc("{\"id\":2,\"ts\":\"2024-03-02T03:04:05Z\"}", "c"))),
        Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"ts\":\"2024-01-05T00:00:00Z\"}", "u")))));
    assertThat(report.loadMismatches()).isEmpty();
    assertTablesMatch(rt, spec, config, true);
    StandardTableDefinition table = BigQueryTarget.client()
        .getTable(TableId.of(BigQueryTarget.PROJECT, config.path("dataset").asText(), "all_types")).getDefinition();
    assertThat(table.getTimePartitioning().getField()).isEqualTo("ts");
    assertThat(table.getTimePartitioning().getType().name()).isEqualTo("MONTH");
    assertThat(table.getClustering().getFields()).containsExactly("id");
  }

  private static long dryRun(BigQuery bq, String sql) {
    Job job = bq.create(com.google.cloud.bigquery.JobInfo.of(QueryJobConfiguration.newBuilder(sql).setDryRun(true).build()));
    return ((JobStatistics.QueryStatistics) job.getStatistics()).getTotalBytesProcessed();
  }
}
