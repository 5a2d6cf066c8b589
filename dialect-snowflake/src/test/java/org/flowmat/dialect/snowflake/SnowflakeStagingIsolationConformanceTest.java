package org.flowmat.dialect.snowflake;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.StagingIsolationConformance;

/** The StagingIsolation suite through the real snowflake-jdbc driver against the loopback fake. */
class SnowflakeStagingIsolationConformanceTest extends StagingIsolationConformance {
  @Override
  protected ConformanceTarget target() {
    return new SnowflakeTarget();
  }
}
