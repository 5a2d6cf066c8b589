package org.flowmat.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import org.junit.jupiter.api.Test;

/** Where JsonTime (protobuf-java-util underneath) departs from the library, and why: Flow's forms and strictness. */
class JsonTimeTest {

  @Test
  void utcIsWrittenAsFlowWritesItWhereTheLibraryWritesZ() {
    Timestamp t = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(123_000_000).build();
    assertThat(Timestamps.toString(t)).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(JsonTime.formatTimestamp(1_700_000_000L, 123_000_000)).isEqualTo("2023-11-14T22:13:20.123+00:00");
    assertThat(JsonTime.formatTimestamp(1_700_000_000L, 0)).isEqualTo("2023-11-14T22:13:20+00:00");
    assertThat(JsonTime.formatTimestamp(0, 1)).isEqualTo("1970-01-01T00:00:00.000000001+00:00");
    assertThat(JsonTime.formatTimestamp(0, 123_456_000)).isEqualTo("1970-01-01T00:00:00.123456+00:00");
    // Both suffixes, and any offset, read back.
    assertThat(JsonTime.parseTimestamp("2023-11-14T22:13:20.123Z")).containsExactly(1_700_000_000L, 123_000_000);
    assertThat(JsonTime.parseTimestamp("2023-11-14T22:13:20.123+00:00")).containsExactly(1_700_000_000L, 123_000_000);
    assertThat(JsonTime.parseTimestamp("2023-11-14T15:13:20-07:00")).containsExactly(1_700_000_000L, 0);
  }

  @Test
  void durationsAreTheLibrarysOwnForm() {
    assertThat(JsonTime.formatDuration(300, 0)).isEqualTo("300s").isEqualTo(Durations.toString(Durations.fromSeconds(300)));
    assertThat(JsonTime.formatDuration(-1, -500_000_000)).isEqualTo("-1.500s");
    assertThat(JsonTime.formatDuration(0, -1_000)).isEqualTo("-0.000001s");
    assertThat(JsonTime.parseDuration("-315576000000.999999999s")).containsExactly(-315_576_000_000L, -999_999_999);
  }

  @Test
  void valuesOutsideTheProtoRangesAreRefusedNotWritten() {
    assertThatThrownBy(() -> JsonTime.formatTimestamp(253_402_300_800L, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Timestamp is not valid");
    assertThatThrownBy(() -> JsonTime.formatTimestamp(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonTime.formatDuration(315_576_000_001L, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonTime.formatDuration(1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(JsonTime.parseTimestamp("0000-12-31T23:59:59Z")).isNull();
    assertThat(JsonTime.parseTimestamp("+10000-01-01T00:00:00Z")).isNull();
    assertThat(JsonTime.parseDuration("315576000001s")).isNull();
  }

  /** The library would roll these over or round them; Flow never sends them, and we refuse them. */
  @Test
  void parsingIsStricterThanTheLibrarys() throws Exception {
    assertThat(Timestamps.toString(Timestamps.parse("2023-13-14T22:13:20Z"))).isEqualTo("2024-01-14T22:13:20Z");
    for (String bad : new String[] {"2023-13-14T22:13:20Z", "2023-02-30T00:00:00Z", "2023-11-14T25:00:00Z",
        "2023-11-14T22:13:20.1234567891Z", "2023-11-14 22:13:20Z", "2023-11-14T22:13:20", "yesterday"}) {
      assertThat(JsonTime.parseTimestamp(bad)).as(bad).isNull();
    }
    assertThat(Durations.toString(Durations.parse("+1.s"))).isEqualTo("1s");
    for (String bad : new String[] {"+1s", "1.s", ".5s", "1.0000000001s", "5", " 1s", "1e3s", "-s"}) {
      assertThat(JsonTime.parseDuration(bad)).as(bad).isNull();
    }
  }
}
