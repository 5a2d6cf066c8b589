package org.flowmat.dialect.snowflake.fake.query;

import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DuckDB errors as the Snowflake errors a client would see for the same mistake (code, SQLSTATE, message). */
final class ErrorMapping {
  private ErrorMapping() {}

  private static final Pattern MISSING_TABLE = Pattern.compile("Table with name (\\S+) does not exist", Pattern.CASE_INSENSITIVE);
  private static final Pattern MISSING_SCHEMA = Pattern.compile("Schema with name (\\S+) does not exist", Pattern.CASE_INSENSITIVE);
  private static final Pattern MISSING_COLUMN = Pattern.compile("(?:Referenced column|column with name|Column with name) \"?([^\" ]+)\"? (?:not found|does not exist)", Pattern.CASE_INSENSITIVE);
  private static final Pattern EXISTS = Pattern.compile("(?:Table|Schema|Column|View) with name \"?([^\" ]+)\"? already exists", Pattern.CASE_INSENSITIVE);

  static SnowflakeError map(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String first = m.lines().findFirst().orElse(m);
    Matcher t = MISSING_TABLE.matcher(m);
    if (t.find()) {
      return new SnowflakeError("002003", "42S02", "SQL compilation error:\nObject '" + t.group(1).toUpperCase(Locale.ROOT)
          + "' does not exist or not authorized.");
    }
    Matcher s = MISSING_SCHEMA.matcher(m);
    if (s.find()) {
      return new SnowflakeError("002003", "02000", "SQL compilation error:\nSchema '" + s.group(1) + "' does not exist or not authorized.");
    }
    Matcher x = EXISTS.matcher(m);
    if (x.find()) {
      return new SnowflakeError("002002", "42710", "SQL compilation error:\nObject '" + x.group(1) + "' already exists.");
    }
    Matcher c = MISSING_COLUMN.matcher(m);
    if (m.startsWith("Binder Error") && c.find()) {
      return new SnowflakeError("000904", "42000", "SQL compilation error: error line 0 at position 0\ninvalid identifier '"
          + c.group(1) + "'");
    }
    if (m.startsWith("Parser Error")) {
      return new SnowflakeError("001003", "42000", "SQL compilation error:\nsyntax error: " + first);
    }
    if (m.startsWith("Constraint Error") && m.contains("NOT NULL")) {
      return new SnowflakeError("100072", "22000", "NULL result in a non-nullable column (" + first + ")");
    }
    if (m.startsWith("Conversion Error") || m.startsWith("Invalid Input Error")) {
      return new SnowflakeError("100038", "22018", "Numeric value is not recognized (" + first + ")");
    }
    if (m.startsWith("TransactionContext Error")) {
      return new SnowflakeError("000625", "57014", "Statement aborted by a conflicting transaction (" + first + ")");
    }
    if (m.startsWith("Binder Error") || m.startsWith("Catalog Error")) {
      return new SnowflakeError("002003", "42000", "SQL compilation error:\n" + first);
    }
    return new SnowflakeError("100000", "XX000", "Execution error in the local Snowflake fake: " + first);
  }
}
