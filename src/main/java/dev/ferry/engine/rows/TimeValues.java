package dev.ferry.engine.rows;

import dev.ferry.engine.cast.NumericTime;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads dates and times the way SQLite applications store them (ISO-8601 text, Unix epochs, Julian
 * days) and writes them in PostgreSQL's own output format (ISO, UTC), so that what Ferry sends and
 * what PostgreSQL later returns compare equal byte for byte.
 */
public final class TimeValues {
  private static final Pattern ISO =
      Pattern.compile(
          "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
              + "\\s*(Z|z|UTC|[+-]\\d{2}(?::?\\d{2})?)?");
  private static final Pattern TIME =
      Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?");
  private static final long JULIAN_UNIX_EPOCH_MICROS = 210866760000000000L; // JD 2440587.5 in µs
  private static final BigDecimal MICROS_PER_DAY = BigDecimal.valueOf(86_400_000_000L);

  private TimeValues() {}

  /** A point in time in microseconds since the Unix epoch (UTC). */
  public static long epochMicrosFromNumber(Number n, NumericTime unit) {
    if (n instanceof Double d && !Double.isFinite(d)
        || n instanceof Float f && !Float.isFinite(f)) {
      // SQLite stores 9e999 as Inf: no date, and a row to reject, not a run to fail
      throw new ArithmeticException("not a finite number: " + n);
    }
    BigDecimal v =
        n instanceof Double || n instanceof Float
            ? new BigDecimal(n.toString())
            : BigDecimal.valueOf(n.longValue());
    BigDecimal micros =
        switch (unit) {
          case EPOCH_SECONDS -> v.movePointRight(6);
          case EPOCH_MILLIS -> v.movePointRight(3);
          // a double holds a Julian day to about 10 µs; SQLite's own date functions keep
          // milliseconds
          case JULIAN_DAY ->
              v.multiply(MICROS_PER_DAY)
                  .subtract(BigDecimal.valueOf(JULIAN_UNIX_EPOCH_MICROS))
                  .movePointLeft(3)
                  .setScale(0, RoundingMode.HALF_EVEN)
                  .movePointRight(3);
        };
    return micros.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /** Parsed ISO-8601 text: local date-time in microseconds and whether it had an offset. */
  public record Parsed(LocalDateTime local, ZoneOffset offset, boolean hasTime) {
    public long epochMicrosUtc() {
      Instant i = local.toInstant(offset == null ? ZoneOffset.UTC : offset);
      return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }
  }

  /** Parses ISO-8601 date or date-time text; null when it is not one. */
  public static Parsed parseIso(String text) {
    Parsed fast = parseCommonIso(text);
    return fast != null ? fast : parseIsoSlow(text);
  }

  /**
   * The common spellings, without a regular expression: {@code YYYY-MM-DD}, then optionally {@code
   * [T ]HH:MM[:SS[.f…]]} and {@code Z} or {@code ±HH[:MM]}. Anything else goes to the general
   * parser.
   */
  private static Parsed parseCommonIso(String s) {
    int n = s.length();
    if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return null;
    }
    int y = digits(s, 0, 4);
    int mo = digits(s, 5, 2);
    int d = digits(s, 8, 2);
    if (y < 0 || mo < 0 || d < 0) {
      return null;
    }
    int h = 0;
    int mi = 0;
    int sec = 0;
    int nanos = 0;
    int i = 10;
    boolean hasTime = false;
    if (i < n && (s.charAt(i) == 'T' || s.charAt(i) == ' ')) {
      if (n < i + 6 || s.charAt(i + 3) != ':') {
        return null;
      }
      h = digits(s, i + 1, 2);
      mi = digits(s, i + 4, 2);
      i += 6;
      if (i < n && s.charAt(i) == ':') {
        sec = digits(s, i + 1, 2);
        i += 3;
        if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
          int start = ++i;
          int frac = 0;
          while (i < n && i - start < 9 && Character.isDigit(s.charAt(i))) {
            frac = frac * 10 + (s.charAt(i) - '0');
            i++;
          }
          if (i == start || i < n && Character.isDigit(s.charAt(i))) {
            return null;
          }
          for (int k = i - start; k < 9; k++) {
            frac *= 10;
          }
          nanos = frac;
        }
      }
      if (h < 0 || mi < 0 || sec < 0) {
        return null;
      }
      hasTime = true;
    }
    ZoneOffset off = null;
    if (i < n) {
      char c = s.charAt(i);
      if ((c == 'Z' || c == 'z') && i == n - 1) {
        off = ZoneOffset.UTC;
      } else if ((c == '+' || c == '-')
          && (n - i == 3 || n - i == 6 && s.charAt(i + 3) == ':' || n - i == 5)) {
        int oh = digits(s, i + 1, 2);
        int om = n - i == 3 ? 0 : digits(s, n - 2, 2);
        if (oh < 0 || om < 0 || oh > 18 || om > 59) {
          return null;
        }
        int secs = oh * 3600 + om * 60;
        off = ZoneOffset.ofTotalSeconds(c == '-' ? -secs : secs);
      } else {
        return null;
      }
    }
    try {
      return new Parsed(roundToMicros(LocalDateTime.of(y, mo, d, h, mi, sec, nanos)), off, hasTime);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) {
      return -1;
    }
    int v = 0;
    for (int k = from; k < from + count; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static Parsed parseIsoSlow(String text) {
    Matcher m = ISO.matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    try {
      LocalDate d =
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
      LocalTime t = LocalTime.MIDNIGHT;
      if (m.group(4) != null) {
        int nanos = 0;
        if (m.group(7) != null) {
          String f = (m.group(7) + "000000000").substring(0, 9);
          nanos = Integer.parseInt(f);
        }
        t =
            LocalTime.of(
                Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                nanos);
      }
      ZoneOffset off = null;
      String z = m.group(8);
      if (z != null) {
        off =
            z.equalsIgnoreCase("Z") || z.equals("UTC")
                ? ZoneOffset.UTC
                : ZoneOffset.of(normalizeOffset(z));
      }
      LocalDateTime ldt = roundToMicros(LocalDateTime.of(d, t));
      return new Parsed(ldt, off, m.group(4) != null);
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static String normalizeOffset(String z) {
    if (z.length() == 3) {
      return z + ":00";
    }
    if (z.length() == 5) {
      return z.substring(0, 3) + ":" + z.substring(3);
    }
    return z;
  }

  private static LocalDateTime roundToMicros(LocalDateTime t) {
    int nanos = t.getNano();
    int rem = nanos % 1000;
    if (rem == 0) {
      return t;
    }
    LocalDateTime down = t.withNano(nanos - rem);
    return rem >= 500 ? down.plusNanos(1000) : down;
  }

  public static LocalTime parseTime(String text) {
    Matcher m = TIME.matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    try {
      int nanos =
          m.group(4) == null ? 0 : Integer.parseInt((m.group(4) + "000000000").substring(0, 9));
      return LocalTime.of(
          Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)),
          m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
          nanos / 1000 * 1000);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** PostgreSQL's timestamptz output with TimeZone=UTC: {@code 2024-05-01 10:00:00.25+00}. */
  public static String formatTimestamptz(long epochMicros) {
    return formatTimestamp(epochMicros) + "+00";
  }

  /** PostgreSQL's timestamp output: {@code 2024-05-01 10:00:00.25}; years 1..9999 only. */
  public static String formatTimestamp(long epochMicros) {
    long days = Math.floorDiv(epochMicros, 86_400_000_000L);
    long micros = Math.floorMod(epochMicros, 86_400_000_000L);
    // civil date from days since 1970-01-01 (H. Hinnant's algorithm): no objects on the hot path
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int) (doy - (153 * mp + 2) / 5 + 1);
    int m = (int) (mp < 10 ? mp + 3 : mp - 9);
    int y = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
    checkYear(y);
    char[] c = new char[26];
    int n = putDate(c, y, m, d);
    c[n++] = ' ';
    n =
        putTime(
            c,
            n,
            (int) (micros / 3_600_000_000L),
            (int) (micros / 60_000_000L % 60),
            (int) (micros / 1_000_000L % 60),
            (int) (micros % 1_000_000L));
    return new String(c, 0, n);
  }

  public static String formatLocal(LocalDateTime t) {
    checkYear(t.getYear());
    char[] c = new char[26];
    int n = putDate(c, t.getYear(), t.getMonthValue(), t.getDayOfMonth());
    c[n++] = ' ';
    n = putTime(c, n, t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
    return new String(c, 0, n);
  }

  private static int putDate(char[] c, int y, int m, int d) {
    put(c, 0, y, 4);
    c[4] = '-';
    put(c, 5, m, 2);
    c[7] = '-';
    put(c, 8, d, 2);
    return 10;
  }

  private static int putTime(char[] c, int at, int h, int mi, int sec, int micros) {
    put(c, at, h, 2);
    c[at + 2] = ':';
    put(c, at + 3, mi, 2);
    c[at + 5] = ':';
    put(c, at + 6, sec, 2);
    int n = at + 8;
    if (micros != 0) {
      c[n++] = '.';
      int digits = 6;
      while (micros % 10 == 0) {
        micros /= 10;
        digits--;
      }
      put(c, n, micros, digits);
      n += digits;
    }
    return n;
  }

  private static void put(char[] c, int at, int v, int width) {
    for (int k = width - 1; k >= 0; k--) {
      c[at + k] = (char) ('0' + v % 10);
      v /= 10;
    }
  }

  public static String formatDate(LocalDate d) {
    checkYear(d.getYear());
    StringBuilder sb = new StringBuilder(10);
    appendDate(sb, d);
    return sb.toString();
  }

  public static String formatTime(LocalTime t) {
    StringBuilder sb = new StringBuilder(16);
    appendTime(sb, t);
    return sb.toString();
  }

  private static void checkYear(int year) {
    if (year < 1 || year > 9999) {
      throw new DateTimeException("year " + year + " is outside 1..9999");
    }
  }

  private static void appendDate(StringBuilder sb, LocalDate d) {
    pad(sb, d.getYear(), 4).append('-');
    pad(sb, d.getMonthValue(), 2).append('-');
    pad(sb, d.getDayOfMonth(), 2);
  }

  private static void appendTime(StringBuilder sb, LocalTime t) {
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    int micros = t.getNano() / 1000;
    if (micros != 0) {
      String f = String.valueOf(1_000_000 + micros).substring(1);
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(f, 0, end);
    }
  }

  private static StringBuilder pad(StringBuilder sb, int v, int width) {
    String s = Integer.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }
}
