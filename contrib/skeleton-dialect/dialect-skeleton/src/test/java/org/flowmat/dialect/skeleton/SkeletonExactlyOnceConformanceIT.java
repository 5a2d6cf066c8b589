package org.flowmat.dialect.skeleton;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.ExactlyOnceConformance;

class SkeletonExactlyOnceConformanceIT extends ExactlyOnceConformance {
  @Override
  protected ConformanceTarget target() {
    return new SkeletonTarget();
  }
}
