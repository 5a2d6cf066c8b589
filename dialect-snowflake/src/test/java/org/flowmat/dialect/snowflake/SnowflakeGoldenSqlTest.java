package org.flowmat.dialect.snowflake;

import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.testing.GoldenSqlContract;

/** Snowflake's golden SQL: src/test/resources/golden/snowflake.sql (timestamp_type TIMESTAMP_TZ, not the default). */
class SnowflakeGoldenSqlTest extends GoldenSqlContract {
  static Endpoint goldenEndpoint() {
    return new SnowflakeDialect().endpoint(TestConfigs.keyPair().put("timestamp_type", "TIMESTAMP_TZ"));
  }

  @Override
  protected Dialect dialect() {
    return new SnowflakeDialect().configuredBy(endpoint());
  }

  @Override
  protected Endpoint endpoint() {
    return goldenEndpoint();
  }
}
