package org.flowmat.dialect.skeleton;

import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.testing.FixtureCatalog;
import org.flowmat.core.testing.GoldenSqlContract;

/** The skeleton's golden SQL: src/test/resources/golden/skeleton.sql, every statement its templates render. */
class SkeletonGoldenSqlTest extends GoldenSqlContract {
  @Override
  protected Dialect dialect() {
    return new SkeletonDialect();
  }

  @Override
  protected Endpoint endpoint() {
    return dialect().endpoint(FixtureCatalog.JSON.createObjectNode()
        .put("address", "127.0.0.1:9").put("user", "flowmat").put("password", "secret"));
  }
}
