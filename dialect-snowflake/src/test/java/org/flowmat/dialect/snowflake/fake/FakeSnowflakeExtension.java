package org.flowmat.dialect.snowflake.fake;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One fake per test class: {@code @RegisterExtension static final FakeSnowflakeExtension SNOWFLAKE =
 * new FakeSnowflakeExtension();} starts it before the class's tests and stops it after them. It has one password user,
 * {@link #USER}/{@link #PASSWORD}; {@link #connect()} opens a driver connection with the required properties.
 */
public final class FakeSnowflakeExtension implements BeforeAllCallback, AfterAllCallback {
  public static final String USER = "FLOWMAT";
  public static final String PASSWORD = "fake-password";

  private final FakeSnowflake.Options options;
  private FakeSnowflake fake;

  public FakeSnowflakeExtension() {
    this(FakeSnowflake.Options.defaults().withPassword(USER, PASSWORD));
  }

  public FakeSnowflakeExtension(FakeSnowflake.Options options) {
    this.options = options;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    fake = FakeSnowflake.start(options);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (fake != null) {
      fake.close();
      fake = null;
    }
  }

  public FakeSnowflake fake() {
    if (fake == null) {
      throw new IllegalStateException("the Snowflake fake runs only while the test class runs");
    }
    return fake;
  }

  /** A connection as {@link #USER} with the password. */
  public Connection connect() throws SQLException {
    Properties p = fake().properties(USER);
    p.setProperty("password", PASSWORD);
    return DriverManager.getConnection(fake().jdbcUrl(), p);
  }
}
