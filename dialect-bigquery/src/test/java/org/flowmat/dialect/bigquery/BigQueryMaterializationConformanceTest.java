package org.flowmat.dialect.bigquery;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.MaterializationConformance;

/** The materialization suite through real connector sessions against the loopback BigQuery + GCS fake. */
class BigQueryMaterializationConformanceTest extends MaterializationConformance {
  @Override
  protected ConformanceTarget target() {
    return new BigQueryTarget();
  }
}
