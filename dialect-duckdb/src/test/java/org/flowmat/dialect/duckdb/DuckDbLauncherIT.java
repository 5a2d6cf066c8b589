package org.flowmat.dialect.duckdb;

import java.util.List;
import org.flowmat.testkit.LauncherSpecContract;

class DuckDbLauncherIT extends LauncherSpecContract {
  @Override
  protected String dialect() {
    return "duckdb";
  }

  @Override
  protected List<String> secretProperties() {
    return List.of("token");
  }
}
