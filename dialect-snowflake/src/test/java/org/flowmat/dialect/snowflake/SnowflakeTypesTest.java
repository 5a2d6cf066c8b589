package org.flowmat.dialect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.flowmat.core.dialect.ColumnType;
import org.flowmat.core.dialect.KeyOrder;
import org.flowmat.core.dialect.Migration;
import org.flowmat.core.dialect.ValueStager;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.FieldType;
import org.flowmat.core.model.FlatType;
import org.flowmat.core.tuple.TupleValue;
import org.flowmat.dialect.snowflake.SnowflakeTypes.TimestampType;
import org.junit.jupiter.api.Test;

/** Column types as Estuary's connector creates them; what existing columns are kept or migrated; staged forms. */
class SnowflakeTypesTest {
  private final SnowflakeTypes types = new SnowflakeTypes(TimestampType.TIMESTAMP_LTZ);

  private static FieldType field(FlatType flat, String format, boolean key, long maxLength) {
    return new FieldType(flat, format, key, true, false, false, maxLength);
  }

  private String ddl(FlatType flat, String format, boolean key, long maxLength) {
    return types.map(field(flat, format, key, maxLength)).ddl();
  }

  @Test
  void typesAsEstuaryCreatesThem() {
    assertThat(ddl(FlatType.BOOLEAN, "", false, 0)).isEqualTo("BOOLEAN");
    assertThat(ddl(FlatType.INTEGER, "", false, 0)).isEqualTo("INTEGER");
    assertThat(ddl(FlatType.NUMBER, "", false, 0)).isEqualTo("FLOAT");
    assertThat(ddl(FlatType.STRING_NUMBER, "", false, 0)).isEqualTo("FLOAT");
    assertThat(ddl(FlatType.STRING_INTEGER, "", false, 0)).isEqualTo("INTEGER");
    assertThat(ddl(FlatType.STRING_INTEGER, "", false, 38)).isEqualTo("INTEGER");
    assertThat(ddl(FlatType.STRING_INTEGER, "", false, 39)).isEqualTo("TEXT");
    assertThat(ddl(FlatType.BINARY, "", false, 0)).isEqualTo("BINARY");
    assertThat(ddl(FlatType.OBJECT, "", false, 0)).isEqualTo("VARIANT");
    assertThat(ddl(FlatType.ARRAY, "", false, 0)).isEqualTo("VARIANT");
    assertThat(ddl(FlatType.MULTIPLE, "", false, 0)).isEqualTo("VARIANT");
    assertThat(ddl(FlatType.STRING, "", false, 0)).isEqualTo("TEXT");
    assertThat(ddl(FlatType.STRING, "date", false, 0)).isEqualTo("DATE");
    assertThat(ddl(FlatType.STRING, "date-time", false, 0)).isEqualTo("TIMESTAMP_LTZ");
    assertThat(ddl(FlatType.STRING, "time", false, 0)).isEqualTo("TEXT");
    assertThat(ddl(FlatType.STRING, "date", true, 0)).isEqualTo("TEXT");
    assertThat(ddl(FlatType.STRING, "date-time", true, 0)).isEqualTo("TEXT");
    assertThat(new SnowflakeTypes(TimestampType.TIMESTAMP_NTZ).map(field(FlatType.STRING, "date-time", false, 0)).ddl())
        .isEqualTo("TIMESTAMP_NTZ");
    assertThat(new SnowflakeTypes(TimestampType.TIMESTAMP_TZ).map(field(FlatType.STRING, "date-time", false, 0)).ddl())
        .isEqualTo("TIMESTAMP_TZ");
  }

  private static ExistingColumn column(String type, Integer length, Integer precision, Integer scale) {
    return new ExistingColumn("C", type, true, opt(length), opt(precision), opt(scale));
  }

  private static OptionalInt opt(Integer v) {
    return v == null ? OptionalInt.empty() : OptionalInt.of(v);
  }

  @Test
  void precisionScaleAndLengthDecideWhatIsKept() {
    assertThat(types.accepts(column("NUMBER", null, 38, 0), SnowflakeTypes.INTEGER)).isTrue();
    assertThat(types.accepts(column("NUMBER", null, 10, 0), SnowflakeTypes.INTEGER)).isFalse();
    assertThat(types.accepts(column("NUMBER", null, 38, 2), SnowflakeTypes.INTEGER)).isFalse();
    assertThat(types.accepts(column("TEXT", 16_777_216, null, null), SnowflakeTypes.TEXT)).isTrue();
    assertThat(types.accepts(column("TEXT", 10, null, null), SnowflakeTypes.TEXT)).isFalse();
    assertThat(types.accepts(column("FLOAT", null, null, null), SnowflakeTypes.FLOAT)).isTrue();
    ColumnType ltz = types.map(field(FlatType.STRING, "date-time", false, 0));
    assertThat(types.accepts(column("TIMESTAMP_NTZ", null, null, null), ltz)).isTrue();
    assertThat(types.accepts(column("TIMESTAMP_TZ", null, null, null), ltz)).isTrue();
    assertThat(types.accepts(column("TEXT", null, null, null), SnowflakeTypes.INTEGER)).isFalse();
  }

  @Test
  void widenInPlaceOrCopyThroughANewColumn() {
    Migration widen = types.migration(column("NUMBER", null, 10, 0), SnowflakeTypes.INTEGER).orElseThrow();
    assertThat(widen.direct()).isTrue();
    assertThat(types.migration(column("TEXT", 10, null, null), SnowflakeTypes.TEXT).orElseThrow().direct()).isTrue();
    assertThat(types.migration(column("NUMBER", null, 10, 2), SnowflakeTypes.INTEGER)).isEmpty();
    Migration toFloat = types.migration(column("NUMBER", null, 38, 0), SnowflakeTypes.FLOAT).orElseThrow();
    assertThat(toFloat.direct()).isFalse();
    assertThat(toFloat.cast("c")).isEqualTo("CAST(c AS FLOAT)");
    assertThat(types.migration(column("TIMESTAMP_LTZ", null, null, null), SnowflakeTypes.TEXT).orElseThrow().cast("c"))
        .isEqualTo("TO_VARCHAR(CONVERT_TIMEZONE('UTC', c), 'YYYY-MM-DD\"T\"HH24:MI:SS.FF9\"Z\"')");
    assertThat(types.migration(column("BINARY", null, null, null), SnowflakeTypes.TEXT).orElseThrow().cast("c"))
        .isEqualTo("BASE64_ENCODE(c)");
    assertThat(types.migration(column("TEXT", null, null, null), SnowflakeTypes.VARIANT).orElseThrow().cast("c"))
        .isEqualTo("TO_VARIANT(c)");
    assertThat(types.migration(column("FLOAT", null, null, null), SnowflakeTypes.INTEGER)).isEmpty();
    assertThat(types.migration(column("TEXT", null, null, null), SnowflakeTypes.BINARY)).isEmpty();
  }

  @Test
  void stagedValuesAreReadFromTheVariant() {
    assertThat(types.staged(SnowflakeTypes.INTEGER).expression("$1:c0")).isEqualTo("$1:c0::INTEGER");
    assertThat(types.staged(SnowflakeTypes.TEXT).expression("$1:c1")).isEqualTo("$1:c1::TEXT");
    assertThat(types.staged(SnowflakeTypes.BINARY).expression("$1:c2")).isEqualTo("TO_BINARY($1:c2::TEXT, 'BASE64')");
    assertThat(types.staged(SnowflakeTypes.VARIANT).expression("$1:c3")).isEqualTo("NULLIF($1:c3, PARSE_JSON('null'))");
  }

  @Test
  void keyOrderOnlyWhereSnowflakesOrderIsKnown() {
    assertThat(types.keyOrder(SnowflakeTypes.INTEGER)).contains(KeyOrder.INTEGER);
    assertThat(types.keyOrder(SnowflakeTypes.FLOAT)).contains(KeyOrder.FLOAT);
    assertThat(types.keyOrder(SnowflakeTypes.TEXT)).contains(KeyOrder.UTF8_BYTES);
    assertThat(types.keyOrder(SnowflakeTypes.BINARY)).isEmpty();
    assertThat(types.keyOrder(SnowflakeTypes.BOOLEAN)).isEmpty();
    assertThat(types.keyOrder(SnowflakeTypes.VARIANT)).isEmpty();
  }

  @Test
  void stagersNormalizeWhatSnowflakesCastsRefuse() {
    ValueStager number = types.stager(SnowflakeTypes.INTEGER);
    assertThat(number.stage(new TupleValue.Str("9".repeat(38)))).isEqualTo(new TupleValue.Str("9".repeat(38)));
    assertThatThrownBy(() -> number.stage(new TupleValue.Str("1" + "0".repeat(38)))).isInstanceOf(ValueStager.Refused.class)
        .hasMessageContaining("38 digits");
    assertThat(number.stage(new TupleValue.Str("+12"))).isEqualTo(new TupleValue.Str("12"));
    ValueStager floats = types.stager(SnowflakeTypes.FLOAT);
    assertThat(floats.stage(new TupleValue.Float64(Double.POSITIVE_INFINITY))).isEqualTo(new TupleValue.Str("inf"));
    assertThat(floats.stage(new TupleValue.Str("-Infinity"))).isEqualTo(new TupleValue.Str("-inf"));
    assertThat(floats.stage(new TupleValue.Str("NaN"))).isEqualTo(new TupleValue.Str("NaN"));
    ColumnType ts = types.map(field(FlatType.STRING, "date-time", false, 0));
    assertThat(types.stager(ts).stage(new TupleValue.Str("2024-01-02t03:04:05+01:00")))
        .isEqualTo(new TupleValue.Str("2024-01-02T02:04:05.000000Z"));
    assertThat(types.stager(SnowflakeTypes.BINARY).stage(new TupleValue.Str("aGk"))).isEqualTo(new TupleValue.Str("aGk="));
    TupleValue key = new TupleValue.Str("2024-01-02t03:04:05Z");
    assertThat(types.stager(SnowflakeTypes.TEXT).stage(key)).isSameAs(key);
  }

  @Test
  void loadedJsonGivesFlowsForms() {
    FieldType ts = field(FlatType.STRING, "date-time", false, 0);
    assertThat(types.loadedJson(ts, types.map(ts)).apply("t.c"))
        .isEqualTo("TO_JSON(TO_VARIANT(TO_VARCHAR(CONVERT_TIMEZONE('UTC', t.c), 'YYYY-MM-DD\"T\"HH24:MI:SS.FF9\"Z\"')))");
    FieldType strInt = field(FlatType.STRING_INTEGER, "integer", false, 0);
    assertThat(types.loadedJson(strInt, SnowflakeTypes.INTEGER).apply("t.c")).isEqualTo("TO_JSON(TO_VARIANT(CAST(t.c AS TEXT)))");
    FieldType bin = field(FlatType.BINARY, "", false, 0);
    assertThat(types.loadedJson(bin, SnowflakeTypes.BINARY).apply("t.c")).isEqualTo("TO_JSON(TO_VARIANT(BASE64_ENCODE(t.c)))");
    FieldType obj = field(FlatType.OBJECT, "", false, 0);
    assertThat(types.loadedJson(obj, SnowflakeTypes.VARIANT).apply("t.c")).isEqualTo("TO_JSON(t.c)");
  }
}
