package org.flowmat.dialect.duckdb.objectstore;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.KeyKindsConformance;

/** The KeyKinds suite against the second staging and apply implementation (see {@link ObjectStoreDialect}). */
class ObjectStoreKeyKindsConformanceIT extends KeyKindsConformance {
  @Override
  protected ConformanceTarget target() {
    return new ObjectStoreTarget();
  }
}
