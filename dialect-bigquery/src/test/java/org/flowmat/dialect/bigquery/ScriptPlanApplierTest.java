package org.flowmat.dialect.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.bigquery.QueryJobConfiguration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowmat.core.dialect.PlanApplier;
import org.flowmat.core.dialect.PlanApplier.Outcome;
import org.flowmat.core.dialect.Shard;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.KeyRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan applier against the fake through the real client: a plan applies once, a replay is a no-op that renders
 * nothing, a newer instance fences the older one, a split child inherits the parent's plan, a lost insert response
 * (the job ran, the answer was a 503) and a backendError job are retried without applying twice.
 */
class ScriptPlanApplierTest {
  @TempDir Path dir;
  private final BigQueryDialect dialect = new BigQueryDialect();
  private BigQueryEndpoint endpoint;
  private BigQueryClient client;
  private String dataset;
  private final AtomicInteger rendered = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    ObjectNode config = new BigQueryTarget().endpointConfig(dir);
    dataset = config.path("dataset").asText();
    endpoint = BigQueryEndpoint.from(config);
    client = (BigQueryClient) endpoint.connect(false);
    client.execute(List.of(
        dialect.templates().render("create_markers_table", Map.of("table", dialect.identifiers().quote(markers()))),
        "CREATE TABLE `" + BigQueryTarget.PROJECT + "." + dataset + ".t` (id INT64, v STRING)"));
  }

  private TablePath markers() {
    return TablePath.of(dataset, "flowmat_markers");
  }

  private PlanApplier applier(KeyRange range) {
    return endpoint.applier(dialect, client, new Shard("acmeCo/m", range, markers()));
  }

  private PlanApplier.PlanWork insert(long id) {
    return () -> {
      rendered.incrementAndGet();
      return List.of(new PlanApplier.TableStatements("t", TablePath.of(BigQueryTarget.PROJECT, dataset, "t"),
          List.of("INSERT INTO `" + BigQueryTarget.PROJECT + "." + dataset + ".t` (id, v) VALUES (" + id + ", 'x')")));
    };
  }

  private long rows() throws Exception {
    return BigQueryTarget.client().query(QueryJobConfiguration.of(
        "SELECT count(*) FROM `" + BigQueryTarget.PROJECT + "." + dataset + ".t`")).getValues().iterator().next()
        .get(0).getLongValue();
  }

  @Test
  void appliesOnceReplaysAsNoOpAndFencesZombies() throws Exception {
    PlanApplier a = applier(KeyRange.FULL);
    PlanApplier.Fence fa = a.open();
    assertThat(fa.appliedPlan()).isZero();
    assertThat(a.apply(1, fa.fence(), insert(1))).isEqualTo(Outcome.APPLIED);
    assertThat(rows()).isEqualTo(1);
    assertThat(a.apply(1, fa.fence(), insert(1))).isEqualTo(Outcome.ALREADY_APPLIED);
    assertThat(rendered).hasValue(1);
    assertThat(rows()).isEqualTo(1);

    PlanApplier b = applier(KeyRange.FULL);
    PlanApplier.Fence fb = b.open();
    assertThat(fb.fence()).isNotEqualTo(fa.fence());
    assertThat(fb.appliedPlan()).isEqualTo(1);
    assertThat(a.apply(2, fa.fence(), insert(2))).as("the zombie").isEqualTo(Outcome.FENCED);
    assertThat(b.apply(2, fb.fence(), insert(2))).isEqualTo(Outcome.APPLIED);
    assertThat(rows()).isEqualTo(2);

    // A split child inherits the parent's applied plan, and its Open fences the parent.
    PlanApplier child = applier(new KeyRange(0, 0x7FFF_FFFFL));
    PlanApplier.Fence fc = child.open();
    assertThat(fc.appliedPlan()).isEqualTo(2);
    assertThat(b.apply(3, fb.fence(), insert(3))).as("the parent after the split").isEqualTo(Outcome.FENCED);
    assertThat(rows()).isEqualTo(2);
  }

  @Test
  void aLostInsertResponseAndABackendErrorJobApplyExactlyOnce() throws Exception {
    PlanApplier a = applier(KeyRange.FULL);
    PlanApplier.Fence f = a.open();
    BigQueryTarget.fake().faults().failNext("bigquery.jobs.insert", 1, 503, "backendError", "lost", true);
    assertThat(a.apply(1, f.fence(), insert(1))).isEqualTo(Outcome.APPLIED);
    assertThat(rows()).isEqualTo(1);
    BigQueryTarget.fake().faults().failNextJobs(1, "backendError", "transient");
    assertThat(a.apply(2, f.fence(), insert(2))).isEqualTo(Outcome.APPLIED);
    assertThat(rows()).isEqualTo(2);
    BigQueryTarget.fake().faults().clear();
  }
}
