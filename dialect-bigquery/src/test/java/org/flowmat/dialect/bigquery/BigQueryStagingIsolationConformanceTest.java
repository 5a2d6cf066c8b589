package org.flowmat.dialect.bigquery;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.StagingIsolationConformance;

/** The StagingIsolation suite through real connector sessions against the loopback BigQuery + GCS fake. */
class BigQueryStagingIsolationConformanceTest extends StagingIsolationConformance {
  @Override
  protected ConformanceTarget target() {
    return new BigQueryTarget();
  }
}
