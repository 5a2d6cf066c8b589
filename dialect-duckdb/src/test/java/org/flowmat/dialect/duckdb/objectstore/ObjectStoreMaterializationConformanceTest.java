package org.flowmat.dialect.duckdb.objectstore;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.MaterializationConformance;

/** The Materialization suite against the second staging and apply implementation (see {@link ObjectStoreDialect}). */
class ObjectStoreMaterializationConformanceTest extends MaterializationConformance {
  @Override
  protected ConformanceTarget target() {
    return new ObjectStoreTarget();
  }
}
