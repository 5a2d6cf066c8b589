package org.flowmat.dialect.skeleton;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.KeyKindsConformance;

class SkeletonKeyKindsConformanceIT extends KeyKindsConformance {
  @Override
  protected ConformanceTarget target() {
    return new SkeletonTarget();
  }
}
