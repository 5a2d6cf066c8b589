package org.flowmat.dialect.duckdb.applyonly;

import java.util.EnumSet;
import java.util.Set;
import org.flowmat.dialect.duckdb.DuckDbTarget;
import org.flowmat.testkit.Capability;
import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.MaterializationConformance;

/** A dialect that can Apply but not store: the suite proves the declared lack of STORE and that Apply still works. */
class ApplyOnlyMaterializationConformanceTest extends MaterializationConformance {
  @Override
  protected ConformanceTarget target() {
    return new DuckDbTarget() {
      @Override
      public String connector() {
        return ApplyOnlyDialect.NAME;
      }

      @Override
      public Set<Capability> lacks() {
        return EnumSet.of(Capability.STORE, Capability.CONCURRENT_WRITERS);
      }
    };
  }
}
