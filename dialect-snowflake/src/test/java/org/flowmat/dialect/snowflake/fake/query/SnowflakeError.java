package org.flowmat.dialect.snowflake.fake.query;

/** An error the fake answers with: Snowflake's error code (6 digits, as a string) and SQLSTATE. */
public final class SnowflakeError extends RuntimeException {
  private final String code;
  private final String sqlState;

  public SnowflakeError(String code, String sqlState, String message) {
    super(message);
    this.code = code;
    this.sqlState = sqlState;
  }

  public String code() {
    return code;
  }

  public String sqlState() {
    return sqlState;
  }

  static SnowflakeError compilation(String message) {
    return new SnowflakeError("001003", "42000", "SQL compilation error:\n" + message);
  }

  static SnowflakeError unsupported(String what) {
    return new SnowflakeError("000002", "0A000", "Unsupported feature '" + what + "' (the local Snowflake fake does not implement it).");
  }
}
