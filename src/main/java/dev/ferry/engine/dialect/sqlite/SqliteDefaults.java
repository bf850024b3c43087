package dev.ferry.engine.dialect.sqlite;

import dev.ferry.engine.cast.NumericTime;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.rows.BadValueException;
import dev.ferry.engine.rows.FieldReaders;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Translates SQLite column defaults into PostgreSQL expressions. Functions are translated, never
 * copied as strings: {@code datetime('now')} becomes {@code CURRENT_TIMESTAMP}, not the text
 * "datetime('now')".
 */
final class SqliteDefaults {
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Pattern STRING = Pattern.compile("'(?:[^']|'')*'");
  private static final Pattern NOW_FN =
      Pattern.compile(
          "(datetime|date|time|julianday|strftime|unixepoch)\\s*\\((.*)\\)",
          Pattern.CASE_INSENSITIVE);

  private SqliteDefaults() {}

  static Optional<String> translate(
      String expr,
      Transform transform,
      String targetType,
      NumericTime unit,
      List<String> untranslated) {
    if (expr == null) {
      return Optional.empty();
    }
    String e = stripParens(expr.strip());
    String lower = e.toLowerCase(Locale.ROOT);
    if (lower.equals("null") || lower.equals("'null'")) {
      return Optional.empty();
    }
    switch (lower) {
      case "current_timestamp" -> {
        return Optional.of(timeOfNow(transform, "CURRENT_TIMESTAMP"));
      }
      case "current_date" -> {
        return Optional.of(
            transform == Transform.TEXT ? "to_char(CURRENT_DATE, 'YYYY-MM-DD')" : "CURRENT_DATE");
      }
      case "current_time" -> {
        return Optional.of(
            transform == Transform.TEXT ? "to_char(LOCALTIME, 'HH24:MI:SS')" : "LOCALTIME");
      }
      case "true", "false" -> {
        return Optional.of(
            transform == Transform.BOOLEAN ? lower : lower.equals("true") ? "1" : "0");
      }
      default -> {}
    }
    if (NUMBER.matcher(e).matches()) {
      if (transform == Transform.BOOLEAN) {
        return Optional.of(Double.parseDouble(e) != 0 ? "true" : "false");
      }
      if (isDateTime(transform)) {
        return epochLiteral(e, transform, targetType, unit, expr, untranslated);
      }
      return Optional.of(e);
    }
    if (STRING.matcher(e).matches()) {
      String value = e.substring(1, e.length() - 1).replace("''", "'");
      if (isDateTime(transform) && NUMBER.matcher(value.strip()).matches()) {
        return epochLiteral(value.strip(), transform, targetType, unit, expr, untranslated);
      }
      if (transform == Transform.BOOLEAN) {
        return switch (value.toLowerCase(Locale.ROOT)) {
          case "1", "t", "true", "y", "yes", "on" -> Optional.of("true");
          case "0", "f", "false", "n", "no", "off" -> Optional.of("false");
          default -> untranslatable(expr, untranslated);
        };
      }
      return Optional.of(e + "::" + targetType);
    }
    var m = NOW_FN.matcher(e);
    if (m.matches() && m.group(2).toLowerCase(Locale.ROOT).contains("'now'")) {
      String fn = m.group(1).toLowerCase(Locale.ROOT);
      String args = m.group(2).replaceAll("\\s*,\\s*", ",").strip();
      return switch (fn) {
        case "datetime" -> Optional.of(timeOfNow(transform, "CURRENT_TIMESTAMP"));
        case "date" ->
            Optional.of(
                transform == Transform.TEXT
                    ? "to_char(CURRENT_DATE, 'YYYY-MM-DD')"
                    : "CURRENT_DATE");
        case "time" ->
            Optional.of(
                transform == Transform.TEXT ? "to_char(LOCALTIME, 'HH24:MI:SS')" : "LOCALTIME");
        case "julianday" -> Optional.of("(extract(epoch FROM now()) / 86400.0 + 2440587.5)");
        case "unixepoch" -> Optional.of("floor(extract(epoch FROM now()))::bigint");
        default -> strftime(args, transform, expr, untranslated);
      };
    }
    return untranslatable(expr, untranslated);
  }

  private static boolean isDateTime(Transform t) {
    return t == Transform.TIMESTAMPTZ || t == Transform.TIMESTAMP || t == Transform.DATE;
  }

  /**
   * A number as the default of a date/time column is an epoch (in the column's unit, seconds unless
   * the plan says otherwise), as the column's values are read: {@code DEFAULT 0} is 1970-01-01.
   */
  private static Optional<String> epochLiteral(
      String number,
      Transform transform,
      String targetType,
      NumericTime unit,
      String expr,
      List<String> untranslated) {
    try {
      String text =
          FieldReaders.temporalText(
              new BigDecimal(number),
              transform,
              unit == null ? NumericTime.EPOCH_SECONDS : unit,
              "default");
      return Optional.of("'" + text + "'::" + targetType);
    } catch (BadValueException | RuntimeException outOfRange) {
      return untranslatable(expr, untranslated);
    }
  }

  private static Optional<String> strftime(
      String args, Transform transform, String expr, List<String> untranslated) {
    if (args.startsWith("'%s'")) {
      return Optional.of("floor(extract(epoch FROM now()))::bigint");
    }
    if (transform == Transform.TIMESTAMPTZ || transform == Transform.TIMESTAMP) {
      return Optional.of("CURRENT_TIMESTAMP");
    }
    if (transform == Transform.DATE) {
      return Optional.of("CURRENT_DATE");
    }
    String pattern = args.replaceFirst("(?i),'now'.*$", "");
    if (pattern.startsWith("'") && pattern.endsWith("'")) {
      String pg =
          pattern
              .substring(1, pattern.length() - 1)
              .replace("%Y", "YYYY")
              .replace("%m", "MM")
              .replace("%d", "DD")
              .replace("%H", "HH24")
              .replace("%M", "MI")
              .replace("%S", "SS")
              .replace("%f", "SS.MS")
              .replace("%j", "DDD")
              .replace("%W", "WW");
      if (!pg.contains("%")) {
        return Optional.of("to_char(now() AT TIME ZONE 'UTC', '" + pg.replace("'", "''") + "')");
      }
    }
    return untranslatable(expr, untranslated);
  }

  private static String timeOfNow(Transform transform, String fallback) {
    return switch (transform) {
      case TEXT -> "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')";
      case INTEGER -> "floor(extract(epoch FROM now()))::bigint";
      case DATE -> "CURRENT_DATE";
      case TIMESTAMP -> "LOCALTIMESTAMP";
      default -> fallback;
    };
  }

  private static Optional<String> untranslatable(String expr, List<String> untranslated) {
    untranslated.add(expr);
    return Optional.empty();
  }

  private static String stripParens(String e) {
    String s = e;
    while (s.startsWith("(") && s.endsWith(")") && balanced(s.substring(1, s.length() - 1))) {
      s = s.substring(1, s.length() - 1).strip();
    }
    return s;
  }

  private static boolean balanced(String s) {
    int depth = 0;
    for (char ch : s.toCharArray()) {
      depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }
}
