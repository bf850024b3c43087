package dev.ferry.engine.dialect.sqlite;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQLite column's declared type as the cast rules read it. SQLite accepts any sequence of names
 * as a type, so {@code base} is that text lower-cased without quotes, without its {@code (n)} or
 * {@code (p,s)} and without MySQL-style words (unsigned, signed, zerofill, auto_increment): {@code
 * INT(11) UNSIGNED} → {@code int}, {@code "TEXT"} → {@code text}, {@code VARYING CHARACTER(255)} →
 * {@code varying character} with 255. The rules then map it by SQLite's affinity (contains INT →
 * integer, and so on), so a misspelled or multi-word type lands where SQLite itself puts it.
 */
record DeclaredType(String base, Integer first, Integer second, boolean unsigned) {
  private static final Pattern MODIFIERS =
      Pattern.compile("\\(\\s*([-+]?\\d+)\\s*(?:,\\s*([-+]?\\d+)\\s*)?\\)");
  private static final Pattern MYSQL_WORDS =
      Pattern.compile("\\b(unsigned|signed|zerofill|auto_increment)\\b");

  static DeclaredType parse(String declared) {
    String t = declared == null ? "" : declared.toLowerCase(Locale.ROOT);
    t = t.replaceAll("[\"`\\[\\]']", " ");
    Integer first = null;
    Integer second = null;
    Matcher m = MODIFIERS.matcher(t);
    if (m.find()) {
      first = number(m.group(1));
      second = number(m.group(2));
      t = t.substring(0, m.start()) + " " + t.substring(m.end());
    }
    boolean unsigned = t.matches(".*\\bunsigned\\b.*");
    t = MYSQL_WORDS.matcher(t).replaceAll(" ");
    return new DeclaredType(t.strip().replaceAll("\\s+", " "), first, second, unsigned);
  }

  /** A modifier as written, or null when absent or beyond any length PostgreSQL allows. */
  private static Integer number(String digits) {
    if (digits == null) {
      return null;
    }
    try {
      return Integer.valueOf(digits.replace("+", ""));
    } catch (NumberFormatException tooLarge) {
      return null;
    }
  }
}
