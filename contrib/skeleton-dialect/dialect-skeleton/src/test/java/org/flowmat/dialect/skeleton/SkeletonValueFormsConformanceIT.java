package org.flowmat.dialect.skeleton;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.ValueFormsConformance;

class SkeletonValueFormsConformanceIT extends ValueFormsConformance {
  @Override
  protected ConformanceTarget target() {
    return new SkeletonTarget();
  }
}
