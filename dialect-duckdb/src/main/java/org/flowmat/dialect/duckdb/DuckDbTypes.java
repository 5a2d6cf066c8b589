package org.flowmat.dialect.duckdb;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowmat.core.dialect.ColumnType;
import org.flowmat.core.dialect.Migration;
import org.flowmat.core.dialect.StagedType;
import org.flowmat.core.dialect.TypeMapping;
import org.flowmat.core.model.FieldType;

/**
 * DuckDB column types for Flow's flat types, and the migrations DuckDB can do in place with
 * {@code ALTER COLUMN ... TYPE ... USING}. Date and date-time keys are VARCHAR so that a key's text, and therefore
 * its identity, never changes through a timestamp round trip.
 */
final class DuckDbTypes implements TypeMapping {
  static final ColumnType BOOLEAN = ColumnType.of("BOOLEAN");
  static final ColumnType BIGINT = ColumnType.of("BIGINT");
  static final ColumnType HUGEINT = ColumnType.of("HUGEINT");
  static final ColumnType DOUBLE = ColumnType.of("DOUBLE");
  static final ColumnType VARCHAR = ColumnType.of("VARCHAR");
  static final ColumnType DATE = ColumnType.of("DATE");
  static final ColumnType TIMESTAMPTZ = ColumnType.of("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE");
  static final ColumnType TIME = ColumnType.of("TIME");
  static final ColumnType UUID = ColumnType.of("UUID");
  static final ColumnType BLOB = ColumnType.of("BLOB");
  static final ColumnType JSON = ColumnType.of("JSON");

  /**
   * A string-formatted integer value as HUGEINT (BIGINT for uint32), which also keeps a VARCHAR column that an
   * earlier version of this connector made for it: values are staged as numbers and stored there as their canonical
   * text. Only values: a key column is compared with the staged key, and DuckDB does not compare text with numbers.
   */
  static final ColumnType STRING_HUGEINT = ColumnType.of("HUGEINT", "VARCHAR");
  static final ColumnType STRING_BIGINT = ColumnType.of("BIGINT", "VARCHAR");

  /**
   * Longest string-formatted integer that HUGEINT holds: every 38-digit number fits, not every 39-digit one. A
   * string integer with no maxLength is assumed to fit, as Estuary's DuckDB connector assumes.
   */
  private static final int HUGEINT_DIGITS = 38;

  /** RFC 3339 in UTC, as Flow writes date-times. */
  private static final String TIMESTAMPTZ_TEXT = "strftime(%s AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ')";

  /**
   * existing information-schema type → target DDL → cast of one value ({@code %s} is the column). Every type
   * widens to JSON as the JSON value Flow would send for it: text becomes a JSON string ({@code to_json} of a
   * VARCHAR is exactly that), bytes their base64 string, date-times their RFC 3339 text.
   */
  private static final Map<String, Map<String, String>> MIGRATIONS =
      Map.ofEntries(
          Map.entry("BIGINT", Map.of("DOUBLE", cast("DOUBLE"), "HUGEINT", cast("HUGEINT"), "VARCHAR", cast("VARCHAR"), "JSON", "to_json(%s)")),
          Map.entry("HUGEINT", Map.of("DOUBLE", cast("DOUBLE"), "VARCHAR", cast("VARCHAR"), "JSON", "to_json(%s)")),
          Map.entry("DOUBLE", Map.of("VARCHAR", cast("VARCHAR"), "JSON", "to_json(%s)")),
          Map.entry("BOOLEAN", Map.of("VARCHAR", cast("VARCHAR"), "JSON", "to_json(%s)")),
          Map.entry("DATE", Map.of("VARCHAR", cast("VARCHAR"), "JSON", "to_json(%s)")),
          Map.entry("TIMESTAMP WITH TIME ZONE", Map.of("VARCHAR", TIMESTAMPTZ_TEXT, "JSON", "to_json(" + TIMESTAMPTZ_TEXT + ")")),
          Map.entry("TIME", Map.of("VARCHAR", cast("VARCHAR"), "JSON", "to_json(%s)")),
          Map.entry("UUID", Map.of("VARCHAR", cast("VARCHAR"), "JSON", "to_json(%s)")),
          Map.entry("BLOB", Map.of("VARCHAR", "base64(%s)", "JSON", "to_json(base64(%s))")),
          Map.entry("VARCHAR", Map.of("BLOB", "from_base64(%s)", "JSON", "to_json(%s)")),
          Map.entry("JSON", Map.of("VARCHAR", cast("VARCHAR"))));

  private static final List<ColumnType> TARGETS = List.of(BOOLEAN, BIGINT, HUGEINT, STRING_BIGINT, STRING_HUGEINT, DOUBLE, VARCHAR, DATE, TIMESTAMPTZ, TIME, UUID, BLOB, JSON);

  @Override
  public ColumnType map(FieldType field) {
    return switch (field.flat()) {
      case BOOLEAN -> BOOLEAN;
      case INTEGER -> field.beyondInt64() ? HUGEINT : BIGINT;
      case NUMBER, STRING_NUMBER -> DOUBLE;
      case STRING_INTEGER -> stringInteger(field);
      case BINARY -> BLOB;
      case OBJECT, ARRAY, MULTIPLE, NEVER -> JSON;
      case STRING -> switch (field.format()) {
        case "date" -> field.key() ? VARCHAR : DATE;
        case "date-time" -> field.key() ? VARCHAR : TIMESTAMPTZ;
        // TIME drops a UTC offset and UUID lower-cases: fine for values, but a key's text must never change.
        case "time" -> field.key() ? VARCHAR : TIME;
        case "uuid" -> field.key() ? VARCHAR : UUID;
        default -> VARCHAR;
      };
    };
  }

  /**
   * Values: HUGEINT unless maxLength says the integer may not fit, as Estuary's DuckDB connector does. Keys keep the
   * types earlier versions gave them, so existing tables stay valid: HUGEINT when maxLength bounds them, otherwise
   * VARCHAR (Estuary's connectors materialize string-integer keys as strings).
   */
  private static ColumnType stringInteger(FieldType field) {
    boolean bounded = field.maxLength() > 0 && field.maxLength() <= HUGEINT_DIGITS;
    if (field.key()) {
      return bounded ? HUGEINT : VARCHAR;
    }
    if (field.maxLength() > HUGEINT_DIGITS) {
      return VARCHAR;
    }
    return field.beyondInt64() ? STRING_HUGEINT : STRING_BIGINT;
  }

  @Override
  public Optional<Migration> migration(String existingType, ColumnType target) {
    String cast = MIGRATIONS.getOrDefault(existingType, Map.of()).get(target.ddl());
    return cast == null ? Optional.empty() : Optional.of(new Migration(existingType, target, cast, true));
  }

  @Override
  public StagedType staged(ColumnType type) {
    // Staged JSON carries bytes as base64 text; everything else converts as DuckDB reads it.
    return type.equals(BLOB) ? new StagedType("VARCHAR", "from_base64(%s)") : StagedType.as(type.ddl());
  }

  /** Every column type this dialect creates, for tests that exercise them all. */
  static List<ColumnType> all() {
    return TARGETS;
  }

  private static String cast(String type) {
    return "CAST(%s AS " + type + ")";
  }
}
