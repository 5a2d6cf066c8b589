package org.flowmat.dialect.snowflake.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeSnowflakeExtensionTest {
  @RegisterExtension
  static final FakeSnowflakeExtension SNOWFLAKE = new FakeSnowflakeExtension();

  @Test
  void theExtensionServesAFakeForTheClass() throws Exception {
    try (Connection c = SNOWFLAKE.connect()) {
      assertThat(FakeSnowflakeDriverTest.rows(c, "SELECT CURRENT_USER(), CURRENT_DATABASE()"))
          .containsExactly(java.util.List.of(FakeSnowflakeExtension.USER, SNOWFLAKE.fake().options().database()));
    }
  }
}
