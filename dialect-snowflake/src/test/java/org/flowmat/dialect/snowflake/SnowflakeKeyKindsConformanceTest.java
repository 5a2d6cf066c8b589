package org.flowmat.dialect.snowflake;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.KeyKindsConformance;

/** The KeyKinds suite through the real snowflake-jdbc driver against the loopback fake. */
class SnowflakeKeyKindsConformanceTest extends KeyKindsConformance {
  @Override
  protected ConformanceTarget target() {
    return new SnowflakeTarget();
  }
}
