package org.flowmat.dialect.duckdb;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.ValueFormsConformance;

class DuckDbValueFormsConformanceIT extends ValueFormsConformance {
  @Override
  protected ConformanceTarget target() {
    return new DuckDbTarget();
  }
}
