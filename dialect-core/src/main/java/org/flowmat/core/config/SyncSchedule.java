package org.flowmat.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.flowmat.core.connector.ConnectorException;

/**
 * When a streaming materialization may next acknowledge a commit, from an endpoint config's {@code syncSchedule}
 * (the same properties as Estuary's connectors): {@code syncFrequency} between syncs, optionally only inside a daily
 * fast-sync window on some days, and {@link #SLOW_INTERVAL} outside it. {@code 0s} without a window means no delay.
 *
 * <p>Sync times are multiples of the interval since the epoch (every allowed interval divides a day), so all shards
 * of a materialization sync at the same moments.
 */
public record SyncSchedule(Duration frequency, Optional<FastWindow> window) {
  /** The allowed {@code syncFrequency} values, as in Estuary's connectors. */
  public static final List<String> FREQUENCIES = List.of("0s", "30s", "5m", "15m", "30m", "1h", "2h", "4h");

  /** Estuary's default when {@code syncFrequency} is unset. */
  public static final Duration ESTUARY_DEFAULT = Duration.ofMinutes(30);

  /** The interval outside the fast-sync window. */
  public static final Duration SLOW_INTERVAL = Duration.ofHours(4);

  /** No delay at all. */
  public static final SyncSchedule NONE = new SyncSchedule(Duration.ZERO, Optional.empty());

  private static final Pattern HH_MM = Pattern.compile("^(0?[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$");
  private static final Map<String, DayOfWeek> DAYS = Map.of(
      "su", DayOfWeek.SUNDAY, "m", DayOfWeek.MONDAY, "t", DayOfWeek.TUESDAY, "tu", DayOfWeek.TUESDAY,
      "w", DayOfWeek.WEDNESDAY, "th", DayOfWeek.THURSDAY, "f", DayOfWeek.FRIDAY, "s", DayOfWeek.SATURDAY,
      "sa", DayOfWeek.SATURDAY);

  /**
   * The daily window in which {@code frequency} applies: from {@code start} (inclusive) to {@code stop} (exclusive)
   * local time in {@code zone}, on {@code days}; a window whose stop is not after its start crosses midnight and
   * belongs to the day it starts on.
   */
  public record FastWindow(ZoneId zone, LocalTime start, LocalTime stop, Set<DayOfWeek> days) {
    public FastWindow {
      days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
    }

    public boolean contains(Instant t) {
      ZonedDateTime local = t.atZone(zone);
      LocalTime time = local.toLocalTime();
      LocalDate day = local.toLocalDate();
      if (start.isBefore(stop)) {
        return days.contains(day.getDayOfWeek()) && !time.isBefore(start) && time.isBefore(stop);
      }
      if (!time.isBefore(start)) {
        return days.contains(day.getDayOfWeek());
      }
      return time.isBefore(stop) && days.contains(day.minusDays(1).getDayOfWeek());
    }

    /** The first window start strictly after {@code t} (a start in a DST gap moves forward, as ZonedDateTime does). */
    public Instant nextStart(Instant t) {
      LocalDate today = t.atZone(zone).toLocalDate();
      for (int i = -1; i <= 8; i++) {
        LocalDate day = today.plusDays(i);
        if (days.contains(day.getDayOfWeek())) {
          Instant s = ZonedDateTime.of(day, start, zone).toInstant();
          if (s.isAfter(t)) {
            return s;
          }
        }
      }
      throw new IllegalStateException("a fast-sync window with no days");
    }
  }

  /** No delay ever: {@code 0s} and no window. */
  public boolean immediate() {
    return frequency.isZero() && window.isEmpty();
  }

  /** The interval in force at {@code t}. */
  public Duration intervalAt(Instant t) {
    return window.map(w -> w.contains(t) ? frequency : SLOW_INTERVAL).orElse(frequency);
  }

  /**
   * The next sync time after a sync at {@code last}: the next multiple of the interval in force then, or the start of
   * the fast window if that comes first; {@code last} itself when the interval is {@code 0s}.
   */
  public Instant next(Instant last) {
    Duration interval = intervalAt(last);
    if (interval.isZero()) {
      return last;
    }
    long step = interval.toMillis();
    Instant boundary = Instant.ofEpochMilli(Math.floorDiv(last.toEpochMilli(), step) * step + step);
    if (window.isPresent() && !window.get().contains(last)) {
      Instant fast = window.get().nextStart(last);
      return fast.isBefore(boundary) ? fast : boundary;
    }
    return boundary;
  }

  /**
   * The schedule of an endpoint config's {@code syncSchedule}; {@code defaultFrequency} when it sets no
   * {@code syncFrequency}. Errors name the property.
   */
  public static SyncSchedule of(JsonNode endpointConfig, Duration defaultFrequency) {
    JsonNode node = endpointConfig.path("syncSchedule");
    if (node.isMissingNode() || node.isNull()) {
      return new SyncSchedule(defaultFrequency, Optional.empty());
    }
    if (!node.isObject()) {
      throw new ConnectorException("endpoint config: syncSchedule must be an object");
    }
    String freq = text(node, "syncFrequency");
    String tz = text(node, "timezone");
    String start = text(node, "fastSyncStartTime");
    String stop = text(node, "fastSyncStopTime");
    String days = text(node, "fastSyncEnabledDays");
    Duration frequency = freq == null ? defaultFrequency : frequency(freq);
    if (tz == null && start == null && stop == null && days == null) {
      return new SyncSchedule(frequency, Optional.empty());
    }
    for (String[] required : new String[][] {
        {"syncFrequency", freq}, {"timezone", tz}, {"fastSyncStartTime", start}, {"fastSyncStopTime", stop}}) {
      if (required[1] == null) {
        throw new ConnectorException("endpoint config: syncSchedule." + required[0] + " is required when a fast-sync"
            + " window is configured (timezone, syncFrequency, fastSyncStartTime and fastSyncStopTime go together)");
      }
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(tz);
    } catch (DateTimeException e) {
      throw new ConnectorException("endpoint config: syncSchedule.timezone '" + tz
          + "' is neither an IANA time zone name nor a +HH:MM offset");
    }
    return new SyncSchedule(frequency, Optional.of(new FastWindow(zone, time("fastSyncStartTime", start),
        time("fastSyncStopTime", stop), days == null ? EnumSet.allOf(DayOfWeek.class) : days(days))));
  }

  public static Duration frequency(String text) {
    if (!FREQUENCIES.contains(text)) {
      throw new ConnectorException("endpoint config: syncSchedule.syncFrequency '" + text + "' is not one of "
          + FREQUENCIES);
    }
    long n = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static LocalTime time(String property, String text) {
    if (!HH_MM.matcher(text).matches()) {
      throw new ConnectorException("endpoint config: syncSchedule." + property + " '" + text
          + "' is not a time of day like 09:00");
    }
    try {
      String[] parts = text.split(":");
      return LocalTime.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new ConnectorException("endpoint config: syncSchedule." + property + " '" + text + "' is not a time");
    }
  }

  /** Parses {@code "M-F"}, {@code "M,W,F"} or {@code "Su-T,Th-S"}; a range may wrap past Saturday. */
  static Set<DayOfWeek> days(String text) {
    EnumSet<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    for (String item : text.split(",")) {
      String[] ends = item.strip().split("-", -1);
      if (ends.length > 2) {
        throw badDays(text, item);
      }
      DayOfWeek from = day(text, ends[0]);
      DayOfWeek to = ends.length == 2 ? day(text, ends[1]) : from;
      for (DayOfWeek d = from; ; d = d.plus(1)) {
        out.add(d);
        if (d == to) {
          break;
        }
      }
    }
    return out;
  }

  private static DayOfWeek day(String text, String name) {
    DayOfWeek d = DAYS.get(name.strip().toLowerCase(Locale.ROOT));
    if (d == null) {
      throw badDays(text, name);
    }
    return d;
  }

  private static ConnectorException badDays(String text, String item) {
    return new ConnectorException("endpoint config: syncSchedule.fastSyncEnabledDays '" + text + "': '" + item.strip()
        + "' is not a day (Su, M, T, W, Th, F, Sa) or a range of days like M-F");
  }

  private static String text(JsonNode node, String property) {
    JsonNode v = node.get(property);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ConnectorException("endpoint config: syncSchedule." + property + " must be a string");
    }
    return v.asText().strip();
  }
}
