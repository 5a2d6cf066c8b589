package org.flowmat.dialect.skeleton;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.flowmat.core.dialect.ColumnType;
import org.flowmat.core.dialect.Migration;
import org.flowmat.core.dialect.StagedType;
import org.flowmat.core.dialect.TypeMapping;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.FieldType;

/**
 * ANSI column types for Flow's flat types. TODO(new dialect): the warehouse's own types (see
 * dialect-duckdb/src/main/java/org/flowmat/dialect/duckdb/DuckDbTypes.java for every decision a mapping makes: keys
 * whose text is their identity, integers beyond 64 bits, string-formatted numbers), its in-place migrations, how
 * staged values are read ({@link #staged}) and normalized ({@code stager}), which key columns the engine may bound
 * ({@code keyOrder}), and how a column reads back as the JSON Flow sent ({@link #loadedJson}).
 */
final class SkeletonTypes implements TypeMapping {
  static final ColumnType BOOLEAN = ColumnType.of("BOOLEAN");
  static final ColumnType BIGINT = ColumnType.of("BIGINT");
  static final ColumnType NUMERIC = ColumnType.of("NUMERIC(38,0)", "NUMERIC");
  static final ColumnType DOUBLE = ColumnType.of("DOUBLE PRECISION");
  static final ColumnType TEXT = ColumnType.of("VARCHAR");
  static final ColumnType DATE = ColumnType.of("DATE");
  static final ColumnType TIMESTAMP = ColumnType.of("TIMESTAMP WITH TIME ZONE");
  static final ColumnType BYTES = ColumnType.of("VARBINARY");
  static final ColumnType JSON = ColumnType.of("JSON");

  /**
   * Existing type (as the information schema reports it) to target DDL: the widenings Flow's schema changes need
   * (integer to number, anything to JSON, text to number), each by a copy through a temporary column
   * ({@code direct = false}: add_column, copy_column, drop_column, rename_column), which every SQL warehouse can do.
   * TODO(new dialect): the warehouse's own conversions, and {@code direct} where ALTER ... TYPE ... USING exists.
   */
  private static final Map<String, Map<String, UnaryOperator<String>>> MIGRATIONS = Map.of(
      "BIGINT", Map.of("DOUBLE PRECISION", cast("DOUBLE PRECISION"), "NUMERIC(38,0)", cast("NUMERIC(38,0)"),
          "VARCHAR", cast("VARCHAR"), "JSON", SkeletonTypes::toJson),
      "NUMERIC", Map.of("DOUBLE PRECISION", cast("DOUBLE PRECISION"), "VARCHAR", cast("VARCHAR"), "JSON", SkeletonTypes::toJson),
      "DOUBLE PRECISION", Map.of("VARCHAR", cast("VARCHAR"), "JSON", SkeletonTypes::toJson),
      "BOOLEAN", Map.of("VARCHAR", cast("VARCHAR"), "JSON", SkeletonTypes::toJson),
      "DATE", Map.of("VARCHAR", cast("VARCHAR"), "JSON", SkeletonTypes::toJson),
      "TIMESTAMP WITH TIME ZONE", Map.of("VARCHAR", cast("VARCHAR"), "JSON", SkeletonTypes::toJson),
      "VARCHAR", Map.of("DOUBLE PRECISION", cast("DOUBLE PRECISION"), "JSON", SkeletonTypes::toJson),
      "VARBINARY", Map.of("JSON", SkeletonTypes::toJson));

  @Override
  public ColumnType map(FieldType field) {
    return switch (field.flat()) {
      case BOOLEAN -> BOOLEAN;
      case INTEGER -> field.beyondInt64() ? NUMERIC : BIGINT;
      case NUMBER, STRING_NUMBER -> DOUBLE;
      // Text keeps a string-formatted integer's identity; a numeric type is a TODO with its key order.
      case STRING_INTEGER -> TEXT;
      case BINARY -> BYTES;
      case OBJECT, ARRAY, MULTIPLE, NEVER -> JSON;
      case STRING -> switch (field.format()) {
        // A key's text is its identity: date and date-time keys stay text.
        case "date" -> field.key() ? TEXT : DATE;
        case "date-time" -> field.key() ? TEXT : TIMESTAMP;
        default -> TEXT;
      };
    };
  }

  @Override
  public Optional<Migration> migration(ExistingColumn existing, ColumnType target) {
    UnaryOperator<String> conversion = MIGRATIONS.getOrDefault(existing.type(), Map.of()).get(target.ddl());
    return conversion == null ? Optional.empty() : Optional.of(new Migration(existing.type(), target, conversion, false));
  }

  @Override
  public StagedType staged(ColumnType type) {
    return StagedType.as(type.ddl());
  }

  @Override
  public UnaryOperator<String> loadedJson(FieldType field, ColumnType type) {
    return SkeletonTypes::toJson;
  }

  private static String toJson(String column) {
    return "TO_JSON(" + column + ")";
  }

  private static UnaryOperator<String> cast(String type) {
    return column -> "CAST(" + column + " AS " + type + ")";
  }
}
