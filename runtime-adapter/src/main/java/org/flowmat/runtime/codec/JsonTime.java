package org.flowmat.runtime.codec;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import java.text.ParseException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * JSON forms of google.protobuf.Timestamp and Duration, by protobuf-java-util's {@link Timestamps} and
 * {@link Durations}, as Flow's pbjson writes them: timestamps like {@code 2023-11-14T22:13:20+00:00} or
 * {@code 2023-11-14T22:21:40.123+00:00}, durations like {@code 300s} or {@code 62.250s}; fractions use 0, 3, 6 or 9
 * digits as needed (the library's rule too).
 *
 * <p>One difference from the library, kept on purpose: it writes UTC as {@code Z}, Flow as {@code +00:00}, and the
 * protocol vectors hold Flow's form, so the suffix is rewritten (JsonTimeTest). Both forms, and any offset, parse.
 * The library also holds values to the range google/protobuf/timestamp.proto and duration.proto define (years 0001
 * to 9999; ±315,576,000,000 s): a value outside it is refused, not written.
 *
 * <p>Parsing is held stricter than the library's: {@link Timestamps#parse} rolls an impossible date over (month 13
 * becomes January of the next year, 25:00 the next day) and {@link Durations#parse} takes {@code +1s}, {@code 1.s}
 * and drops fraction digits past the ninth. So a timestamp's text is read by the JDK's strict ISO parser and then
 * range-checked by the library, and a duration's text must match the proto JSON grammar before the library reads it.
 */
final class JsonTime {
  private static final String LIBRARY_UTC = "Z";
  private static final String FLOW_UTC = "+00:00";
  private static final Pattern DURATION = Pattern.compile("-?[0-9]+(\\.[0-9]{1,9})?s");

  private JsonTime() {}

  /** @throws IllegalArgumentException outside google.protobuf.Timestamp's range */
  static String formatTimestamp(long seconds, int nanos) {
    String text = Timestamps.toString(Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build());
    if (!text.endsWith(LIBRARY_UTC)) {
      throw new IllegalStateException("protobuf-java-util wrote a timestamp without 'Z': " + text);
    }
    return text.substring(0, text.length() - LIBRARY_UTC.length()) + FLOW_UTC;
  }

  /** @throws IllegalArgumentException outside google.protobuf.Duration's range or with mixed signs */
  static String formatDuration(long seconds, int nanos) {
    return Durations.toString(Duration.newBuilder().setSeconds(seconds).setNanos(nanos).build());
  }

  /** Parses RFC 3339 ("Z" or any offset). Returns {seconds, nanos}, or null when {@code text} is not one. */
  static long[] parseTimestamp(String text) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      Timestamp checked = Timestamps.checkValid(
          Timestamp.newBuilder().setSeconds(t.toEpochSecond()).setNanos(t.getNano()).build());
      return new long[] {checked.getSeconds(), checked.getNanos()};
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Parses "[-]SECONDS[.FRACTION]s" with up to 9 fraction digits. Returns {seconds, nanos}, or null. */
  static long[] parseDuration(String text) {
    if (!DURATION.matcher(text).matches()) {
      return null;
    }
    try {
      Duration d = Durations.parse(text);
      return new long[] {d.getSeconds(), d.getNanos()};
    } catch (ParseException | IllegalArgumentException e) {
      return null;
    }
  }
}
