package org.flowmat.core.dialect;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Locale;
import org.flowmat.core.tuple.TupleValue;

/**
 * {@link ValueStager}s for the value forms Flow sends whose text a warehouse's parser may not take as is. Each returns
 * a value already in the staged form unchanged (no allocation), and otherwise normalizes, clamps or refuses it.
 *
 * <p>The rules (docs/dialects/duckdb.md, "Values", lists them for DuckDB):
 * <ul>
 *   <li>date-time: every RFC 3339 form (either case of {@code T}/{@code Z}, a space for {@code T}, any offset, any
 *       number of fractional digits, a missing offset read as UTC as Estuary's connectors do) becomes the UTC instant
 *       {@code YYYY-MM-DDTHH:MM:SS.ffffffZ}. Fractional digits beyond microseconds are truncated (never rounded, so a
 *       value never moves into the next second, day or year); a leap second {@code :60} becomes {@code :59.999999}
 *       of the same minute (it stays after every other instant of that minute). Instants before
 *       0001-01-01T00:00:00Z (year 0000, or year 0001 with a positive offset) clamp to it, as Estuary's
 *       {@code ClampDatetime} does with year 0000; instants after 9999-12-31T23:59:59.999999Z (reached only through a
 *       negative offset) clamp to that.
 *   <li>date: year 0000 clamps to 0001-01-01 (Estuary's {@code ClampDate}).
 *   <li>time: the wall-clock time, fractional digits truncated to microseconds, a leap second as {@code :59.999999};
 *       the offset is dropped, as DuckDB's TIME does and as Estuary's DuckDB connector stores it.
 *   <li>integers: a value beyond the column's range is refused (clamping would silently change a number, and merge
 *       distinct keys); string integers lose a leading {@code +} and a fraction of zeros ({@code "12.0"}).
 *   <li>string numbers: parsed to a double; {@code NaN}, {@code Infinity}, {@code -Infinity} kept, a magnitude beyond
 *       the double range becomes ±Infinity (IEEE 754 rounding), text that is no number is refused.
 *   <li>base64: standard, URL-safe, unpadded and MIME (line-broken) base64 become padded standard base64 of the same
 *       bytes; text that is not base64 is refused.
 *   <li>uuid: braced, {@code urn:uuid:} and unhyphenated forms become the hyphenated lower-case form.
 * </ul>
 */
public final class ValueStagers {
  private ValueStagers() {}

  private static final long MICROS = 1_000_000L;
  /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z in microseconds since the epoch. */
  private static final long MIN_MICROS = LocalDate.of(1, 1, 1).toEpochDay() * 86_400L * MICROS;
  private static final long MAX_MICROS = (LocalDate.of(9999, 12, 31).toEpochDay() + 1) * 86_400L * MICROS - 1;
  private static final BigInteger INT128_MIN = BigInteger.ONE.shiftLeft(127).negate();
  private static final BigInteger INT128_MAX = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  // ---- date-time ----

  /** RFC 3339 date-times as canonical UTC with microseconds; see the class comment. */
  public static final ValueStager DATE_TIME_UTC_MICROS = v -> {
    if (!(v instanceof TupleValue.Str s)) {
      return notString(v, "a date-time");
    }
    String t = s.value();
    return utcWithZ(t) ? v : new TupleValue.Str(dateTime(t));
  };

  /**
   * Whether {@code t} is {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z} (upper case), a valid date and time of a year from 0001,
   * no leap second: the form warehouses parse as is (DuckDB truncates digits beyond microseconds itself).
   */
  static boolean utcWithZ(String t) {
    int n = t.length();
    if (n < 20 || n > 30 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
        || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
      return false;
    }
    if (n > 20) {
      if (n == 21 || t.charAt(19) != '.') {
        return false;
      }
      for (int i = 20; i < n - 1; i++) {
        if (!digit(t.charAt(i))) {
          return false;
        }
      }
    }
    int year = number(t, 0, 4);
    int month = number(t, 5, 2);
    int day = number(t, 8, 2);
    int hour = number(t, 11, 2);
    int minute = number(t, 14, 2);
    int second = number(t, 17, 2);
    return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour >= 0 && hour <= 23
        && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
  }

  /** Canonical UTC text of an RFC 3339 date-time, clamped to years 0001..9999. */
  public static String dateTime(String t) {
    Cursor c = new Cursor(t, "a date-time");
    int year = c.digits(4);
    c.expect('-');
    int month = c.digits(2);
    c.expect('-');
    int day = c.digits(2);
    char sep = c.next();
    if (sep != 'T' && sep != 't' && sep != ' ') {
      throw c.bad();
    }
    int hour = c.digits(2);
    c.expect(':');
    int minute = c.digits(2);
    c.expect(':');
    int second = c.digits(2);
    int micros = c.fraction();
    int offsetMinutes = c.atEnd() ? 0 : c.offset();
    c.end();
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 60) {
      throw c.bad();
    }
    if (second == 60) {
      second = 59;
      micros = 999_999;
    }
    long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second
        - offsetMinutes * 60L;
    long total = Math.max(MIN_MICROS, Math.min(MAX_MICROS, seconds * MICROS + micros));
    long epochSecond = Math.floorDiv(total, MICROS);
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
    int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
    StringBuilder out = new StringBuilder(27);
    pad(out, date.getYear(), 4).append('-');
    pad(out, date.getMonthValue(), 2).append('-');
    pad(out, date.getDayOfMonth(), 2).append('T');
    pad(out, secondOfDay / 3600, 2).append(':');
    pad(out, secondOfDay / 60 % 60, 2).append(':');
    pad(out, secondOfDay % 60, 2).append('.');
    pad(out, (int) Math.floorMod(total, MICROS), 6).append('Z');
    return out.toString();
  }

  // ---- date ----

  /** RFC 3339 full-dates, year 0000 clamped to 0001-01-01. */
  public static final ValueStager DATE = v -> {
    if (!(v instanceof TupleValue.Str s)) {
      return notString(v, "a date");
    }
    String t = s.value();
    Cursor c = new Cursor(t, "a date");
    int year = c.digits(4);
    c.expect('-');
    int month = c.digits(2);
    c.expect('-');
    int day = c.digits(2);
    c.end();
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
      throw c.bad();
    }
    return year == 0 ? new TupleValue.Str("0001-01-01") : v;
  };

  // ---- time ----

  /** RFC 3339 full-times as wall-clock {@code HH:MM:SS[.ffffff]}, offset dropped; as is when already readable. */
  public static final ValueStager TIME_OF_DAY = v -> {
    if (!(v instanceof TupleValue.Str s)) {
      return notString(v, "a time");
    }
    String t = s.value();
    Cursor c = new Cursor(t, "a time");
    int hour = c.digits(2);
    c.expect(':');
    int minute = c.digits(2);
    c.expect(':');
    int second = c.digits(2);
    int fractionStart = c.pos;
    int micros = c.fraction();
    int fractionDigits = c.pos - fractionStart - 1;
    if (!c.atEnd()) {
      c.offset();
    }
    c.end();
    if (hour > 23 || minute > 59 || second > 60) {
      throw c.bad();
    }
    if (second < 60 && fractionDigits <= 6) {
      return v; // DuckDB reads it, either case of Z and any offset included
    }
    if (second == 60) {
      second = 59;
      micros = 999_999;
    }
    StringBuilder out = new StringBuilder(15);
    pad(out, hour, 2).append(':');
    pad(out, minute, 2).append(':');
    pad(out, second, 2).append('.');
    pad(out, micros, 6);
    return new TupleValue.Str(out.toString());
  };

  // ---- integers ----

  /** Integers of a signed 64-bit column (e.g. BIGINT); out-of-range values refused. */
  public static ValueStager int64(String columnType) {
    return integer(64, columnType);
  }

  /** Integers of a signed 128-bit column (e.g. HUGEINT); out-of-range values refused. */
  public static ValueStager int128(String columnType) {
    return integer(128, columnType);
  }

  private static ValueStager integer(int bits, String columnType) {
    BigInteger min = bits == 64 ? INT64_MIN : INT128_MIN;
    BigInteger max = bits == 64 ? INT64_MAX : INT128_MAX;
    int safeDigits = bits == 64 ? 18 : 38;
    String range = "beyond the range of a " + columnType + " column (" + min + " .. " + max + ")";
    return v -> {
      if (v instanceof TupleValue.Int || v instanceof TupleValue.Null) {
        return v;
      }
      if (v instanceof TupleValue.BigInt b) {
        if (b.value().compareTo(min) < 0 || b.value().compareTo(max) > 0) {
          throw new ValueStager.Refused(range);
        }
        return v;
      }
      if (v instanceof TupleValue.Float64 f) {
        double d = f.value();
        if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) {
          throw new ValueStager.Refused("not an integer, which a " + columnType + " column needs");
        }
        BigInteger big = new BigDecimal(d).toBigIntegerExact();
        if (big.compareTo(min) < 0 || big.compareTo(max) > 0) {
          throw new ValueStager.Refused(range);
        }
        return TupleValue.integer(big);
      }
      if (v instanceof TupleValue.Str s) {
        String t = s.value();
        if (plainInteger(t, safeDigits)) {
          return v;
        }
        BigInteger big = integerText(t, columnType);
        if (big.compareTo(min) < 0 || big.compareTo(max) > 0) {
          throw new ValueStager.Refused(range);
        }
        return new TupleValue.Str(big.toString());
      }
      throw new ValueStager.Refused("not an integer, which a " + columnType + " column needs");
    };
  }

  /** An optional {@code -} and 1..{@code maxDigits} ASCII digits. */
  private static boolean plainInteger(String t, int maxDigits) {
    int start = !t.isEmpty() && t.charAt(0) == '-' ? 1 : 0;
    int digits = t.length() - start;
    if (digits < 1 || digits > maxDigits) {
      return false;
    }
    for (int i = start; i < t.length(); i++) {
      if (!digit(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** A string-formatted integer: sign, digits, and a fraction of zeros at most ({@code "12.00"}). */
  private static BigInteger integerText(String t, String columnType) {
    String digits = t;
    int dot = digits.indexOf('.');
    if (dot >= 0) {
      for (int i = dot + 1; i < digits.length(); i++) {
        if (digits.charAt(i) != '0') {
          throw new ValueStager.Refused("not an integer, which a " + columnType + " column needs");
        }
      }
      digits = digits.substring(0, dot);
    }
    if (digits.startsWith("+")) {
      digits = digits.substring(1);
    }
    int start = digits.startsWith("-") ? 1 : 0;
    boolean ok = digits.length() > start;
    for (int i = start; i < digits.length() && ok; i++) {
      ok = digit(digits.charAt(i));
    }
    if (!ok) {
      throw new ValueStager.Refused("not an integer, which a " + columnType + " column needs");
    }
    return new BigInteger(digits);
  }

  // ---- numbers ----

  /** Numbers of a double column: string numbers parsed, {@code NaN} and the infinities kept. */
  public static final ValueStager FLOAT64 = v -> {
    if (!(v instanceof TupleValue.Str s)) {
      if (v instanceof TupleValue.Bool || v instanceof TupleValue.Json) {
        throw new ValueStager.Refused("not a number, which a DOUBLE column needs");
      }
      return v;
    }
    String t = s.value();
    if (t.equals("NaN") || t.equals("Infinity") || t.equals("-Infinity")) {
      return v; // as Jackson writes a non-finite double: the warehouse reads these three
    }
    if (!numberText(t)) {
      throw new ValueStager.Refused("not a number, NaN, Infinity or -Infinity, which a DOUBLE column needs");
    }
    return new TupleValue.Float64(Double.parseDouble(t));
  };

  /** JSON's number grammar with an optional leading {@code +}: what Flow's {@code format: number} admits. */
  private static boolean numberText(String t) {
    int i = 0;
    int n = t.length();
    if (i < n && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
      i++;
    }
    int start = i;
    while (i < n && digit(t.charAt(i))) {
      i++;
    }
    boolean any = i > start;
    if (i < n && t.charAt(i) == '.') {
      int f = ++i;
      while (i < n && digit(t.charAt(i))) {
        i++;
      }
      any |= i > f;
    }
    if (!any) {
      return false;
    }
    if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
      i++;
      if (i < n && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
        i++;
      }
      int e = i;
      while (i < n && digit(t.charAt(i))) {
        i++;
      }
      if (i == e) {
        return false;
      }
    }
    return i == n;
  }

  // ---- base64 ----

  /** Base64 text of a binary column as padded standard base64; text that is not base64 refused. */
  public static final ValueStager BASE64 = v -> {
    if (!(v instanceof TupleValue.Str s)) {
      return notString(v, "base64 text");
    }
    String t = s.value();
    if (paddedStandardBase64(t)) {
      return v;
    }
    StringBuilder clean = new StringBuilder(t.length() + 2);
    for (int i = 0; i < t.length(); i++) {
      char ch = t.charAt(i);
      if (ch == '-') {
        clean.append('+');
      } else if (ch == '_') {
        clean.append('/');
      } else if (ch != '=' && ch != '\r' && ch != '\n' && ch != ' ' && ch != '\t') {
        clean.append(ch);
      }
    }
    if (clean.length() % 4 == 1) {
      throw new ValueStager.Refused("not base64 text, which a binary column needs");
    }
    while (clean.length() % 4 != 0) {
      clean.append('=');
    }
    try {
      return new TupleValue.Str(Base64.getEncoder().encodeToString(Base64.getDecoder().decode(clean.toString())));
    } catch (IllegalArgumentException e) {
      throw new ValueStager.Refused("not base64 text, which a binary column needs");
    }
  };

  static boolean paddedStandardBase64(String t) {
    int n = t.length();
    if (n % 4 != 0) {
      return false;
    }
    int pad = n > 0 && t.charAt(n - 1) == '=' ? (t.charAt(n - 2) == '=' ? 2 : 1) : 0;
    for (int i = 0; i < n - pad; i++) {
      char ch = t.charAt(i);
      if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || digit(ch) || ch == '+' || ch == '/')) {
        return false;
      }
    }
    return true;
  }

  // ---- uuid ----

  /** UUIDs as hyphenated text; braced, {@code urn:uuid:} and unhyphenated forms rewritten. */
  public static final ValueStager UUID = v -> {
    if (!(v instanceof TupleValue.Str s)) {
      return notString(v, "a UUID");
    }
    String t = s.value();
    if (hyphenatedUuid(t)) {
      return v;
    }
    String hex = t.toLowerCase(Locale.ROOT);
    if (hex.startsWith("urn:uuid:")) {
      hex = hex.substring(9);
    }
    if (hex.startsWith("{") && hex.endsWith("}")) {
      hex = hex.substring(1, hex.length() - 1);
    }
    hex = hex.replace("-", "");
    if (hex.length() != 32 || !hex.chars().allMatch(ch -> digit((char) ch) || (ch >= 'a' && ch <= 'f'))) {
      throw new ValueStager.Refused("not a UUID, which a UUID column needs");
    }
    return new TupleValue.Str(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20));
  };

  private static boolean hyphenatedUuid(String t) {
    if (t.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char ch = t.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23
          ? ch == '-'
          : digit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  // ---- helpers ----

  /** Null passes; any other non-string is refused (Flow sends these formats only as strings). */
  private static TupleValue notString(TupleValue v, String what) {
    if (v instanceof TupleValue.Null) {
      return v;
    }
    throw new ValueStager.Refused("not " + what + " (a string), which the column needs");
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int number(String t, int at, int len) {
    int n = 0;
    for (int i = at; i < at + len; i++) {
      char c = t.charAt(i);
      if (!digit(c)) {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(s);
  }

  /** A parse position in RFC 3339 text. */
  private static final class Cursor {
    final String t;
    final String what;
    int pos;

    Cursor(String t, String what) {
      this.t = t;
      this.what = what;
    }

    ValueStager.Refused bad() {
      return new ValueStager.Refused("not " + what + " in RFC 3339 form");
    }

    char next() {
      if (pos >= t.length()) {
        throw bad();
      }
      return t.charAt(pos++);
    }

    void expect(char c) {
      if (next() != c) {
        throw bad();
      }
    }

    int digits(int len) {
      if (pos + len > t.length()) {
        throw bad();
      }
      int n = number(t, pos, len);
      if (n < 0) {
        throw bad();
      }
      pos += len;
      return n;
    }

    /** An optional {@code .} and digits: their value in microseconds, truncated. */
    int fraction() {
      if (pos >= t.length() || t.charAt(pos) != '.') {
        return 0;
      }
      pos++;
      int start = pos;
      int micros = 0;
      while (pos < t.length() && digit(t.charAt(pos))) {
        if (pos - start < 6) {
          micros = micros * 10 + (t.charAt(pos) - '0');
        }
        pos++;
      }
      int n = pos - start;
      if (n == 0) {
        throw bad();
      }
      for (int i = n; i < 6; i++) {
        micros *= 10;
      }
      return micros;
    }

    /** {@code Z}, {@code z} or {@code ±HH:MM}: the offset in minutes. */
    int offset() {
      char c = next();
      if (c == 'Z' || c == 'z') {
        return 0;
      }
      if (c != '+' && c != '-') {
        throw bad();
      }
      int hours = digits(2);
      expect(':');
      int minutes = digits(2);
      if (hours > 23 || minutes > 59) {
        throw bad();
      }
      return (c == '-' ? -1 : 1) * (hours * 60 + minutes);
    }

    boolean atEnd() {
      return pos == t.length();
    }

    void end() {
      if (!atEnd()) {
        throw bad();
      }
    }
  }
}
