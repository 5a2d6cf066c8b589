package org.flowmat.core.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.flowmat.core.tuple.TupleValue;
import org.junit.jupiter.api.Test;

class ValueStagersTest {
  private static TupleValue.Str str(String s) {
    return new TupleValue.Str(s);
  }

  private static String staged(ValueStager stager, String s) {
    return ((TupleValue.Str) stager.stage(str(s))).value();
  }

  @Test
  void valuesAlreadyInTheStagedFormAreReturnedThemselves() {
    for (String ok : new String[] {"2024-02-29T12:00:00Z", "2024-02-29T12:00:00.123456789Z", "0001-01-01T00:00:00Z"}) {
      TupleValue v = str(ok);
      assertThat(ValueStagers.DATE_TIME_UTC_MICROS.stage(v)).as(ok).isSameAs(v);
    }
    TupleValue date = str("2024-02-29");
    assertThat(ValueStagers.DATE.stage(date)).isSameAs(date);
    TupleValue time = str("12:34:56.123456+05:30");
    assertThat(ValueStagers.TIME_OF_DAY.stage(time)).isSameAs(time);
    TupleValue b64 = str("aGVsbG8=");
    assertThat(ValueStagers.BASE64.stage(b64)).isSameAs(b64);
    TupleValue uuid = str("3FA85F64-5717-4562-B3FC-2C963F66AFA6");
    assertThat(ValueStagers.UUID.stage(uuid)).isSameAs(uuid);
    TupleValue si = str("-12345678901234567890123456789012345678");
    assertThat(ValueStagers.int128("HUGEINT").stage(si)).isSameAs(si);
    TupleValue big = TupleValue.Int.of(Long.MAX_VALUE);
    assertThat(ValueStagers.int64("BIGINT").stage(big)).isSameAs(big);
    TupleValue nan = str("NaN");
    assertThat(ValueStagers.FLOAT64.stage(nan)).isSameAs(nan);
    assertThat(ValueStagers.DATE_TIME_UTC_MICROS.stage(TupleValue.Null.INSTANCE)).isSameAs(TupleValue.Null.INSTANCE);
  }

  @Test
  void dateTimesBecomeUtcMicroseconds() {
    ValueStager s = ValueStagers.DATE_TIME_UTC_MICROS;
    assertThat(staged(s, "2024-02-29T12:00:00z")).isEqualTo("2024-02-29T12:00:00.000000Z");
    assertThat(staged(s, "2024-02-29t12:00:00.5Z")).isEqualTo("2024-02-29T12:00:00.500000Z");
    assertThat(staged(s, "2024-03-01T05:29:00+05:30")).isEqualTo("2024-02-29T23:59:00.000000Z");
    assertThat(staged(s, "2024-02-29T23:00:00-01:15")).isEqualTo("2024-03-01T00:15:00.000000Z");
    assertThat(staged(s, "2024-02-29T12:00:00.9999999+00:00")).isEqualTo("2024-02-29T12:00:00.999999Z");
    assertThat(staged(s, "2016-12-31T23:59:60Z")).isEqualTo("2016-12-31T23:59:59.999999Z");
    assertThat(staged(s, "0000-01-01T00:00:00Z")).isEqualTo("0001-01-01T00:00:00.000000Z");
    assertThat(staged(s, "9999-12-31T23:59:59-23:59")).isEqualTo("9999-12-31T23:59:59.999999Z");
    assertThat(staged(s, "2024-02-29 12:00:00")).isEqualTo("2024-02-29T12:00:00.000000Z");
    for (String bad : new String[] {"2023-02-29T12:00:00Z", "2024-02-29T24:00:00Z", "2024-02-29T12:00Z", "yesterday",
        "2024-02-29T12:00:00+5:30", "2024-02-29T12:00:00.Z"}) {
      assertThatThrownBy(() -> s.stage(str(bad))).as(bad).isInstanceOf(ValueStager.Refused.class);
    }
  }

  @Test
  void datesTimesNumbersBytesAndUuids() {
    assertThat(staged(ValueStagers.DATE, "0000-12-31")).isEqualTo("0001-01-01");
    assertThat(staged(ValueStagers.TIME_OF_DAY, "23:59:60z")).isEqualTo("23:59:59.999999");
    assertThat(staged(ValueStagers.TIME_OF_DAY, "01:02:03.1234567-01:15")).isEqualTo("01:02:03.123456");
    assertThat(ValueStagers.FLOAT64.stage(str("1e400"))).isEqualTo(new TupleValue.Float64(Double.POSITIVE_INFINITY));
    assertThat(ValueStagers.FLOAT64.stage(str("-0.25"))).isEqualTo(new TupleValue.Float64(-0.25));
    assertThatThrownBy(() -> ValueStagers.FLOAT64.stage(str("0x1p3"))).isInstanceOf(ValueStager.Refused.class);
    assertThat(staged(ValueStagers.BASE64, "aGVsbG8")).isEqualTo("aGVsbG8=");
    assertThat(staged(ValueStagers.BASE64, "aGVs\r\nbG8=")).isEqualTo("aGVsbG8=");
    assertThat(staged(ValueStagers.BASE64, "_-8")).isEqualTo("/+8=");
    assertThatThrownBy(() -> ValueStagers.BASE64.stage(str("a"))).isInstanceOf(ValueStager.Refused.class);
    assertThatThrownBy(() -> ValueStagers.BASE64.stage(str("ab*d"))).isInstanceOf(ValueStager.Refused.class);
    assertThat(staged(ValueStagers.UUID, "{3FA85F64-5717-4562-B3FC-2C963F66AFA6}")).isEqualTo("3fa85f64-5717-4562-b3fc-2c963f66afa6");
    assertThat(staged(ValueStagers.UUID, "urn:uuid:3fa85f6457174562b3fc2c963f66afa6")).isEqualTo("3fa85f64-5717-4562-b3fc-2c963f66afa6");
  }

  @Test
  void integersBeyondTheColumnAreRefused() {
    ValueStager bigint = ValueStagers.int64("BIGINT");
    ValueStager hugeint = ValueStagers.int128("HUGEINT");
    TupleValue u64 = new TupleValue.BigInt(new BigInteger("18446744073709551615"));
    assertThatThrownBy(() -> bigint.stage(u64)).isInstanceOf(ValueStager.Refused.class).hasMessageContaining("BIGINT");
    assertThat(hugeint.stage(u64)).isSameAs(u64);
    assertThat(hugeint.stage(new TupleValue.Float64(1e30)))
        .isEqualTo(TupleValue.integer(new BigInteger("1000000000000000019884624838656")));
    assertThat(bigint.stage(new TupleValue.Float64(3.0))).isEqualTo(TupleValue.Int.of(3));
    assertThatThrownBy(() -> bigint.stage(new TupleValue.Float64(1e30))).isInstanceOf(ValueStager.Refused.class);
    assertThatThrownBy(() -> hugeint.stage(new TupleValue.Float64(1e39))).isInstanceOf(ValueStager.Refused.class);
    assertThatThrownBy(() -> hugeint.stage(new TupleValue.Float64(1.5))).isInstanceOf(ValueStager.Refused.class);
    assertThat(staged(hugeint, "+12")).isEqualTo("12");
    assertThat(staged(hugeint, "12.000")).isEqualTo("12");
    assertThat(staged(hugeint, "170141183460469231731687303715884105727")).isEqualTo("170141183460469231731687303715884105727");
    assertThatThrownBy(() -> hugeint.stage(str("170141183460469231731687303715884105728"))).isInstanceOf(ValueStager.Refused.class);
    assertThatThrownBy(() -> hugeint.stage(str("12.5"))).isInstanceOf(ValueStager.Refused.class);
    assertThatThrownBy(() -> bigint.stage(str("9223372036854775808"))).isInstanceOf(ValueStager.Refused.class);
  }
}
