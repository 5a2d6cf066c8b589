package org.flowmat.dialect.duckdb;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.MaterializationConformance;

class DuckDbMaterializationConformanceTest extends MaterializationConformance {
  @Override
  protected ConformanceTarget target() {
    return new DuckDbTarget();
  }
}
