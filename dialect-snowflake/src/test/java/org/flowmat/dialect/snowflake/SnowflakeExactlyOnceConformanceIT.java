package org.flowmat.dialect.snowflake;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.ExactlyOnceConformance;

/**
 * An integration test: it kills bin/materialize-snowflake processes (which reach the loopback fake in this JVM), so
 * it runs after package.
 */
class SnowflakeExactlyOnceConformanceIT extends ExactlyOnceConformance {
  @Override
  protected ConformanceTarget target() {
    return new SnowflakeTarget();
  }
}
