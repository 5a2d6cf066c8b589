package org.flowmat.dialect.bigquery;

import java.util.List;
import org.flowmat.testkit.LauncherSpecContract;

class BigQueryLauncherIT extends LauncherSpecContract {
  @Override
  protected String dialect() {
    return "bigquery";
  }

  @Override
  protected List<String> secretProperties() {
    return List.of("credentials_json");
  }
}
