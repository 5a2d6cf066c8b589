package org.flowmat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.flowmat.core.connector.ConnectorException;
import org.junit.jupiter.api.Test;

class SyncScheduleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static SyncSchedule parse(String schedule) throws Exception {
    JsonNode config = JSON.readTree("{\"database\":\"x\",\"syncSchedule\":" + schedule + "}");
    return SyncSchedule.of(config, SyncSchedule.ESTUARY_DEFAULT);
  }

  private static Instant ny(String localDateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), NEW_YORK).toInstant();
  }

  @Test
  void defaultsAndFixedFrequencies() throws Exception {
    assertThat(SyncSchedule.of(JSON.readTree("{}"), Duration.ZERO).immediate()).isTrue();
    assertThat(SyncSchedule.of(JSON.readTree("{}"), SyncSchedule.ESTUARY_DEFAULT).frequency()).hasMinutes(30);
    assertThat(parse("{}").frequency()).hasMinutes(30);
    assertThat(parse("{\"syncFrequency\":\"0s\"}").immediate()).isTrue();
    for (String f : SyncSchedule.FREQUENCIES) {
      assertThat(parse("{\"syncFrequency\":\"" + f + "\"}").window()).isEmpty();
    }
    assertThat(parse("{\"syncFrequency\":\"2h\"}").frequency()).hasHours(2);
    assertThat(parse("{\"syncFrequency\":\"30s\"}").frequency()).hasSeconds(30);
  }

  @Test
  void fixedScheduleSyncsAtMultiplesOfTheInterval() throws Exception {
    SyncSchedule s = parse("{\"syncFrequency\":\"15m\"}");
    assertThat(s.next(Instant.parse("2026-03-02T10:07:12Z"))).isEqualTo(Instant.parse("2026-03-02T10:15:00Z"));
    assertThat(s.next(Instant.parse("2026-03-02T10:15:00Z"))).isEqualTo(Instant.parse("2026-03-02T10:30:00Z"));
    Instant t = Instant.parse("2026-03-02T10:07:12Z");
    assertThat(SyncSchedule.NONE.next(t)).as("0s: no wait").isEqualTo(t);
  }

  @Test
  void fastWindowOnWeekdaysInATimeZone() throws Exception {
    SyncSchedule s = parse("{\"syncFrequency\":\"5m\",\"timezone\":\"America/New_York\",\"fastSyncStartTime\":\"09:00\","
        + "\"fastSyncStopTime\":\"17:00\",\"fastSyncEnabledDays\":\"M-F\"}");
    SyncSchedule.FastWindow w = s.window().orElseThrow();
    assertThat(w.days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
        DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    // Wednesday 2026-03-04, local time.
    assertThat(s.intervalAt(ny("2026-03-04T09:00"))).hasMinutes(5);
    assertThat(s.intervalAt(ny("2026-03-04T16:59"))).hasMinutes(5);
    assertThat(s.intervalAt(ny("2026-03-04T17:00"))).isEqualTo(SyncSchedule.SLOW_INTERVAL);
    assertThat(s.intervalAt(ny("2026-03-04T08:59"))).isEqualTo(SyncSchedule.SLOW_INTERVAL);
    assertThat(s.next(ny("2026-03-04T10:01"))).isEqualTo(ny("2026-03-04T10:05"));
    // Before the window the slow interval applies, but the window's start comes first.
    assertThat(s.next(ny("2026-03-04T07:30"))).isEqualTo(ny("2026-03-04T09:00"));
    // Friday evening: slow until Monday's start (4h boundaries are UTC multiples, 19:00 EST = 00:00Z).
    assertThat(s.next(ny("2026-03-06T17:30"))).isEqualTo(ny("2026-03-06T19:00"));
    assertThat(s.intervalAt(ny("2026-03-07T12:00"))).as("Saturday").isEqualTo(SyncSchedule.SLOW_INTERVAL);
    assertThat(w.nextStart(ny("2026-03-06T17:30"))).isEqualTo(ny("2026-03-09T09:00"));
    // Slow syncs keep their 4-hour UTC boundaries (12:00Z = 08:00 EDT) until the window opens.
    assertThat(s.next(ny("2026-03-09T07:00"))).isEqualTo(ny("2026-03-09T08:00"));
    assertThat(s.next(ny("2026-03-09T08:30"))).isEqualTo(ny("2026-03-09T09:00"));
  }

  @Test
  void windowFollowsDaylightSavingTime() throws Exception {
    SyncSchedule s = parse("{\"syncFrequency\":\"30s\",\"timezone\":\"America/New_York\",\"fastSyncStartTime\":\"9:00\","
        + "\"fastSyncStopTime\":\"17:00\"}");
    // 2026-03-08 is the spring-forward Sunday: 09:00 local is 13:00Z after it and 14:00Z before it.
    assertThat(s.intervalAt(Instant.parse("2026-03-07T14:00:00Z"))).hasSeconds(30);
    assertThat(s.intervalAt(Instant.parse("2026-03-07T13:30:00Z"))).isEqualTo(SyncSchedule.SLOW_INTERVAL);
    assertThat(s.intervalAt(Instant.parse("2026-03-09T13:30:00Z"))).hasSeconds(30);
    assertThat(s.window().orElseThrow().nextStart(Instant.parse("2026-03-07T22:00:00Z")))
        .isEqualTo(Instant.parse("2026-03-08T13:00:00Z"));
    // A start inside the spring-forward gap (02:30 does not exist) moves to 03:30 local.
    SyncSchedule gap = parse("{\"syncFrequency\":\"5m\",\"timezone\":\"America/New_York\",\"fastSyncStartTime\":\"02:30\","
        + "\"fastSyncStopTime\":\"04:00\"}");
    assertThat(gap.window().orElseThrow().nextStart(Instant.parse("2026-03-08T05:00:00Z")))
        .isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
  }

  @Test
  void windowAcrossMidnightBelongsToTheDayItStarts() throws Exception {
    SyncSchedule s = parse("{\"syncFrequency\":\"1h\",\"timezone\":\"+02:00\",\"fastSyncStartTime\":\"22:00\","
        + "\"fastSyncStopTime\":\"02:00\",\"fastSyncEnabledDays\":\"F\"}");
    // Friday 2026-03-06 22:00 +02:00 to Saturday 02:00.
    assertThat(s.intervalAt(Instant.parse("2026-03-06T20:00:00Z"))).hasHours(1);
    assertThat(s.intervalAt(Instant.parse("2026-03-06T23:59:00Z"))).as("Saturday 01:59 local").hasHours(1);
    assertThat(s.intervalAt(Instant.parse("2026-03-07T00:00:00Z"))).isEqualTo(SyncSchedule.SLOW_INTERVAL);
    assertThat(s.intervalAt(Instant.parse("2026-03-05T23:00:00Z"))).as("Friday 01:00 local: Thursday's window")
        .isEqualTo(SyncSchedule.SLOW_INTERVAL);
  }

  @Test
  void daysListsAndRanges() {
    assertThat(SyncSchedule.days("M,W,F")).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY,
        DayOfWeek.FRIDAY);
    assertThat(SyncSchedule.days("Su-T,Th-S")).isEqualTo(EnumSet.complementOf(EnumSet.of(DayOfWeek.WEDNESDAY)));
    assertThat(SyncSchedule.days("sa-m")).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY,
        DayOfWeek.MONDAY);
  }

  @Test
  void errorsNameTheProperty() {
    assertThatThrownBy(() -> parse("{\"syncFrequency\":\"10m\"}")).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("syncSchedule.syncFrequency '10m'");
    assertThatThrownBy(() -> parse("{\"syncFrequency\":\"5m\",\"timezone\":\"UTC\",\"fastSyncStartTime\":\"09:00\"}"))
        .hasMessageContaining("syncSchedule.fastSyncStopTime is required");
    assertThatThrownBy(() -> parse("{\"fastSyncEnabledDays\":\"M-F\"}"))
        .hasMessageContaining("syncSchedule.syncFrequency is required");
    assertThatThrownBy(() -> parse("{\"syncFrequency\":\"5m\",\"timezone\":\"Mars/Olympus\","
        + "\"fastSyncStartTime\":\"09:00\",\"fastSyncStopTime\":\"17:00\"}"))
        .hasMessageContaining("syncSchedule.timezone 'Mars/Olympus'");
    assertThatThrownBy(() -> parse("{\"syncFrequency\":\"5m\",\"timezone\":\"UTC\","
        + "\"fastSyncStartTime\":\"9am\",\"fastSyncStopTime\":\"17:00\"}"))
        .hasMessageContaining("syncSchedule.fastSyncStartTime '9am'");
    assertThatThrownBy(() -> parse("{\"syncFrequency\":\"5m\",\"timezone\":\"UTC\","
        + "\"fastSyncStartTime\":\"09:00\",\"fastSyncStopTime\":\"17:00\",\"fastSyncEnabledDays\":\"M-X\"}"))
        .hasMessageContaining("syncSchedule.fastSyncEnabledDays 'M-X': 'X'");
    assertThatThrownBy(() -> parse("{\"syncFrequency\":5}")).hasMessageContaining("syncSchedule.syncFrequency must be");
  }
}
