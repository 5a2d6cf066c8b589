package org.flowmat.dialect.snowflake.fake.query;

/** One entry of a query response's {@code rowtype}: Snowflake's type name in lower case, as the driver reads it. */
public record Column(String name, String type, boolean nullable, int precision, int scale, long length) {
  public static Column text(String name) {
    return new Column(name, "text", true, 0, 0, 16777216);
  }

  public static Column fixed(String name) {
    return new Column(name, "fixed", true, 38, 0, 0);
  }

  public static Column bool(String name) {
    return new Column(name, "boolean", true, 0, 0, 0);
  }
}
