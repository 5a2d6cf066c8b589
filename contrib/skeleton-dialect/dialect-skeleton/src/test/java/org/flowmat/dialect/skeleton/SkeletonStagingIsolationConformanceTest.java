package org.flowmat.dialect.skeleton;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.StagingIsolationConformance;

class SkeletonStagingIsolationConformanceTest extends StagingIsolationConformance {
  @Override
  protected ConformanceTarget target() {
    return new SkeletonTarget();
  }
}
