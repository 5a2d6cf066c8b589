package org.flowmat.dialect.skeleton;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.MaterializationConformance;

class SkeletonMaterializationConformanceTest extends MaterializationConformance {
  @Override
  protected ConformanceTarget target() {
    return new SkeletonTarget();
  }
}
