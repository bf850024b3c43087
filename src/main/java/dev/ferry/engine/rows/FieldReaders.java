package dev.ferry.engine.rows;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.NumericTime;
import dev.ferry.engine.cast.Transform;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds the {@link FieldReader} for a column from its {@link Transform}. The same readers feed the
 * load and the source side of validation, so both see identical target values. A dialect whose
 * driver hands values out differently replaces single readers ({@link #textAsString}, {@link
 * #temporalText}) and keeps the rest.
 */
public final class FieldReaders {
  private FieldReaders() {}

  /** The reader of a column whose text comes as stored UTF-8 bytes and dates as JDBC objects. */
  public static FieldReader of(ColumnPlan col) {
    String name = col.name();
    NumericTime unit = unitOf(col);
    return switch (col.transform()) {
      case TEXT, JSON, INTEGER, PASSTHROUGH -> textAsBytes(name);
      case BYTEA ->
          (rs, i, out) -> {
            byte[] b = rs.getBytes(i);
            if (b == null) {
              out.writeNull();
            } else {
              out.writeBytea(b);
            }
          };
      case FLOAT ->
          (rs, i, out) -> {
            Object o = rs.getObject(i);
            switch (o) {
              case null -> out.writeNull();
              case Double d -> out.writeAscii(Double.toString(d));
              case Float f -> out.writeAscii(Float.toString(f));
              case Number n -> out.writeAscii(n.toString());
              case String s -> out.writeText(s, name);
              default ->
                  throw new BadValueException(name, "not a number: " + describe(o), describe(o));
            }
          };
      case DECIMAL ->
          (rs, i, out) -> {
            Object o = rs.getObject(i);
            switch (o) {
              case null -> out.writeNull();
              case BigDecimal d -> out.writeAscii(d.toPlainString());
              case Double d -> out.writeAscii(Double.toString(d)); // numeric input accepts 1.0E10
              case Float f -> out.writeAscii(exactDecimal(f.doubleValue(), name));
              case Number n -> out.writeAscii(n.toString());
              case String s -> out.writeText(s.strip(), name);
              default ->
                  throw new BadValueException(name, "not a number: " + describe(o), describe(o));
            }
          };
      case BOOLEAN ->
          (rs, i, out) -> {
            Object o = rs.getObject(i);
            if (o == null) {
              out.writeNull();
            } else {
              out.writeAscii(bool(o, name) ? "t" : "f");
            }
          };
      case BIT_BOOLEAN ->
          (rs, i, out) -> {
            byte[] b = rs.getBytes(i);
            if (b == null) {
              out.writeNull();
            } else {
              out.writeAscii(b.length > 0 && b[b.length - 1] != 0 ? "t" : "f");
            }
          };
      case BIT_STRING ->
          (rs, i, out) -> {
            byte[] b = rs.getBytes(i);
            if (b == null) {
              out.writeNull();
            } else {
              out.writeAscii(bits(b, col.type()));
            }
          };
      case SET_ARRAY ->
          (rs, i, out) -> {
            String s = rs.getString(i);
            if (s == null) {
              out.writeNull();
            } else {
              out.writeText(setToArray(s), name);
            }
          };
      case TIMESTAMPTZ, TIMESTAMP, DATE -> temporal(col.transform(), name, unit);
      case TIME ->
          (rs, i, out) -> {
            String s = rs.getString(i);
            if (s == null) {
              out.writeNull();
            } else {
              var t = TimeValues.parseTime(s);
              if (t == null) {
                throw new BadValueException(name, "not a time of day: '" + s + "'", s);
              }
              out.writeAscii(TimeValues.formatTime(t));
            }
          };
    };
  }

  /** Text read as a String: for drivers that convert any column character set to one. */
  public static FieldReader textAsString(String name) {
    return (rs, i, out) -> {
      String s = rs.getString(i);
      if (s == null) {
        out.writeNull();
      } else {
        out.writeText(s, name);
      }
    };
  }

  /** Text read as the stored UTF-8 bytes: no String round trip. */
  private static FieldReader textAsBytes(String name) {
    return (rs, i, out) -> {
      byte[] b = rs.getBytes(i);
      if (b == null) {
        out.writeNull();
      } else {
        out.writeText(b, name);
      }
    };
  }

  private static FieldReader temporal(Transform transform, String name, NumericTime unit) {
    return (rs, i, out) -> {
      Object o = rs.getObject(i);
      if (o == null) {
        out.writeNull();
        return;
      }
      writeTemporal(out, o, transform, unit, name);
    };
  }

  /** The epoch unit a column's numbers are read in (seconds unless the plan says otherwise). */
  public static NumericTime unitOf(ColumnPlan col) {
    return col.numericTime() == null ? NumericTime.EPOCH_SECONDS : col.numericTime();
  }

  /** Writes a date/time value (ISO text or an epoch number) as the target's text. */
  public static void writeTemporal(
      CopyBatch out, Object o, Transform transform, NumericTime unit, String name)
      throws BadValueException {
    try {
      out.writeAscii(temporalText(o, transform, unit, name));
    } catch (DateTimeException | ArithmeticException e) {
      throw new BadValueException(name, "date/time out of range: " + e.getMessage(), describe(o));
    }
  }

  /** An ISO text or an epoch number (in {@code unit}) as the target's date/time text. */
  public static String temporalText(Object o, Transform transform, NumericTime unit, String name)
      throws BadValueException {
    if (o instanceof Number n) {
      long micros = TimeValues.epochMicrosFromNumber(n, unit);
      return switch (transform) {
        case TIMESTAMPTZ -> TimeValues.formatTimestamptz(micros);
        case TIMESTAMP -> TimeValues.formatTimestamp(micros);
        default ->
            TimeValues.formatDate(
                LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC)
                    .toLocalDate());
      };
    }
    if (!(o instanceof String s)) {
      throw new BadValueException(name, "not a date/time: " + describe(o), describe(o));
    }
    TimeValues.Parsed p = TimeValues.parseIso(s);
    if (p == null) {
      throw new BadValueException(name, "not an ISO-8601 date/time: '" + s + "'", s);
    }
    return switch (transform) {
      case TIMESTAMPTZ -> TimeValues.formatTimestamptz(p.epochMicrosUtc());
      case TIMESTAMP -> TimeValues.formatLocal(p.local());
      default -> {
        if (p.hasTime() && !p.local().toLocalTime().equals(LocalTime.MIDNIGHT)) {
          throw new BadValueException(name, "a date column holds a time of day: '" + s + "'", s);
        }
        LocalDate d = p.local().toLocalDate();
        yield TimeValues.formatDate(d);
      }
    };
  }

  /** A boolean as the load reads it: 0/1 and the usual words, anything else refused. */
  public static boolean bool(Object o, String name) throws BadValueException {
    switch (o) {
      case Boolean b -> {
        return b;
      }
      case Number n -> {
        double d = n.doubleValue();
        if (d == 0) {
          return false;
        }
        if (d == 1) {
          return true;
        }
        throw new BadValueException(
            name, "not a boolean: " + n + " (expected 0 or 1)", n.toString());
      }
      case String s -> {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
          case "1", "t", "true", "y", "yes", "on" -> true;
          case "0", "f", "false", "n", "no", "off" -> false;
          default -> throw new BadValueException(name, "not a boolean: '" + s + "'", s);
        };
      }
      default -> throw new BadValueException(name, "not a boolean: " + describe(o), describe(o));
    }
  }

  /** The decimal a double stands for, in its shortest exact form (never float4-style rounding). */
  private static String exactDecimal(double d, String name) throws BadValueException {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    return new BigDecimal(Double.toString(d)).toPlainString();
  }

  static String bits(byte[] b, String type) {
    int width = b.length * 8;
    var m = Pattern.compile("\\((\\d+)\\)").matcher(type);
    if (m.find()) {
      width = Math.min(width, Integer.parseInt(m.group(1)));
    }
    StringBuilder sb = new StringBuilder(width);
    for (int bit = width - 1; bit >= 0; bit--) {
      int byteIndex = b.length - 1 - bit / 8;
      sb.append((b[byteIndex] >> (bit % 8) & 1) == 1 ? '1' : '0');
    }
    return sb.toString();
  }

  static String setToArray(String s) {
    if (s.isEmpty()) {
      return "{}";
    }
    StringBuilder sb = new StringBuilder("{");
    String[] parts = s.split(",", -1);
    for (int k = 0; k < parts.length; k++) {
      sb.append(k == 0 ? "" : ",")
          .append('"')
          .append(parts[k].replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return sb.append('}').toString();
  }

  public static String describe(Object o) {
    if (o instanceof byte[] b) {
      return "blob of " + b.length + " bytes: " + CopyBatch.preview(b);
    }
    return String.valueOf(o);
  }
}
