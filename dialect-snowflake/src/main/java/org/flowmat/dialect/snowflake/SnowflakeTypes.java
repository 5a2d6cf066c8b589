package org.flowmat.dialect.snowflake;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
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
 * Snowflake column types for Flow's flat types, as Estuary's materialize-snowflake creates them (so its tables
 * validate as they are): INTEGER (NUMBER(38,0)), FLOAT, TEXT, BOOLEAN, DATE, the endpoint's timestamp type, BINARY
 * for base64, VARIANT for objects, arrays and unions; string integers of at most 38 digits as INTEGER; date,
 * date-time, time and uuid keys as TEXT, so a key's text (its identity) never changes.
 *
 * <p>Information-schema type names are Snowflake's: NUMBER (with precision and scale) for INTEGER, TEXT (with a
 * length) for VARCHAR, FLOAT for every floating type. Staged values arrive as VARIANT ({@code $1:cN}) and are cast.
 */
final class SnowflakeTypes implements TypeMapping {
  /** Snowflake's choices of TIMESTAMP_TYPE_MAPPING, the endpoint's {@code timestamp_type}. */
  enum TimestampType { TIMESTAMP_LTZ, TIMESTAMP_NTZ, TIMESTAMP_TZ }

  static final ColumnType BOOLEAN = ColumnType.of("BOOLEAN");
  static final ColumnType INTEGER = ColumnType.of("INTEGER", "NUMBER");
  static final ColumnType FLOAT = ColumnType.of("FLOAT");
  static final ColumnType TEXT = ColumnType.of("TEXT");
  static final ColumnType DATE = ColumnType.of("DATE");
  static final ColumnType BINARY = ColumnType.of("BINARY");
  static final ColumnType VARIANT = ColumnType.of("VARIANT", "OBJECT", "ARRAY");
  private static final Set<String> TIMESTAMPS = Set.of("TIMESTAMP_LTZ", "TIMESTAMP_NTZ", "TIMESTAMP_TZ");

  /** Longest text a TEXT column holds (16 MiB); a shorter VARCHAR(n) column is widened in place. */
  static final int MAX_TEXT = 16_777_216;
  private static final int NUMBER_DIGITS = 38;
  private static final BigInteger NUMBER_LIMIT = BigInteger.TEN.pow(NUMBER_DIGITS);

  private final TimestampType timestampType;
  private final ColumnType timestamp;

  SnowflakeTypes(TimestampType timestampType) {
    this.timestampType = timestampType;
    // Every timestamp type is kept where it exists, as Estuary's connector keeps them.
    this.timestamp = new ColumnType(timestampType.name(), TIMESTAMPS);
  }

  TimestampType timestampType() {
    return timestampType;
  }

  @Override
  public ColumnType map(FieldType field) {
    return switch (field.flat()) {
      case BOOLEAN -> BOOLEAN;
      case INTEGER -> INTEGER;
      case NUMBER, STRING_NUMBER -> FLOAT;
      case STRING_INTEGER -> field.maxLength() > NUMBER_DIGITS ? TEXT : INTEGER;
      case BINARY -> BINARY;
      case OBJECT, ARRAY, MULTIPLE, NEVER -> VARIANT;
      case STRING -> switch (field.format()) {
        case "date" -> field.key() ? TEXT : DATE;
        case "date-time" -> field.key() ? TEXT : timestamp;
        default -> TEXT;
      };
    };
  }

  /** As the type name says, except that NUMBER must be NUMBER(38,0) for INTEGER and TEXT no shorter VARCHAR(n). */
  @Override
  public boolean accepts(ExistingColumn existing, ColumnType target) {
    String type = canonical(existing.type());
    if (!target.acceptsExisting(type)) {
      return false;
    }
    return switch (type) {
      case "NUMBER" -> is(existing.scale(), 0) && is(existing.precision(), NUMBER_DIGITS);
      case "TEXT" -> existing.length().isEmpty() || existing.length().getAsInt() >= MAX_TEXT;
      default -> true;
    };
  }

  /**
   * The name Snowflake's information schema reports for a type written {@code type}: it reports NUMBER for every
   * fixed-point type, TEXT for every character type, FLOAT for every floating one (a plan made from DDL names, as
   * the golden files' is, must read the same).
   */
  static String canonical(String type) {
    return switch (type) {
      case "INTEGER", "INT", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT", "DECIMAL", "NUMERIC" -> "NUMBER";
      case "VARCHAR", "STRING", "CHAR", "CHARACTER" -> "TEXT";
      case "DOUBLE", "DOUBLE PRECISION", "REAL", "FLOAT4", "FLOAT8" -> "FLOAT";
      case "DATETIME" -> "TIMESTAMP_NTZ";
      case "VARBINARY" -> "BINARY";
      default -> type;
    };
  }

  private static boolean is(OptionalInt value, int expected) {
    return value.isEmpty() || value.getAsInt() == expected;
  }

  /**
   * Snowflake changes a column's type in place only to widen NUMBER's precision (same scale) or VARCHAR's length;
   * every other change copies the values into a new column ({@code direct = false}): integers and decimals to FLOAT
   * or TEXT, floats, booleans, dates, timestamps and bytes to TEXT, anything to VARIANT (as Estuary migrates).
   */
  @Override
  public Optional<Migration> migration(ExistingColumn existing, ColumnType target) {
    String from = canonical(existing.type());
    String to = target.ddl();
    if (from.equals("NUMBER") && to.equals("INTEGER") && is(existing.scale(), 0)) {
      return Optional.of(new Migration(from, target, UnaryOperator.identity(), true));
    }
    if (from.equals("TEXT") && to.equals("TEXT")) {
      return Optional.of(new Migration(from, target, UnaryOperator.identity(), true));
    }
    if (to.equals("VARIANT") && !from.equals("VARIANT")) {
      return copy(from, target, call("TO_VARIANT"));
    }
    UnaryOperator<String> conversion = COPIES.getOrDefault(from, Map.of()).get(to);
    return conversion == null ? Optional.empty() : copy(from, target, conversion);
  }

  private static Optional<Migration> copy(String from, ColumnType target, UnaryOperator<String> conversion) {
    return Optional.of(new Migration(from, target, conversion, false));
  }

  /** UTC with nine fractional digits and a Z, as Flow writes date-times. */
  private static final UnaryOperator<String> UTC_TEXT =
      c -> "TO_VARCHAR(CONVERT_TIMEZONE('UTC', " + c + "), 'YYYY-MM-DD\"T\"HH24:MI:SS.FF9\"Z\"')";
  /** TIMESTAMP_NTZ columns hold UTC wall-clock time (the connector stages UTC instants). */
  private static final UnaryOperator<String> NTZ_TEXT = c -> "TO_VARCHAR(" + c + ", 'YYYY-MM-DD\"T\"HH24:MI:SS.FF9\"Z\"')";
  private static final UnaryOperator<String> DATE_TEXT = c -> "TO_VARCHAR(" + c + ", 'YYYY-MM-DD')";

  private static final Map<String, Map<String, UnaryOperator<String>>> COPIES = Map.of(
      "NUMBER", Map.of("FLOAT", cast("FLOAT"), "TEXT", cast("TEXT")),
      "FLOAT", Map.of("TEXT", cast("TEXT")),
      "BOOLEAN", Map.of("TEXT", cast("TEXT")),
      "DATE", Map.of("TEXT", DATE_TEXT),
      "TIMESTAMP_LTZ", Map.of("TEXT", UTC_TEXT),
      "TIMESTAMP_TZ", Map.of("TEXT", UTC_TEXT),
      "TIMESTAMP_NTZ", Map.of("TEXT", NTZ_TEXT),
      "BINARY", Map.of("TEXT", call("BASE64_ENCODE")));

  /**
   * A staged value is a VARIANT ({@code $1:cN}): cast to the column's type. A VARIANT column takes it as is, a JSON
   * null becoming SQL NULL; bytes arrive as base64 text.
   */
  @Override
  public StagedType staged(ColumnType type) {
    return switch (type.ddl()) {
      case "VARIANT" -> new StagedType("VARIANT", c -> "NULLIF(" + c + ", PARSE_JSON('null'))");
      case "BINARY" -> new StagedType("TEXT", c -> "TO_BINARY(" + c + "::TEXT, 'BASE64')");
      default -> new StagedType(type.ddl(), c -> c + "::" + type.ddl());
    };
  }

  /**
   * NUMBER and FLOAT compare as numbers. TEXT compares by the collation: the connector's tables declare none (Estuary
   * creates them with {@code DEFAULT_DDL_COLLATION = ''}), and Snowflake then compares UTF-8 bytes. No bounds for
   * the rest: BINARY keys arrive as base64 text, and booleans, dates and VARIANT are rare keys that gain nothing.
   */
  @Override
  public Optional<KeyOrder> keyOrder(ColumnType type) {
    return switch (type.ddl()) {
      case "INTEGER" -> Optional.of(KeyOrder.INTEGER);
      case "FLOAT" -> Optional.of(KeyOrder.FLOAT);
      case "TEXT" -> Optional.of(KeyOrder.UTF8_BYTES);
      default -> Optional.empty();
    };
  }

  /**
   * Where Snowflake's casts are narrower than what Flow sends: date-times normalized to UTC with a Z (a lower-case
   * {@code z} or a leap second would fail the cast), dates of year 0000 clamped, integers beyond NUMBER(38,0)
   * refused, non-finite floats written as Snowflake spells them ({@code inf}), base64 normalized to the padded
   * standard form {@code TO_BINARY} reads. TEXT, BOOLEAN and VARIANT take values as they are.
   */
  @Override
  public ValueStager stager(ColumnType type) {
    String ddl = type.ddl();
    if (TIMESTAMPS.contains(ddl)) {
      return ValueStagers.DATE_TIME_UTC_MICROS;
    }
    return switch (ddl) {
      case "DATE" -> ValueStagers.DATE;
      case "INTEGER" -> NUMBER_38;
      case "FLOAT" -> FLOAT_STAGER;
      case "BINARY" -> ValueStagers.BASE64;
      default -> ValueStager.AS_IS;
    };
  }

  private static final ValueStager INT128 = ValueStagers.int128("NUMBER(38,0)");

  /** Integers of at most 38 digits, NUMBER(38,0)'s range. */
  static final ValueStager NUMBER_38 = v -> {
    TupleValue staged = INT128.stage(v);
    BigInteger value = staged instanceof TupleValue.BigInt b ? b.value()
        : staged instanceof TupleValue.Str s ? new BigInteger(s.value()) : null;
    if (value != null && value.abs().compareTo(NUMBER_LIMIT) >= 0) {
      throw new ValueStager.Refused("beyond the 38 digits of a NUMBER(38,0) column");
    }
    return staged;
  };

  /** Snowflake reads {@code NaN}, {@code inf} and {@code -inf} as FLOAT, not {@code Infinity}. */
  static final ValueStager FLOAT_STAGER = v -> {
    TupleValue staged = ValueStagers.FLOAT64.stage(v);
    if (staged instanceof TupleValue.Float64 f && !Double.isFinite(f.value())) {
      return new TupleValue.Str(Double.isNaN(f.value()) ? "NaN" : f.value() > 0 ? "inf" : "-inf");
    }
    if (staged instanceof TupleValue.Str s) {
      return switch (s.value()) {
        case "Infinity" -> new TupleValue.Str("inf");
        case "-Infinity" -> new TupleValue.Str("-inf");
        default -> staged;
      };
    }
    return staged;
  };

  /**
   * A column's value as the JSON Flow sent, for documents rebuilt from columns: date-times as RFC 3339 UTC text,
   * dates as text, bytes as base64, non-finite floats as Flow's strings, string-formatted numbers as strings.
   */
  @Override
  public UnaryOperator<String> loadedJson(FieldType field, ColumnType type) {
    boolean asString = field.flat() == FlatType.STRING_INTEGER || field.flat() == FlatType.STRING_NUMBER;
    UnaryOperator<String> json = c -> "TO_JSON(TO_VARIANT(" + c + "))";
    return switch (type.ddl()) {
      case "TIMESTAMP_LTZ", "TIMESTAMP_TZ" -> c -> json.apply(UTC_TEXT.apply(c));
      case "TIMESTAMP_NTZ" -> c -> json.apply(NTZ_TEXT.apply(c));
      case "DATE" -> c -> json.apply(DATE_TEXT.apply(c));
      case "BINARY" -> c -> json.apply("BASE64_ENCODE(" + c + ")");
      case "VARIANT" -> call("TO_JSON");
      case "FLOAT" -> c -> "CASE WHEN " + c + " IS NULL THEN NULL WHEN " + c + " = 'NaN'::FLOAT THEN '\"NaN\"'"
          + " WHEN " + c + " = 'inf'::FLOAT THEN '\"Infinity\"' WHEN " + c + " = '-inf'::FLOAT THEN '\"-Infinity\"'"
          + " ELSE " + json.apply(asString ? cast("TEXT").apply(c) : c) + " END";
      case "INTEGER" -> asString ? c -> json.apply(cast("TEXT").apply(c)) : json;
      default -> json;
    };
  }

  /** Every column type this mapping creates, for tests that exercise them all. */
  List<ColumnType> all() {
    return List.of(BOOLEAN, INTEGER, FLOAT, TEXT, DATE, timestamp, BINARY, VARIANT);
  }

  private static UnaryOperator<String> cast(String type) {
    return c -> "CAST(" + c + " AS " + type + ")";
  }

  private static UnaryOperator<String> call(String function) {
    return c -> function + "(" + c + ")";
  }
}
