package org.flowmat.dialect.snowflake.fake.query;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * DuckDB results as Snowflake JSON rowsets. The JSON result format carries every value as a string: FIXED and REAL in
 * decimal, DATE as days since the epoch, TIME as seconds since midnight, TIMESTAMP_NTZ/LTZ as seconds since the
 * epoch with nine fraction digits, BINARY in hex, VARIANT as JSON text, BOOLEAN as "1"/"0".
 */
final class Rowsets {
  private Rowsets() {}

  static QueryResult read(ResultSet rs, StatementType type) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<Column> columns = new ArrayList<>();
    List<String> duckTypes = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String duck = md.getColumnTypeName(i).toUpperCase(Locale.ROOT);
      duckTypes.add(duck);
      columns.add(column(name(md.getColumnLabel(i)), duck, md.isNullable(i) != ResultSetMetaData.columnNoNulls));
    }
    List<List<String>> rows = new ArrayList<>();
    while (rs.next()) {
      List<String> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        row.add(value(rs, i, columns.get(i - 1).type()));
      }
      rows.add(row);
    }
    return new QueryResult(columns, rows, type);
  }

  /** DuckDB reports an expression's name as written; Snowflake upper-cases unquoted ones, which the SQL already is. */
  static String name(String label) {
    return label;
  }

  static Column column(String name, String duck, boolean nullable) {
    if (duck.startsWith("DECIMAL")) {
      int open = duck.indexOf('(');
      int p = 38;
      int s = 0;
      if (open > 0) {
        String[] ps = duck.substring(open + 1, duck.indexOf(')')).split(",");
        p = Integer.parseInt(ps[0].trim());
        s = ps.length > 1 ? Integer.parseInt(ps[1].trim()) : 0;
      }
      return new Column(name, "fixed", nullable, p, s, 0);
    }
    return switch (duck) {
      case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT" ->
          new Column(name, "fixed", nullable, 38, 0, 0);
      case "DOUBLE", "FLOAT", "REAL" -> new Column(name, "real", nullable, 0, 0, 0);
      case "BOOLEAN" -> new Column(name, "boolean", nullable, 0, 0, 0);
      case "DATE" -> new Column(name, "date", nullable, 0, 0, 0);
      case "TIME" -> new Column(name, "time", nullable, 0, 9, 0);
      case "TIMESTAMP" -> new Column(name, "timestamp_ntz", nullable, 0, 9, 0);
      case "TIMESTAMP WITH TIME ZONE" -> new Column(name, "timestamp_ltz", nullable, 0, 9, 0);
      case "BLOB" -> new Column(name, "binary", nullable, 0, 0, 8388608);
      case "JSON" -> new Column(name, "variant", nullable, 0, 0, 16777216);
      default -> new Column(name, "text", nullable, 0, 0, 16777216);
    };
  }

  static String value(ResultSet rs, int i, String sfType) throws SQLException {
    Object o = rs.getObject(i);
    if (o == null) {
      return null;
    }
    return switch (sfType) {
      case "fixed" -> o instanceof BigDecimal d ? d.toPlainString() : o.toString();
      case "real" -> o instanceof Double d ? realText(d) : o.toString();
      case "boolean" -> Boolean.TRUE.equals(o) ? "1" : "0";
      case "date" -> Long.toString(rs.getObject(i, LocalDate.class).toEpochDay());
      case "time" -> {
        LocalTime t = rs.getObject(i, LocalTime.class);
        yield seconds(t.toSecondOfDay(), t.getNano());
      }
      case "timestamp_ntz" -> {
        LocalDateTime t = rs.getObject(i, LocalDateTime.class);
        yield seconds(t.toEpochSecond(ZoneOffset.UTC), t.getNano());
      }
      case "timestamp_ltz" -> {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        yield seconds(t.toEpochSecond(), t.getNano());
      }
      case "binary" -> HexFormat.of().withUpperCase().formatHex(rs.getBytes(i));
      default -> rs.getString(i);
    };
  }

  private static String realText(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return Double.toString(d);
  }

  private static String seconds(long seconds, int nanos) {
    if (seconds < 0 && nanos > 0) {
      // The driver reads "<seconds>.<fraction>" as a signed decimal.
      BigDecimal v = BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9));
      return v.setScale(9).toPlainString();
    }
    return seconds + "." + String.format("%09d", nanos);
  }
}
