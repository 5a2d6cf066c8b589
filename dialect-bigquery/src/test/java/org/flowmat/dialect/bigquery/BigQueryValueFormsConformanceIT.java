package org.flowmat.dialect.bigquery;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.ValueFormsConformance;

/** The ValueForms suite through real connector sessions against the loopback BigQuery + GCS fake. */
class BigQueryValueFormsConformanceIT extends ValueFormsConformance {
  @Override
  protected ConformanceTarget target() {
    return new BigQueryTarget();
  }
}
