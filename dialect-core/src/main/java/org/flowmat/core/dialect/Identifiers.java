package org.flowmat.core.dialect;

import java.util.stream.Collectors;
import org.flowmat.core.model.Names;
import org.flowmat.core.model.TablePath;

/**
 * A dialect's identifier rules. {@link #column} turns a Flow field into the column name the warehouse stores;
 * {@link #quote} renders any name so that it can never break out of its place in a statement. Whether two names are
 * the same column, table or schema is decided only by the identities made here ({@link #columnOf},
 * {@link #existingColumn}, {@link #table}, {@link #schema}): columns and tables may follow different case rules,
 * as BigQuery's do.
 */
public interface Identifiers {

  /** The column name for a field: the field itself unless the warehouse cannot hold its characters. */
  String column(String field);

  /** The name the warehouse reports for a column named {@code name} in statements (its case folding). */
  String stored(String name);

  /** The identifier as SQL: bare when that is safe (simple and not reserved), otherwise quoted and escaped. */
  String quote(String name);

  /** A table path as SQL: each component through {@link #quote(String)}, joined by dots. */
  default String quote(TablePath path) {
    return path.components().stream().map(this::quote).collect(Collectors.joining("."));
  }

  /** Whether columns whose stored names differ only in ASCII case are the same column. */
  boolean caseInsensitive();

  /** Longest column name in characters; 0 for no limit. */
  int maxLength();

  /** The name the warehouse reports for a table or schema named {@code name} in statements; by default as columns. */
  default String storedTable(String name) {
    return stored(name);
  }

  /** Whether tables (and schemas) whose stored names differ only in ASCII case are the same; by default as columns. */
  default boolean tablesCaseInsensitive() {
    return caseInsensitive();
  }

  /** The column that stores {@code field}. */
  default Identity columnOf(String field) {
    return columnNamed(column(field));
  }

  /** A column as statements name it (already a {@link #column} name, or one derived from it). */
  default Identity columnNamed(String column) {
    return new Identity(column, Names.fold(stored(column), caseInsensitive()));
  }

  /** A column as the information schema reports it: already stored, so not folded again. */
  default Identity existingColumn(String storedName) {
    return new Identity(storedName, Names.fold(storedName, caseInsensitive()));
  }

  /** A schema (dataset) as statements name it. */
  default Identity schema(String name) {
    return new Identity(name, Names.fold(storedTable(name), tablesCaseInsensitive()));
  }

  /** A schema as the information schema reports it. */
  default Identity existingSchema(String storedName) {
    return new Identity(storedName, Names.fold(storedName, tablesCaseInsensitive()));
  }

  /** A table path as statements name it; each component folds by the table rule. */
  default Identity table(TablePath path) {
    // NUL separates components: no warehouse name can contain it (quote() refuses it), so keys never run together.
    return new Identity(path.toString(), path.components().stream()
        .map(c -> Names.fold(storedTable(c), tablesCaseInsensitive())).collect(Collectors.joining("\0")));
  }

  /** Whether {@code column} is within {@link #maxLength}. */
  default boolean fits(String column) {
    return maxLength() <= 0 || column.codePointCount(0, column.length()) <= maxLength();
  }
}
