package org.flowmat.dialect.duckdb.objectstore;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.ValueFormsConformance;

/** The ValueForms suite against the second staging and apply implementation (see {@link ObjectStoreDialect}). */
class ObjectStoreValueFormsConformanceIT extends ValueFormsConformance {
  @Override
  protected ConformanceTarget target() {
    return new ObjectStoreTarget();
  }
}
