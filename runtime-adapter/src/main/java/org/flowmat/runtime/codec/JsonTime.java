package org.flowmat.runtime.codec;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * JSON forms of google.protobuf.Timestamp and Duration as Flow's pbjson writes them: timestamps
 * like {@code 2023-11-14T22:13:20+00:00} or {@code 2023-11-14T22:21:40.123+00:00}, durations like
 * {@code 300s} or {@code 62.250s}; fractions use 0, 3, 6 or 9 digits as needed.
 */
final class JsonTime {
  private static final long MAX_DURATION_SECONDS = 315_576_000_000L;

  private JsonTime() {}

  static String formatTimestamp(long seconds, int nanos) {
    if (nanos < 0 || nanos > 999_999_999) {
      throw new IllegalArgumentException("Timestamp nanos out of range: " + nanos);
    }
    LocalDateTime t;
    try {
      t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Timestamp seconds out of range: " + seconds, e);
    }
    StringBuilder sb = new StringBuilder(36);
    int year = t.getYear();
    if (year < 0) {
      sb.append('-');
      year = -year;
    }
    pad(sb, year, 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    fraction(sb, nanos);
    return sb.append("+00:00").toString();
  }

  static String formatDuration(long seconds, int nanos) {
    if (nanos <= -1_000_000_000 || nanos >= 1_000_000_000
        || (seconds < 0 && nanos > 0) || (seconds > 0 && nanos < 0)) {
      throw new IllegalArgumentException("invalid Duration: " + seconds + "s " + nanos + "ns");
    }
    StringBuilder sb = new StringBuilder(24);
    if (seconds < 0 || nanos < 0) {
      sb.append('-');
    }
    sb.append(Math.abs(seconds));
    fraction(sb, Math.abs(nanos));
    return sb.append('s').toString();
  }

  /** Parses RFC 3339 ("Z" or any offset). Returns {seconds, nanos}. */
  static long[] parseTimestamp(String text) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return new long[] {t.toEpochSecond(), t.getNano()};
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Parses "[-]SECONDS[.FRACTION]s" with up to 9 fraction digits. Returns {seconds, nanos}. */
  static long[] parseDuration(String text) {
    int n = text.length();
    if (n < 2 || text.charAt(n - 1) != 's') {
      return null;
    }
    int i = 0;
    boolean negative = text.charAt(0) == '-';
    if (negative) {
      i++;
    }
    int digitsStart = i;
    long seconds = 0;
    while (i < n - 1 && Character.isDigit(text.charAt(i))) {
      seconds = seconds * 10 + (text.charAt(i) - '0');
      if (seconds > MAX_DURATION_SECONDS) {
        return null;
      }
      i++;
    }
    if (i == digitsStart) {
      return null;
    }
    long nanos = 0;
    if (text.charAt(i) == '.') {
      i++;
      int fracStart = i;
      while (i < n - 1 && Character.isDigit(text.charAt(i))) {
        if (i - fracStart >= 9) {
          return null;
        }
        nanos = nanos * 10 + (text.charAt(i) - '0');
        i++;
      }
      int digits = i - fracStart;
      if (digits == 0) {
        return null;
      }
      for (int k = digits; k < 9; k++) {
        nanos *= 10;
      }
    }
    if (i != n - 1) {
      return null;
    }
    return negative ? new long[] {-seconds, -nanos} : new long[] {seconds, nanos};
  }

  private static void fraction(StringBuilder sb, int nanos) {
    if (nanos == 0) {
      return;
    }
    sb.append('.');
    if (nanos % 1_000_000 == 0) {
      pad(sb, nanos / 1_000_000, 3);
    } else if (nanos % 1_000 == 0) {
      pad(sb, nanos / 1_000, 6);
    } else {
      pad(sb, nanos, 9);
    }
  }

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    String s = Integer.toString(value);
    for (int k = s.length(); k < width; k++) {
      sb.append('0');
    }
    return sb.append(s);
  }
}
