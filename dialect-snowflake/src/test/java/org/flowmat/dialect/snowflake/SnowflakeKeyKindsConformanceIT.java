package org.flowmat.dialect.snowflake;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.KeyKindsConformance;

/** The KeyKinds suite through the real snowflake-jdbc driver against the loopback fake; an IT: one case starts bin/materialize-snowflake, so it runs after package. */
class SnowflakeKeyKindsConformanceIT extends KeyKindsConformance {
  @Override
  protected ConformanceTarget target() {
    return new SnowflakeTarget();
  }
}
