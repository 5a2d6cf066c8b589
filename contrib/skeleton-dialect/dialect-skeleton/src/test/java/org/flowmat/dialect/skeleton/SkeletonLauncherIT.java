package org.flowmat.dialect.skeleton;

import java.util.List;
import org.flowmat.testkit.LauncherSpecContract;

/** bin/materialize-skeleton answers Spec in both codecs, with the password marked secret. */
class SkeletonLauncherIT extends LauncherSpecContract {
  @Override
  protected String dialect() {
    return "skeleton";
  }

  @Override
  protected List<String> secretProperties() {
    return List.of("password");
  }
}
