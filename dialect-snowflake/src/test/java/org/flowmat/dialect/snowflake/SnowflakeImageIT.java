package org.flowmat.dialect.snowflake;

import org.flowmat.testkit.ImageContract;

class SnowflakeImageIT extends ImageContract {
  @Override
  protected String dialect() {
    return "snowflake";
  }
}
