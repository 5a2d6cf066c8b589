package org.flowmat.dialect.duckdb.objectstore;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.ExactlyOnceConformance;

/** The ExactlyOnce suite against the second staging and apply implementation (see {@link ObjectStoreDialect}). */
class ObjectStoreExactlyOnceConformanceIT extends ExactlyOnceConformance {
  @Override
  protected ConformanceTarget target() {
    return new ObjectStoreTarget();
  }
}
