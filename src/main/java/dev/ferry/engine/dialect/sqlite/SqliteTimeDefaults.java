package dev.ferry.engine.dialect.sqlite;

import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.dialect.sqlite.SqliteDefaults.Untranslatable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLite's date functions on 'now' as PostgreSQL defaults for the column's target type. SQLite's
 * 'now' is UTC wall-clock time, read as UTC like the column's values; the modifiers 'localtime',
 * 'utc', '±N unit' and 'start of day|month|year' are applied in order. The result is what SQLite
 * would store, as the load reads it: {@code datetime('now')} on a timestamptz column is {@code
 * CURRENT_TIMESTAMP}, on an integer column the epoch seconds, on a text column the same text.
 */
final class SqliteTimeDefaults {
  static final Set<String> FUNCTIONS =
      Set.of("datetime", "date", "time", "julianday", "unixepoch", "strftime");

  private static final String UTC_NOW = "(now() AT TIME ZONE 'UTC')";
  private static final Pattern ARGUMENT = Pattern.compile("\\s*'((?:[^']|'')*)'\\s*(,|$)");
  private static final Pattern SHIFT =
      Pattern.compile(
          "([-+]?)\\s*(\\d+(?:\\.\\d+)?)\\s+(year|month|day|hour|minute|second)s?",
          Pattern.CASE_INSENSITIVE);
  private static final Map<Character, String> FORMAT_CODES =
      Map.of(
          'Y', "YYYY", 'm', "MM", 'd', "DD", 'H', "HH24", 'M', "MI", 'S', "SS", 'f', "SS.MS", 'j',
          "DDD");
  private static final Map<String, Kind> ISO_FORMATS =
      Map.of(
          "%Y-%m-%d %H:%M:%S", Kind.TIMESTAMP,
          "%Y-%m-%dT%H:%M:%S", Kind.TIMESTAMP,
          "%Y-%m-%d %H:%M:%f", Kind.TIMESTAMP,
          "%Y-%m-%dT%H:%M:%f", Kind.TIMESTAMP,
          "%Y-%m-%dT%H:%M:%fZ", Kind.TIMESTAMP,
          "%Y-%m-%d %H:%M", Kind.TIMESTAMP,
          "%Y-%m-%d", Kind.DATE,
          "%H:%M:%S", Kind.TIME,
          "%H:%M", Kind.TIME);

  /** What the SQLite function returns. */
  private enum Kind {
    TIMESTAMP,
    DATE,
    TIME,
    EPOCH,
    JULIAN,
    FORMATTED
  }

  private SqliteTimeDefaults() {}

  /**
   * {@code function(arguments)}, the arguments as written between the parentheses (empty for
   * CURRENT_TIMESTAMP and friends, which mean {@code datetime('now')} and so on).
   */
  static String of(String function, String arguments, Transform transform) throws Untranslatable {
    List<String> args = arguments(arguments);
    String format = null;
    if (function.equals("strftime")) {
      if (args.isEmpty()) {
        throw new Untranslatable("strftime() without a format");
      }
      format = args.remove(0);
    }
    if (!args.isEmpty() && !args.get(0).equalsIgnoreCase("now")) {
      throw new Untranslatable(
          "only 'now' is translated as the time value, not '" + args.get(0) + "'");
    }
    Time time = new Time();
    for (String modifier : args.isEmpty() ? List.<String>of() : args.subList(1, args.size())) {
      time.apply(modifier);
    }
    Kind kind =
        switch (function) {
          case "datetime", "timestamp" -> Kind.TIMESTAMP;
          case "date" -> Kind.DATE;
          case "time" -> Kind.TIME;
          case "unixepoch" -> Kind.EPOCH;
          case "julianday" -> Kind.JULIAN;
          default ->
              format.equals("%s")
                  ? Kind.EPOCH
                  : format.equals("%J")
                      ? Kind.JULIAN
                      : ISO_FORMATS.getOrDefault(format, Kind.FORMATTED);
        };
    return forTarget(kind, format, time, transform);
  }

  /**
   * A date function of a view: on 'now' as for a column of the type it returns (datetime → {@code
   * CURRENT_TIMESTAMP}, date → a date, strftime → text, strftime('%s') → a number), {@code
   * strftime(format, expression)} as {@code to_char}. Empty when it is not one of those.
   */
  static Optional<String> inView(String function, List<String> arguments) {
    if (!FUNCTIONS.contains(function)) {
      return Optional.empty();
    }
    boolean literals = arguments.stream().allMatch(a -> a.matches("(?s)'(?:[^']|'')*'"));
    try {
      if (literals) {
        String format =
            function.equals("strftime") && !arguments.isEmpty()
                ? arguments.get(0).substring(1, arguments.get(0).length() - 1)
                : null;
        Transform as =
            switch (function) {
              case "date" -> Transform.DATE;
              case "time" -> Transform.TIME;
              case "julianday" -> Transform.FLOAT;
              case "unixepoch" -> Transform.INTEGER;
              case "strftime" -> "%s".equals(format) ? Transform.INTEGER : Transform.TEXT;
              default -> Transform.TIMESTAMPTZ;
            };
        return Optional.of(of(function, String.join(", ", arguments), as));
      }
      if (function.equals("strftime")
          && arguments.size() == 2
          && arguments.get(0).matches("'(?:[^']|'')*'")) {
        String format = arguments.get(0).substring(1, arguments.get(0).length() - 1);
        return Optional.of(toChar(arguments.get(1), format.replace("''", "'"), false));
      }
    } catch (Untranslatable e) {
      return Optional.empty(); // printed as written: PostgreSQL says why if it refuses it
    }
    return Optional.empty();
  }

  private static String forTarget(Kind kind, String format, Time t, Transform transform)
      throws Untranslatable {
    String e = t.expression;
    // the epoch of UTC wall-clock time is the epoch of now()
    String instant = t.isUtcNow() ? "now()" : e;
    String epoch = "floor(extract(epoch FROM " + instant + "))";
    String julian = "(extract(epoch FROM " + instant + ") / 86400.0 + 2440587.5)";
    return switch (transform) {
      case TIMESTAMPTZ ->
          switch (kind) {
            case TIMESTAMP, EPOCH, JULIAN ->
                t.isUtcNow() ? "CURRENT_TIMESTAMP" : "(" + e + " AT TIME ZONE 'UTC')";
            case DATE -> "(date_trunc('day', " + e + ") AT TIME ZONE 'UTC')";
            default -> throw notADateTime(kind, format, "timestamptz");
          };
      case TIMESTAMP ->
          switch (kind) {
            case TIMESTAMP, EPOCH, JULIAN -> e;
            case DATE -> "date_trunc('day', " + e + ")";
            default -> throw notADateTime(kind, format, "timestamp");
          };
      case DATE ->
          switch (kind) {
            case TIMESTAMP, DATE, EPOCH, JULIAN ->
                t.isLocalNow() ? "CURRENT_DATE" : "CAST(" + e + " AS date)";
            default -> throw notADateTime(kind, format, "date");
          };
      case TIME ->
          switch (kind) {
            case TIMESTAMP, TIME -> t.isLocalNow() ? "LOCALTIME" : "CAST(" + e + " AS time)";
            default -> throw notADateTime(kind, format, "time");
          };
      case INTEGER ->
          switch (kind) {
            case TIMESTAMP, DATE, EPOCH -> epoch + "::bigint";
            case FORMATTED -> "CAST(" + toChar(e, format, true) + " AS bigint)";
            default -> throw new Untranslatable("a Julian day is not an integer");
          };
      case FLOAT, DECIMAL ->
          switch (kind) {
            case EPOCH -> epoch;
            case JULIAN -> julian;
            case FORMATTED -> "CAST(" + toChar(e, format, true) + " AS numeric)";
            default -> throw new Untranslatable("a date/time text is not a number");
          };
      case TEXT ->
          switch (kind) {
            case TIMESTAMP ->
                format == null ? toChar(e, "%Y-%m-%d %H:%M:%S", false) : toChar(e, format, false);
            case DATE -> toChar(e, "%Y-%m-%d", false);
            case TIME -> toChar(e, format == null ? "%H:%M:%S" : format, false);
            case EPOCH -> "CAST(" + epoch + "::bigint AS text)";
            case JULIAN -> "CAST(" + julian + " AS text)";
            case FORMATTED -> toChar(e, format, false);
          };
      default ->
          throw new Untranslatable(
              "a date/time function cannot be the default of a "
                  + transform.name().toLowerCase(Locale.ROOT)
                  + " column");
    };
  }

  private static Untranslatable notADateTime(Kind kind, String format, String type) {
    return new Untranslatable(
        (format != null ? "strftime('" + format + "')" : kind.name().toLowerCase(Locale.ROOT))
            + " is not a "
            + type
            + " value");
  }

  /**
   * SQLite's strftime format as to_char; {@code digitsOnly} refuses formats whose text is not a
   * number (for a numeric column).
   */
  private static String toChar(String e, String format, boolean digitsOnly) throws Untranslatable {
    StringBuilder pg = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char ch = format.charAt(i);
      if (ch == '%' && i + 1 < format.length()) {
        char code = format.charAt(++i);
        String p = FORMAT_CODES.get(code);
        if (code == '%') {
          p = "%";
        }
        if (p == null || digitsOnly && code == 'f') {
          throw new Untranslatable("strftime code %" + code + " has no to_char equivalent");
        }
        pg.append(p);
      } else if (digitsOnly) {
        throw new Untranslatable("strftime('" + format + "') is not a number");
      } else if (Character.isLetter(ch) || ch == '"' || ch == '\\') {
        pg.append('"').append(ch == '"' || ch == '\\' ? "\\" + ch : String.valueOf(ch)).append('"');
      } else {
        pg.append(ch);
      }
    }
    return "to_char(" + e + ", '" + pg.toString().replace("'", "''") + "')";
  }

  private static List<String> arguments(String text) throws Untranslatable {
    List<String> out = new ArrayList<>();
    String rest = text.strip();
    while (!rest.isEmpty()) {
      Matcher m = ARGUMENT.matcher(rest);
      if (!m.lookingAt()) {
        throw new Untranslatable("only string arguments are translated, not " + rest);
      }
      out.add(m.group(1).replace("''", "'").strip());
      rest = rest.substring(m.end()).strip();
    }
    return out;
  }

  /** The moment as a PostgreSQL timestamp without time zone in SQLite's UTC wall-clock time. */
  private static final class Time {
    private String expression = UTC_NOW;

    boolean isUtcNow() {
      return expression.equals(UTC_NOW);
    }

    boolean isLocalNow() {
      return expression.equals("LOCALTIMESTAMP");
    }

    void apply(String modifier) throws Untranslatable {
      String m = modifier.toLowerCase(Locale.ROOT).strip();
      Matcher shift = SHIFT.matcher(m);
      if (m.equals("localtime")) {
        expression =
            isUtcNow()
                ? "LOCALTIMESTAMP"
                : "CAST(" + expression + " AT TIME ZONE 'UTC' AS timestamp)";
      } else if (m.equals("utc")) {
        expression =
            isLocalNow() ? UTC_NOW : "(CAST(" + expression + " AS timestamptz) AT TIME ZONE 'UTC')";
      } else if (m.matches("start of (day|month|year)")) {
        expression = "date_trunc('" + m.substring("start of ".length()) + "', " + expression + ")";
      } else if (shift.matches()) {
        expression =
            "("
                + expression
                + " + interval '"
                + (shift.group(1).equals("-") ? "-" : "")
                + shift.group(2)
                + " "
                + shift.group(3)
                + "s')";
      } else {
        throw new Untranslatable("the modifier '" + modifier + "' is not translated");
      }
    }
  }
}
