package org.flowmat.dialect.duckdb.objectstore;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.StagingIsolationConformance;

/** The StagingIsolation suite against the second staging and apply implementation (see {@link ObjectStoreDialect}). */
class ObjectStoreStagingIsolationConformanceTest extends StagingIsolationConformance {
  @Override
  protected ConformanceTarget target() {
    return new ObjectStoreTarget();
  }
}
