package org.flowmat.dialect.duckdb;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.ExactlyOnceConformance;

/** An integration test: it kills bin/materialize-duckdb processes, so it runs after package. */
class DuckDbExactlyOnceConformanceIT extends ExactlyOnceConformance {
  @Override
  protected ConformanceTarget target() {
    return new DuckDbTarget();
  }
}
