package org.flowmat.dialect.duckdb;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.KeyKindsConformance;

/** An integration test: one of its cases starts bin/materialize-duckdb, so it runs after package. */
class DuckDbKeyKindsConformanceIT extends KeyKindsConformance {
  @Override
  protected ConformanceTarget target() {
    return new DuckDbTarget();
  }
}
