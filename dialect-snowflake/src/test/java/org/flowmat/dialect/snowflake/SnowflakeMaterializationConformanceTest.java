package org.flowmat.dialect.snowflake;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.MaterializationConformance;

/** The materialization suite through the real snowflake-jdbc driver against the loopback fake. */
class SnowflakeMaterializationConformanceTest extends MaterializationConformance {
  @Override
  protected ConformanceTarget target() {
    return new SnowflakeTarget();
  }
}
