package org.flowmat.core.txn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.dialect.StagedType;
import org.flowmat.core.model.Column;
import org.flowmat.core.model.FieldType;
import org.flowmat.core.model.FlatType;
import org.flowmat.core.model.Role;
import org.flowmat.core.model.Table;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.tuple.TupleValue;

/**
 * The statements of transactions, rendered from a dialect's pure parts only: the Load query, the statements that
 * apply a binding's plan, and the plan's column and bound descriptions. {@link SqlTransactor} runs exactly these,
 * and the golden SQL snapshots render them without a warehouse.
 */
public final class TransactionSql {
  private final Dialect dialect;
  private final Identifiers ids;
  private final Literals literals;
  private final SqlTemplates sql;

  public TransactionSql(Dialect dialect) {
    this.dialect = dialect;
    this.ids = dialect.identifiers();
    this.literals = dialect.literals();
    this.sql = dialect.templates();
  }

  /** The staged delete flag's type: whatever the dialect stages a required boolean as. */
  private static final FieldType DELETE_FLAG = new FieldType(FlatType.BOOLEAN, "", false, true, false, false, 0);

  /**
   * Each column of {@code table} as the plan records it: target name, staged name, staged type, and the expression
   * reading its value from the staged row (the dialect's {@code staged_column} reference, converted).
   */
  public List<Plan.PlanColumn> planColumns(Table table) {
    List<Plan.PlanColumn> out = new ArrayList<>();
    List<Column> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      StagedType type = dialect.types().staged(c.type());
      String staged = StagedRows.name(i);
      out.add(new Plan.PlanColumn(c.name(), staged, type.type(), type.expression(stagedColumn(staged)), c.role() == Role.KEY));
    }
    return out;
  }

  /** How a statement refers to a staged row's column, e.g. DuckDB's {@code r.c3}. */
  private String stagedColumn(String staged) {
    return sql.render("staged_column", Map.of("staged", staged));
  }

  /** How a statement refers to a target table's column, e.g. DuckDB's {@code t."id"}. */
  private String targetColumn(String quotedColumn) {
    return sql.render("target_column", Map.of("column", quotedColumn));
  }

  /** Empty bounds for {@code table}'s key columns, in the order the warehouse compares each. */
  KeyBounds keyBounds(Table table) {
    return new KeyBounds(table.keys().stream().map(k -> dialect.types().keyOrder(k.type())).toList());
  }

  /** The bounds of {@code keys} (decoded key tuples of {@code table}) as a plan or a Load renders them. */
  public List<Plan.KeyBound> bounds(Table table, List<List<TupleValue>> keys) {
    KeyBounds bounds = keyBounds(table);
    keys.forEach(bounds::add);
    return render(table, bounds);
  }

  List<Plan.KeyBound> render(Table table, KeyBounds bounds) {
    return bounds.render(table.keys().stream().map(k -> ids.quote(k.name())).toList(), literals);
  }

  /** Whether a table holds no row: one query, so that Loads of a table known empty need none. */
  public String tableIsEmpty(TablePath table) {
    return sql.render("table_is_empty", Map.of("table", ids.quote(table)));
  }

  /**
   * The query answering Loads of {@code table} from the keys staged in {@code stagedReferences}: its stored
   * documents, or for a binding without a root document each key and value column as JSON, to rebuild one. A query
   * of a binding with a document yields (binding, document) and can be one part of {@link #loadAll}.
   */
  public String load(Table table, List<String> stagedReferences, long longestRow, List<Plan.KeyBound> bounds) {
    List<Map<String, String>> keys = new ArrayList<>();
    List<Map<String, String>> sourceColumns = new ArrayList<>();
    for (int i = 0; i < table.keys().size(); i++) {
      Column k = table.keys().get(i);
      StagedType type = dialect.types().staged(k.type());
      String stagedName = StagedRows.name(i);
      sourceColumns.add(Map.of("staged", stagedName, "type", literals.string(type.type())));
      keys.add(Map.of("column", ids.quote(k.name()), "expression", type.expression(stagedColumn(stagedName))));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("binding", table.binding());
    model.put("table", ids.quote(table.path()));
    model.put("source", source(stagedReferences, sourceColumns, longestRow));
    model.put("keys", keys);
    model.put("bounds", bounds);
    if (table.document().isPresent()) {
      model.put("document", ids.quote(table.document().get().name()));
      return sql.render("load_query", model);
    }
    List<Column> columns = new ArrayList<>(table.keys());
    columns.addAll(table.values());
    model.put("columns", columns.stream().map(c -> Map.of("column", ids.quote(c.name()),
        "json", dialect.types().loadedJson(c.fieldType(), c.type()).apply(targetColumn(ids.quote(c.name()))))).toList());
    return sql.render("load_query_columns", model);
  }

  /** One query answering the Loads of several bindings with documents: their {@link #load} queries combined. */
  public String loadAll(List<String> queries) {
    return sql.render("load_union", Map.of("queries", queries.stream().map(q -> Map.of("query", q)).toList()));
  }

  /** The statements that move one binding's rows, staged in {@code stagedReferences}, into its table as planned. */
  public List<String> store(Plan.BindingPlan b, List<String> stagedReferences) {
    List<Map<String, String>> sourceColumns = new ArrayList<>();
    List<Map<String, String>> columns = new ArrayList<>();
    List<Map<String, String>> keys = new ArrayList<>();
    List<Map<String, String>> values = new ArrayList<>();
    for (Plan.PlanColumn c : b.columns()) {
      sourceColumns.add(Map.of("staged", c.staged(), "type", literals.string(c.type())));
      Map<String, String> m = Map.of("column", ids.quote(c.name()), "staged", c.staged(),
          "expression", c.expression());
      columns.add(m);
      (c.key() ? keys : values).add(m);
    }
    if (b.mode() != Plan.Mode.APPEND) {
      String flagType = dialect.types().staged(dialect.types().map(DELETE_FLAG)).type();
      sourceColumns.add(Map.of("staged", StagedRows.DELETE_FLAG, "type", literals.string(flagType)));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("table", ids.quote(new TablePath(b.table())));
    model.put("source", source(stagedReferences, sourceColumns, b.longestRow()));
    model.put("columns", columns);
    model.put("keys", keys);
    model.put("bounds", b.bounds());
    model.put("update", values.isEmpty() ? List.of() : List.of(Map.of("values", values)));
    return List.of(sql.render(b.mode() == Plan.Mode.MERGE ? "store_merge" : "store_insert", model));
  }

  /** Below this, a reader's row limit gains nothing: DuckDB's default for {@code maximum_object_size}. */
  static final long MIN_ROW_LIMIT = 16L << 20;
  /** For plans that did not record their longest row: the limit every row of the staged format fits. */
  static final long UNKNOWN_ROW_LIMIT = 1L << 30;

  /**
   * The row size a warehouse's reader must accept for staged rows of which the longest is {@code longestRow} bytes:
   * twice that, to the next power of two, at least {@link #MIN_ROW_LIMIT}. A larger limit costs the reader (DuckDB's
   * read_json is 2–4× slower at 1 GiB than at 16 MiB, docs/benchmarks.md), so it follows the rows.
   */
  static long rowLimit(long longestRow) {
    if (longestRow <= 0) {
      return UNKNOWN_ROW_LIMIT;
    }
    long wanted = Math.max(MIN_ROW_LIMIT, 2 * longestRow);
    return Math.min(UNKNOWN_ROW_LIMIT, Long.highestOneBit(wanted - 1) << 1);
  }

  private String source(List<String> stagedReferences, List<Map<String, String>> columns, long longestRow) {
    // Both forms: a literal where SQL reads a file by name (DuckDB's read_json), the bare reference where it is a
    // path in the statement's own syntax (Snowflake's @stage/…).
    List<Map<String, String>> files =
        stagedReferences.stream().map(r -> Map.of("file", literals.string(r), "reference", r)).toList();
    return sql.render("staged_source", Map.of("files", files, "columns", columns, "maxRowBytes", rowLimit(longestRow)));
  }
}
