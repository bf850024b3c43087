package dev.ferry.engine.dialect.sqlite;

import static dev.ferry.engine.dialect.Identifiers.literal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.cast.NumericTime;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.rows.BadValueException;
import dev.ferry.engine.rows.CopyBatch;
import dev.ferry.engine.rows.FieldReaders;
import dev.ferry.engine.rows.TimeValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates SQLite column defaults into PostgreSQL expressions for the column's target type, or
 * leaves one out with the reason. A constant ({@code 'x'}, {@code "x"}, {@code -1}, {@code TRUE},
 * {@code X'00'}) becomes the value SQLite would store in the column, read the way the load reads
 * the column's values (a number on a date column is an epoch, {@code 'yes'} on a boolean is true),
 * and a constant the load would reject is left out rather than pasted into a CREATE TABLE that
 * fails. Date functions become PostgreSQL's ({@link SqliteTimeDefaults}); functions are never
 * copied as strings.
 */
final class SqliteDefaults {
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?\\s*(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Pattern HEX_INTEGER = Pattern.compile("([-+]?)\\s*0[xX]([0-9a-fA-F]{1,16})");
  private static final Pattern STRING = Pattern.compile("'(?:[^']|'')*'");
  private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"(?:[^\"]|\"\")*\"");
  private static final Pattern BLOB = Pattern.compile("[xX]'((?:[0-9a-fA-F]{2})*)'");
  private static final Pattern FUNCTION = Pattern.compile("(\\w+)\\s*\\((.*)\\)", Pattern.DOTALL);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private SqliteDefaults() {}

  /** Why a default was left out; the message is the DBA's reason. */
  static final class Untranslatable extends Exception {
    private static final long serialVersionUID = 1L;

    Untranslatable(String reason) {
      super(reason, null, false, false);
    }
  }

  static Optional<String> translate(
      String expr,
      Transform transform,
      String targetType,
      NumericTime unit,
      List<String> untranslated) {
    if (expr == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(expression(expr, transform, targetType, unit));
    } catch (Untranslatable e) {
      untranslated.add(expr + " (" + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  /** The PostgreSQL default, or null for none (the source's default is NULL). */
  private static String expression(
      String expr, Transform transform, String targetType, NumericTime unit) throws Untranslatable {
    String e = stripParens(expr.strip());
    String lower = e.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "null" -> {
        return null;
      }
      case "current_timestamp", "current_date", "current_time" -> {
        return SqliteTimeDefaults.of(lower.substring("current_".length()), "", transform);
      }
      case "true", "false" -> {
        return constant(lower.equals("true") ? 1L : 0L, transform, targetType, unit);
      }
      default -> {}
    }
    if (NUMBER.matcher(e).matches()) {
      BigDecimal n = new BigDecimal(e.replaceAll("\\s+", "").replaceFirst("^\\+", ""));
      boolean integral = e.matches("[-+]?\\s*\\d+");
      return constant(integral ? n.toBigInteger() : n, transform, targetType, unit);
    }
    Matcher hex = HEX_INTEGER.matcher(e);
    if (hex.matches()) {
      long v = Long.parseUnsignedLong(hex.group(2), 16);
      return constant(hex.group(1).equals("-") ? -v : v, transform, targetType, unit);
    }
    if (STRING.matcher(e).matches()) {
      return constant(
          e.substring(1, e.length() - 1).replace("''", "'"), transform, targetType, unit);
    }
    if (DOUBLE_QUOTED.matcher(e).matches()) {
      // SQLite reads a double-quoted name that names no column as a string
      return constant(
          e.substring(1, e.length() - 1).replace("\"\"", "\""), transform, targetType, unit);
    }
    Matcher blob = BLOB.matcher(e);
    if (blob.matches()) {
      return constant(HexFormat.of().parseHex(blob.group(1)), transform, targetType, unit);
    }
    Matcher fn = FUNCTION.matcher(e);
    if (fn.matches()) {
      String name = fn.group(1).toLowerCase(Locale.ROOT);
      if (SqliteTimeDefaults.FUNCTIONS.contains(name)) {
        return SqliteTimeDefaults.of(name, fn.group(2), transform);
      }
      String compact = lower.replaceAll("\\s+", "");
      if (transform == Transform.TEXT
          && (compact.equals("lower(hex(randomblob(16)))")
              || compact.equals("hex(randomblob(16))"))) {
        // 32 random hex digits, as SQLite's idiom for a UUID without dashes
        String uuid = "replace(gen_random_uuid()::text, '-', '')";
        return compact.startsWith("lower") ? uuid : "upper(" + uuid + ")";
      }
      throw new Untranslatable(name + "() is a function Ferry does not translate");
    }
    throw new Untranslatable("an expression Ferry does not translate");
  }

  /**
   * A constant as SQLite stores it in the column (its affinity turns numeric text into a number and
   * a number into text), then as the load reads such a value for the target type.
   */
  static String constant(Object value, Transform transform, String targetType, NumericTime unit)
      throws Untranslatable {
    String kind = targetType.replaceAll("\\(.*$", "");
    String nullText =
        value instanceof String s && s.equalsIgnoreCase("null")
            ? " (the text '" + s + "', not NULL; the column gets no default, which is NULL)"
            : "";
    return switch (transform) {
      case TEXT -> typed(text(value, targetType), targetType);
      case INTEGER -> {
        BigDecimal n = number(value);
        if (n == null || n.stripTrailingZeros().scale() > 0) {
          throw new Untranslatable(describe(value) + " is not an integer" + nullText);
        }
        yield n.toBigIntegerExact().toString();
      }
      case FLOAT, DECIMAL -> {
        BigDecimal n = number(value);
        if (n == null) {
          throw new Untranslatable(describe(value) + " is not a number" + nullText);
        }
        yield n.toString();
      }
      case BOOLEAN -> {
        try {
          yield FieldReaders.bool(value, "default") ? "true" : "false";
        } catch (BadValueException e) {
          throw new Untranslatable(e.getMessage() + nullText);
        }
      }
      case TIMESTAMPTZ, TIMESTAMP, DATE -> {
        BigDecimal n = number(value);
        try {
          yield typed(
              FieldReaders.temporalText(
                  n != null ? n : value,
                  transform,
                  unit == null ? NumericTime.EPOCH_SECONDS : unit,
                  "default"),
              targetType);
        } catch (BadValueException e) {
          throw new Untranslatable(e.getMessage() + nullText);
        } catch (RuntimeException outOfRange) {
          throw new Untranslatable(describe(value) + " is out of the range of " + kind);
        }
      }
      case TIME -> {
        var t = value instanceof String s ? TimeValues.parseTime(s) : null;
        if (t == null) {
          throw new Untranslatable(describe(value) + " is not a time of day" + nullText);
        }
        yield typed(TimeValues.formatTime(t), targetType);
      }
      case BYTEA ->
          typed(
              "\\x"
                  + HexFormat.of()
                      .formatHex(
                          value instanceof byte[] b
                              ? b
                              : text(value, targetType).getBytes(StandardCharsets.UTF_8)),
              targetType);
      case JSON -> {
        String json = text(value, targetType);
        try {
          JSON.readTree(json);
        } catch (JsonProcessingException e) {
          throw new Untranslatable(describe(value) + " is not JSON" + nullText);
        }
        yield typed(json, targetType);
      }
      default -> typed(text(value, targetType), targetType);
    };
  }

  private static String typed(String value, String targetType) {
    return literal(value) + "::" + targetType;
  }

  /** The text SQLite stores for a constant in a TEXT-affinity column. */
  private static String text(Object value, String targetType) throws Untranslatable {
    return switch (value) {
      case String s -> s;
      case BigDecimal d -> sqliteReal(d);
      case byte[] b -> {
        if (!CopyBatch.isValidUtf8(b) || new String(b, StandardCharsets.UTF_8).indexOf(0) >= 0) {
          throw new Untranslatable(describe(b) + " is not text a " + targetType + " can hold");
        }
        yield new String(b, StandardCharsets.UTF_8);
      }
      default -> value.toString();
    };
  }

  /** SQLite's text of a real: 1.50 → 1.5, 2. → 2.0, 1e3 → 1000.0. */
  private static String sqliteReal(BigDecimal d) {
    double v = d.doubleValue();
    String s = Double.toString(v);
    return s.contains("E") ? d.toString() : s;
  }

  /** The number SQLite's numeric affinity makes of a constant, or null when it stays text. */
  private static BigDecimal number(Object value) {
    return switch (value) {
      case BigDecimal d -> d;
      case BigInteger i -> new BigDecimal(i);
      case Long l -> BigDecimal.valueOf(l);
      case String s when NUMBER.matcher(s.strip()).matches() ->
          new BigDecimal(s.strip().replaceAll("\\s+", "").replaceFirst("^\\+", ""));
      default -> null;
    };
  }

  private static String describe(Object value) {
    return value instanceof String s ? "'" + s + "'" : FieldReaders.describe(value);
  }

  static String stripParens(String e) {
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
