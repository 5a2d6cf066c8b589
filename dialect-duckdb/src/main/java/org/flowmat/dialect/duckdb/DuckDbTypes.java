package org.flowmat.dialect.duckdb;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.flowmat.core.dialect.ColumnType;
import org.flowmat.core.dialect.KeyOrder;
import org.flowmat.core.dialect.Migration;
import org.flowmat.core.dialect.StagedType;
import org.flowmat.core.dialect.TypeMapping;
import org.flowmat.core.dialect.ValueStager;
import org.flowmat.core.dialect.ValueStagers;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.FieldType;
import org.flowmat.core.model.FlatType;

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
  private static final UnaryOperator<String> TIMESTAMPTZ_TEXT =
      c -> "strftime(" + c + " AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ')";

  private static final UnaryOperator<String> TO_JSON = call("to_json");

  /**
   * existing information-schema type → target DDL → conversion of one value (applied to the quoted column). Every
   * type widens to JSON as the JSON value Flow would send for it: text becomes a JSON string ({@code to_json} of a
   * VARCHAR is exactly that), bytes their base64 string, date-times their RFC 3339 text.
   */
  private static final Map<String, Map<String, UnaryOperator<String>>> MIGRATIONS =
      Map.ofEntries(
          Map.entry("BIGINT", Map.of("DOUBLE", cast("DOUBLE"), "HUGEINT", cast("HUGEINT"), "VARCHAR", cast("VARCHAR"), "JSON", TO_JSON)),
          Map.entry("HUGEINT", Map.of("DOUBLE", cast("DOUBLE"), "VARCHAR", cast("VARCHAR"), "JSON", TO_JSON)),
          Map.entry("DOUBLE", Map.of("VARCHAR", cast("VARCHAR"), "JSON", TO_JSON)),
          Map.entry("BOOLEAN", Map.of("VARCHAR", cast("VARCHAR"), "JSON", TO_JSON)),
          Map.entry("DATE", Map.of("VARCHAR", cast("VARCHAR"), "JSON", TO_JSON)),
          Map.entry("TIMESTAMP WITH TIME ZONE", Map.of("VARCHAR", TIMESTAMPTZ_TEXT, "JSON", TIMESTAMPTZ_TEXT.andThen(TO_JSON)::apply)),
          Map.entry("TIME", Map.of("VARCHAR", cast("VARCHAR"), "JSON", TO_JSON)),
          Map.entry("UUID", Map.of("VARCHAR", cast("VARCHAR"), "JSON", TO_JSON)),
          Map.entry("BLOB", Map.of("VARCHAR", call("base64"), "JSON", call("base64").andThen(TO_JSON)::apply)),
          Map.entry("VARCHAR", Map.of("BLOB", call("from_base64"), "JSON", TO_JSON)),
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
  public Optional<Migration> migration(ExistingColumn existing, ColumnType target) {
    UnaryOperator<String> cast = MIGRATIONS.getOrDefault(existing.type(), Map.of()).get(target.ddl());
    return cast == null ? Optional.empty() : Optional.of(new Migration(existing.type(), target, cast, true));
  }

  @Override
  public StagedType staged(ColumnType type) {
    // Staged JSON carries bytes as base64 text; everything else converts as DuckDB reads it.
    return type.equals(BLOB) ? new StagedType("VARCHAR", call("from_base64")) : StagedType.as(type.ddl());
  }

  /**
   * Integers and doubles compare as numbers (a string-formatted integer is read into HUGEINT from its text); VARCHAR
   * compares by bytes, DuckDB's default collation, which the connector never changes and its tables never declare.
   * Everything else gets no key bounds: BLOB holds decoded bytes while keys arrive as base64 text, and booleans, dates
   * and JSON are rare keys that pruning would not help.
   */
  @Override
  public Optional<KeyOrder> keyOrder(ColumnType type) {
    return switch (type.ddl()) {
      case "BIGINT", "HUGEINT" -> Optional.of(KeyOrder.INTEGER);
      case "DOUBLE" -> Optional.of(KeyOrder.FLOAT);
      case "VARCHAR" -> Optional.of(KeyOrder.UTF8_BYTES);
      default -> Optional.empty();
    };
  }

  /**
   * Where DuckDB's {@code read_json} is narrower than what Flow sends (see {@link ValueStagers} for the rules): it
   * refuses a lower-case {@code t} or {@code z} and leap seconds in TIMESTAMPTZ, leap seconds in TIME, integers beyond
   * a column's range, and from_base64 refuses all but padded standard base64. VARCHAR, JSON and BOOLEAN take every
   * value as is, which keeps a date-time or uuid key's text (its identity) unchanged.
   */
  @Override
  public ValueStager stager(ColumnType type) {
    return switch (type.ddl()) {
      case "TIMESTAMPTZ" -> ValueStagers.DATE_TIME_UTC_MICROS;
      case "DATE" -> ValueStagers.DATE;
      case "TIME" -> ValueStagers.TIME_OF_DAY;
      case "BIGINT" -> INT64;
      case "HUGEINT" -> INT128;
      case "DOUBLE" -> ValueStagers.FLOAT64;
      case "BLOB" -> ValueStagers.BASE64;
      case "UUID" -> ValueStagers.UUID;
      default -> ValueStager.AS_IS;
    };
  }

  private static final ValueStager INT64 = ValueStagers.int64("BIGINT");
  private static final ValueStager INT128 = ValueStagers.int128("HUGEINT");

  /**
   * JSON of a column as Flow sent the field, for documents rebuilt from columns: {@code to_json} alone would give
   * date-times as {@code 2024-01-02 03:04:05+00}, bytes as escaped text instead of base64, non-finite doubles as bare
   * {@code NaN} (no JSON), and string-formatted numbers as numbers.
   */
  @Override
  public UnaryOperator<String> loadedJson(FieldType field, ColumnType type) {
    boolean asString = field.flat() == FlatType.STRING_INTEGER || field.flat() == FlatType.STRING_NUMBER;
    return switch (type.ddl()) {
      case "TIMESTAMPTZ" -> TIMESTAMPTZ_TEXT.andThen(TO_JSON)::apply;
      // TIME keeps no offset (see ValueStagers.TIME_OF_DAY): the wall-clock time comes back as UTC.
      case "TIME" -> c -> "to_json(CAST(" + c + " AS VARCHAR) || 'Z')";
      case "BLOB" -> call("base64").andThen(TO_JSON)::apply;
      case "DOUBLE" -> c -> "CASE WHEN " + c + " IS NULL THEN NULL WHEN isnan(" + c + ") THEN to_json('NaN')"
          + " WHEN isinf(" + c + ") AND " + c + " > 0 THEN to_json('Infinity') WHEN isinf(" + c + ") THEN to_json('-Infinity')"
          + " ELSE to_json(" + (asString ? "CAST(" + c + " AS VARCHAR)" : c) + ") END";
      case "HUGEINT", "BIGINT" -> asString ? cast("VARCHAR").andThen(TO_JSON)::apply : TO_JSON;
      default -> TO_JSON;
    };
  }

  /** Every column type this dialect creates, for tests that exercise them all. */
  static List<ColumnType> all() {
    return TARGETS;
  }

  private static UnaryOperator<String> cast(String type) {
    return c -> "CAST(" + c + " AS " + type + ")";
  }

  private static UnaryOperator<String> call(String function) {
    return c -> function + "(" + c + ")";
  }
}
