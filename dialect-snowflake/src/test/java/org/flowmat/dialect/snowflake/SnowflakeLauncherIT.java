package org.flowmat.dialect.snowflake;

import java.util.List;
import org.flowmat.testkit.LauncherSpecContract;

class SnowflakeLauncherIT extends LauncherSpecContract {
  @Override
  protected String dialect() {
    return "snowflake";
  }

  @Override
  protected List<String> secretProperties() {
    return List.of("private_key", "private_key_passphrase", "password");
  }
}
