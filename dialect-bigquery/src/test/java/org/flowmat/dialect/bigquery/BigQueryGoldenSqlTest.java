package org.flowmat.dialect.bigquery;

import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.testing.GoldenSqlContract;

/** BigQuery's golden SQL: src/test/resources/golden/bigquery.sql. */
class BigQueryGoldenSqlTest extends GoldenSqlContract {
  @Override
  protected Dialect dialect() {
    return new BigQueryDialect();
  }

  @Override
  protected Endpoint endpoint() {
    return dialect().endpoint(BigQueryConfigTest.minimal());
  }
}
