package dev.ferry.engine.dialect.sqlite;

import dev.ferry.engine.catalog.CheckConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads pieces SQLite keeps only as SQL text: CHECK constraints in CREATE TABLE, the WHERE clause
 * of a partial index and the expressions of an expression index. Skips string literals, quoted
 * identifiers and comments, so a "check" inside a string is not taken for a constraint.
 */
final class SqlText {
  private SqlText() {}

  static List<CheckConstraint> checks(String createTable) {
    List<CheckConstraint> out = new ArrayList<>();
    if (createTable == null) {
      return out;
    }
    String masked = mask(createTable);
    String upper = masked.toUpperCase(Locale.ROOT);
    int from = 0;
    while (true) {
      int at = indexOfWord(upper, "CHECK", from);
      if (at < 0) {
        return out;
      }
      int open = upper.indexOf('(', at);
      if (open < 0 || !upper.substring(at + 5, open).isBlank()) {
        from = at + 5;
        continue;
      }
      int close = matching(masked, open);
      String name = constraintNameBefore(createTable, masked, at);
      out.add(new CheckConstraint(name, createTable.substring(open + 1, close).strip()));
      from = close + 1;
    }
  }

  /** The text after the top-level WHERE of a CREATE INDEX, or null. */
  static String wherePredicate(String createIndex) {
    if (createIndex == null) {
      return null;
    }
    String masked = mask(createIndex);
    int depth = 0;
    String upper = masked.toUpperCase(Locale.ROOT);
    for (int i = 0; i < masked.length(); i++) {
      char ch = masked.charAt(i);
      if (ch == '(') {
        depth++;
      } else if (ch == ')') {
        depth--;
      } else if (depth == 0 && upper.startsWith("WHERE", i) && isWordAt(upper, i, 5)) {
        return createIndex.substring(i + 5).strip();
      }
    }
    return null;
  }

  /** The comma-separated items inside the first top-level parentheses after ON table. */
  static List<String> indexItems(String createIndex) {
    String masked = mask(createIndex);
    int on = indexOfWord(masked.toUpperCase(Locale.ROOT), "ON", 0);
    int open = masked.indexOf('(', on);
    int close = matching(masked, open);
    List<String> items = new ArrayList<>();
    int depth = 0;
    int start = open + 1;
    for (int i = open + 1; i < close; i++) {
      char ch = masked.charAt(i);
      if (ch == '(') {
        depth++;
      } else if (ch == ')') {
        depth--;
      } else if (ch == ',' && depth == 0) {
        items.add(createIndex.substring(start, i).strip());
        start = i + 1;
      }
    }
    items.add(createIndex.substring(start, close).strip());
    return items;
  }

  /** Replaces the content of literals, quoted names and comments by spaces, keeping positions. */
  static String mask(String sql) {
    char[] c = sql.toCharArray();
    int i = 0;
    while (i < c.length) {
      char ch = c[i];
      if (ch == '\'' || ch == '"' || ch == '`' || ch == '[') {
        char end = ch == '[' ? ']' : ch;
        int j = i + 1;
        while (j < c.length) {
          if (c[j] == end) {
            if (end != ']' && j + 1 < c.length && c[j + 1] == end) {
              c[j] = ' ';
              c[j + 1] = ' ';
              j += 2;
              continue;
            }
            break;
          }
          c[j] = c[j] == '(' || c[j] == ')' || Character.isLetter(c[j]) ? ' ' : c[j];
          j++;
        }
        i = j + 1;
      } else if (ch == '-' && i + 1 < c.length && c[i + 1] == '-') {
        while (i < c.length && c[i] != '\n') {
          c[i++] = ' ';
        }
      } else if (ch == '/' && i + 1 < c.length && c[i + 1] == '*') {
        while (i < c.length && !(c[i] == '*' && i + 1 < c.length && c[i + 1] == '/')) {
          c[i++] = ' ';
        }
        if (i + 1 < c.length) {
          c[i++] = ' ';
          c[i++] = ' ';
        }
      } else {
        i++;
      }
    }
    return new String(c);
  }

  private static int matching(String masked, int open) {
    int depth = 0;
    for (int i = open; i < masked.length(); i++) {
      if (masked.charAt(i) == '(') {
        depth++;
      } else if (masked.charAt(i) == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses in: " + masked);
  }

  private static int indexOfWord(String upper, String word, int from) {
    int i = upper.indexOf(word, from);
    while (i >= 0 && !isWordAt(upper, i, word.length())) {
      i = upper.indexOf(word, i + 1);
    }
    return i;
  }

  private static boolean isWordAt(String s, int i, int len) {
    boolean before =
        i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)) && s.charAt(i - 1) != '_';
    boolean after =
        i + len >= s.length()
            || !Character.isLetterOrDigit(s.charAt(i + len)) && s.charAt(i + len) != '_';
    return before && after;
  }

  private static String constraintNameBefore(String sql, String masked, int checkAt) {
    String head = masked.substring(0, checkAt).stripTrailing();
    String upperHead = head.toUpperCase(Locale.ROOT);
    // "... CONSTRAINT name CHECK (...)": the name is the token just before CHECK
    int nameEnd = head.length();
    int nameStart = nameEnd;
    while (nameStart > 0
        && !Character.isWhitespace(head.charAt(nameStart - 1))
        && head.charAt(nameStart - 1) != ','
        && head.charAt(nameStart - 1) != '(') {
      nameStart--;
    }
    String before = upperHead.substring(0, nameStart).stripTrailing();
    if (nameStart < nameEnd && before.endsWith("CONSTRAINT")) {
      String raw = sql.substring(nameStart, nameEnd);
      return unquote(raw);
    }
    return null;
  }

  static String unquote(String raw) {
    if (raw.length() >= 2) {
      char a = raw.charAt(0);
      char b = raw.charAt(raw.length() - 1);
      if ((a == '"' && b == '"') || (a == '`' && b == '`')) {
        return raw.substring(1, raw.length() - 1).replace(String.valueOf(a) + a, String.valueOf(a));
      }
      if (a == '[' && b == ']') {
        return raw.substring(1, raw.length() - 1);
      }
    }
    return raw;
  }
}
