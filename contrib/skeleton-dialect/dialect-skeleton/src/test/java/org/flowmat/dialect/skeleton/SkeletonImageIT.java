package org.flowmat.dialect.skeleton;

import org.flowmat.testkit.ImageContract;

/** images/materialize-skeleton/Dockerfile and target/image, started as its ENTRYPOINT starts it. */
class SkeletonImageIT extends ImageContract {
  @Override
  protected String dialect() {
    return "skeleton";
  }
}
