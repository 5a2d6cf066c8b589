package org.flowmat.dialect.snowflake.fake.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one statement answers: columns, rows of JSON-rowset strings (null for SQL NULL), its statementTypeId, and extra
 * fields of the response's {@code data} (a PUT's upload command).
 */
public record QueryResult(List<Column> columns, List<List<String>> rows, StatementType type, Map<String, Object> extra) {
  public QueryResult(List<Column> columns, List<List<String>> rows, StatementType type) {
    this(columns, rows, type, Map.of());
  }

  public static QueryResult status(StatementType type, String message) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of(message));
    return new QueryResult(List.of(Column.text("status")), rows, type);
  }

  public static QueryResult count(StatementType type, String column, long count) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of(Long.toString(count)));
    return new QueryResult(List.of(Column.fixed(column)), rows, type);
  }
}
