package org.flowmat.dialect.bigquery;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.KeyKindsConformance;

/** The KeyKinds suite through real connector sessions against the loopback BigQuery + GCS fake. */
class BigQueryKeyKindsConformanceIT extends KeyKindsConformance {
  @Override
  protected ConformanceTarget target() {
    return new BigQueryTarget();
  }
}
