package org.flowmat.dialect.duckdb;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.KeyKindsConformance;

class DuckDbKeyKindsConformanceTest extends KeyKindsConformance {
  @Override
  protected ConformanceTarget target() {
    return new DuckDbTarget();
  }
}
