package org.flowmat.dialect.duckdb;

import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.testing.FixtureCatalog;
import org.flowmat.core.testing.GoldenSqlContract;

/** DuckDB's golden SQL: src/test/resources/golden/duckdb.sql. */
class DuckDbGoldenSqlTest extends GoldenSqlContract {
  @Override
  protected Dialect dialect() {
    return new DuckDbDialect();
  }

  @Override
  protected Endpoint endpoint() {
    return dialect().endpoint(FixtureCatalog.JSON.createObjectNode());
  }
}
