package org.flowmat.jdbc;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.flowmat.core.dialect.SqlTemplates;

/**
 * What {@link JdbcClient} needs to know of a warehouse: its name for messages, the templates of its
 * information-schema queries, how it matches stored names, whether DDL is transactional, and which driver errors
 * mean something a user must be told differently (a full disk, a lost session).
 *
 * @param name as messages name the warehouse, e.g. {@code DuckDB}
 * @param templates holding {@code info_schema_schemata} (one column: the schema name) and {@code info_schema_columns}
 *     (schema, table, column, type, is_nullable YES/NO, character length, numeric precision, numeric scale), both
 *     rendered with {@code schemas} (the literals of the requested tables' schemas) to filter on where that helps
 * @param nameKey the form under which the warehouse compares a stored name with a requested one (DuckDB folds ASCII
 *     case; a warehouse that keeps names as stored returns them as they are)
 * @param transactionalDdl whether DDL can run inside a transaction
 * @param classify a driver failure as the error a user should read instead, if it is one (e.g. disk full)
 */
public record JdbcWarehouse(
    String name,
    SqlTemplates templates,
    UnaryOperator<String> nameKey,
    boolean transactionalDdl,
    ErrorClassifier classify) {

  /** Turns a driver failure into the error that explains it, where it is one the warehouse knows. */
  @FunctionalInterface
  public interface ErrorClassifier {
    Optional<RuntimeException> classify(Exception failure);

    ErrorClassifier NONE = failure -> Optional.empty();
  }

  /** The key under which a stored table path matches a requested one. */
  List<String> key(List<String> components) {
    return components.stream().map(nameKey).toList();
  }
}
