package org.flowmat.dialect.bigquery;

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
import org.flowmat.core.tuple.TupleValue;

/**
 * BigQuery column types as Estuary's materialize-bigquery creates them (so its tables validate unchanged): integers
 * INT64, or BIGNUMERIC(38,0) beyond the int64 range and for string-formatted integers of at most 38 digits; numbers
 * FLOAT64; objects, arrays and multi-typed fields JSON; dates DATE and date-times TIMESTAMP, except as keys, which are
 * STRING so a key's text (its identity) never changes through a timestamp round trip. Binary is BYTES (Estuary makes
 * STRING; see docs/dialects/bigquery.md). Type names are those the client reports (StandardSQLTypeName) and the
 * legacy names the API may report for the same types.
 */
final class BigQueryTypes implements TypeMapping {
  static final ColumnType BOOL = ColumnType.of("BOOL", "BOOLEAN");
  static final ColumnType INT64 = ColumnType.of("INT64", "INTEGER");
  static final ColumnType BIGNUMERIC = ColumnType.of("BIGNUMERIC(38,0)", "BIGNUMERIC");
  static final ColumnType FLOAT64 = ColumnType.of("FLOAT64", "FLOAT", "BIGNUMERIC");
  static final ColumnType STRING = ColumnType.of("STRING");
  static final ColumnType DATE = ColumnType.of("DATE");
  static final ColumnType TIMESTAMP = ColumnType.of("TIMESTAMP");
  static final ColumnType BYTES = ColumnType.of("BYTES");
  static final ColumnType JSON = ColumnType.of("JSON");

  /** Digits BIGNUMERIC(38,0) holds: every 38-digit integer. */
  private static final int BIGNUMERIC_DIGITS = 38;

  private static final UnaryOperator<String> TIMESTAMP_TEXT =
      c -> "FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E6SZ', " + c + ", 'UTC')";
  private static final UnaryOperator<String> TO_JSON = call("TO_JSON");

  /**
   * existing type → target DDL → conversion, as Estuary allows (integers widen to BIGNUMERIC, FLOAT64 or STRING;
   * BIGNUMERIC to FLOAT64 or STRING; FLOAT64, DATE, TIMESTAMP to STRING; everything to JSON).
   */
  private static final Map<String, Map<String, UnaryOperator<String>>> MIGRATIONS = Map.ofEntries(
      Map.entry("INT64", Map.of("BIGNUMERIC(38,0)", cast("BIGNUMERIC"), "FLOAT64", cast("FLOAT64"), "STRING", cast("STRING"), "JSON", TO_JSON)),
      Map.entry("BIGNUMERIC", Map.of("FLOAT64", cast("FLOAT64"), "STRING", cast("STRING"), "JSON", TO_JSON)),
      Map.entry("FLOAT64", Map.of("STRING", cast("STRING"), "JSON", TO_JSON)),
      Map.entry("DATE", Map.of("STRING", cast("STRING"), "JSON", TO_JSON)),
      Map.entry("TIMESTAMP", Map.of("STRING", TIMESTAMP_TEXT, "JSON", TIMESTAMP_TEXT.andThen(TO_JSON)::apply)),
      Map.entry("BOOL", Map.of("STRING", cast("STRING"), "JSON", TO_JSON)),
      Map.entry("STRING", Map.of("JSON", TO_JSON)),
      Map.entry("BYTES", Map.of("JSON", TO_JSON)));

  /** Legacy type names the tables API reports, as the standard SQL names above. */
  private static final Map<String, String> STANDARD = Map.of("INTEGER", "INT64", "FLOAT", "FLOAT64", "BOOLEAN", "BOOL",
      "NUMERIC", "NUMERIC", "BIGNUMERIC", "BIGNUMERIC");

  /**
   * BigQuery widens these in place with ALTER COLUMN SET DATA TYPE ("INT64 to NUMERIC, BIGNUMERIC, FLOAT64"); the rest
   * goes through the engine's copy path.
   */
  private static final Map<String, List<String>> IN_PLACE = Map.of("INT64", List.of("BIGNUMERIC(38,0)", "FLOAT64"));

  @Override
  public ColumnType map(FieldType field) {
    return switch (field.flat()) {
      case BOOLEAN -> BOOL;
      case INTEGER -> field.beyondInt64() ? BIGNUMERIC : INT64;
      case NUMBER, STRING_NUMBER -> FLOAT64;
      case STRING_INTEGER -> field.maxLength() > BIGNUMERIC_DIGITS ? STRING : BIGNUMERIC;
      case BINARY -> BYTES;
      case OBJECT, ARRAY, MULTIPLE, NEVER -> JSON;
      case STRING -> switch (field.format()) {
        case "date" -> field.key() ? STRING : DATE;
        case "date-time" -> field.key() ? STRING : TIMESTAMP;
        default -> STRING;
      };
    };
  }

  @Override
  public Optional<Migration> migration(ExistingColumn existing, ColumnType target) {
    String bare = existing.type().replaceAll("\\(.*", "");
    String from = STANDARD.getOrDefault(bare, bare);
    UnaryOperator<String> cast = MIGRATIONS.getOrDefault(from, Map.of()).get(target.ddl());
    if (cast == null) {
      return Optional.empty();
    }
    boolean direct = IN_PLACE.getOrDefault(from, List.of()).contains(target.ddl());
    return Optional.of(new Migration(existing.type(), target, cast, direct));
  }

  /**
   * Staged NDJSON is read through a query-time external table whose schema has the column's own type (with its
   * precision and scale): BigQuery's JSON reader takes base64 text for BYTES, RFC 3339 for TIMESTAMP, JSON values for
   * JSON and quoted or bare integers for BIGNUMERIC.
   */
  @Override
  public StagedType staged(ColumnType type) {
    return StagedType.as(type.ddl());
  }

  /**
   * Integers and BIGNUMERIC compare as numbers, FLOAT64 as doubles; STRING by code point, which is UTF-8 byte order
   * (the connector declares no collation; a dataset with a default collation is not supported for keys). No bounds
   * for the rest.
   */
  @Override
  public Optional<KeyOrder> keyOrder(ColumnType type) {
    return switch (type.ddl()) {
      case "INT64", "BIGNUMERIC(38,0)" -> Optional.of(KeyOrder.INTEGER);
      case "FLOAT64" -> Optional.of(KeyOrder.FLOAT);
      case "STRING" -> Optional.of(KeyOrder.UTF8_BYTES);
      default -> Optional.empty();
    };
  }

  /**
   * Dates and date-times clamped as Estuary's connector clamps them (year 0000 to 0001-01-01, instants outside
   * 0001..9999 to the ends), date-times written as UTC with microseconds; integers beyond a column's range refused;
   * base64 normalized to the padded standard alphabet BigQuery decodes.
   */
  @Override
  public ValueStager stager(ColumnType type) {
    return switch (type.ddl()) {
      case "TIMESTAMP" -> ValueStagers.DATE_TIME_UTC_MICROS;
      case "DATE" -> ValueStagers.DATE;
      case "INT64" -> INT64_STAGER;
      case "BIGNUMERIC(38,0)" -> BIGNUMERIC_STAGER;
      case "FLOAT64" -> ValueStagers.FLOAT64;
      case "BYTES" -> ValueStagers.BASE64;
      default -> ValueStager.AS_IS;
    };
  }

  private static final ValueStager INT64_STAGER = ValueStagers.int64("INT64");
  private static final ValueStager INT128 = ValueStagers.int128("BIGNUMERIC(38,0)");

  /** Integers of at most 38 digits, as text (exact whatever the JSON reader does with large numbers). */
  static final ValueStager BIGNUMERIC_STAGER = v -> {
    TupleValue staged = INT128.stage(v);
    String text = staged instanceof TupleValue.Str s ? s.value()
        : staged instanceof TupleValue.BigInt b ? b.value().toString()
        : staged instanceof TupleValue.Int i ? Long.toString(i.value())
        : null;
    if (text == null) {
      return staged;
    }
    if (text.length() - (text.startsWith("-") ? 1 : 0) > BIGNUMERIC_DIGITS) {
      throw new ValueStager.Refused("beyond the 38 digits of a BIGNUMERIC(38,0) column");
    }
    return staged instanceof TupleValue.Str ? staged : new TupleValue.Str(text);
  };

  /**
   * JSON of a column as Flow sent the field, for documents rebuilt from columns: date-times as RFC 3339 UTC text,
   * string-formatted numbers as strings, JSON columns as themselves.
   */
  @Override
  public UnaryOperator<String> loadedJson(FieldType field, ColumnType type) {
    boolean asString = field.flat() == FlatType.STRING_INTEGER || field.flat() == FlatType.STRING_NUMBER;
    return switch (type.ddl()) {
      case "TIMESTAMP" -> TIMESTAMP_TEXT.andThen(TO_JSON)::apply;
      case "JSON" -> UnaryOperator.identity();
      case "INT64", "BIGNUMERIC(38,0)", "FLOAT64" -> asString ? cast("STRING").andThen(TO_JSON)::apply : TO_JSON;
      default -> TO_JSON;
    };
  }

  static List<ColumnType> all() {
    return List.of(BOOL, INT64, BIGNUMERIC, FLOAT64, STRING, DATE, TIMESTAMP, BYTES, JSON);
  }

  private static UnaryOperator<String> cast(String type) {
    return c -> "CAST(" + c + " AS " + type + ")";
  }

  private static UnaryOperator<String> call(String function) {
    return c -> function + "(" + c + ")";
  }
}
