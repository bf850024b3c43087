package dev.ferry.engine.copy;

import dev.ferry.engine.plan.NumericTime;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
    } catch (java.time.DateTimeException | NumberFormatException e) {
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
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** PostgreSQL's timestamptz output with TimeZone=UTC: {@code 2024-05-01 10:00:00.25+00}. */
  public static String formatTimestamptz(long epochMicros) {
    return formatTimestamp(epochMicros) + "+00";
  }

  /** PostgreSQL's timestamp output: {@code 2024-05-01 10:00:00.25}; years 1..9999 only. */
  public static String formatTimestamp(long epochMicros) {
    long secs = Math.floorDiv(epochMicros, 1_000_000L);
    int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(secs, micros * 1000, ZoneOffset.UTC);
    return formatLocal(t);
  }

  public static String formatLocal(LocalDateTime t) {
    checkYear(t.getYear());
    StringBuilder sb = new StringBuilder(32);
    appendDate(sb, t.toLocalDate());
    sb.append(' ');
    appendTime(sb, t.toLocalTime());
    return sb.toString();
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
      throw new java.time.DateTimeException("year " + year + " is outside 1..9999");
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
