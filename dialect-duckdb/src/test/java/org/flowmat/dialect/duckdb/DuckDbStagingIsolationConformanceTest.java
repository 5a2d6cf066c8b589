package org.flowmat.dialect.duckdb;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.StagingIsolationConformance;

class DuckDbStagingIsolationConformanceTest extends StagingIsolationConformance {
  @Override
  protected ConformanceTarget target() {
    return new DuckDbTarget();
  }
}
