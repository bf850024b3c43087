package dev.ferry.engine.change;

import dev.ferry.engine.core.FerryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits a PostgreSQL script into statements at top-level semicolons, respecting quoted strings,
 * quoted identifiers, dollar-quoted bodies and comments.
 */
final class SqlStatements {
  /** A table name as a statement writes it, optionally schema-qualified, quoted or not. */
  static final String TABLE_NAME =
      "((?:\"[^\"]+\"|[A-Za-z0-9_$]+)(?:\\.(?:\"[^\"]+\"|[A-Za-z0-9_$]+))?)";

  /** Statements PostgreSQL refuses inside a transaction block. */
  private static final Pattern NON_TRANSACTIONAL =
      Pattern.compile(
          "^(CREATE (UNIQUE )?INDEX CONCURRENTLY|DROP INDEX CONCURRENTLY|REINDEX .*CONCURRENTLY"
              + "|VACUUM|CREATE DATABASE|DROP DATABASE|ALTER SYSTEM|CREATE TABLESPACE|DROP TABLESPACE"
              + "|CLUSTER$)");

  private SqlStatements() {}

  /** Whether PostgreSQL refuses the statement inside a transaction block. */
  static boolean nonTransactional(String statement) {
    return NON_TRANSACTIONAL.matcher(normalized(statement)).find();
  }

  /** The statement on one line, clipped, for a message. */
  static String oneLine(String s) {
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() > 160 ? t.substring(0, 157) + "…" : t;
  }

  /** A script's text, or the DBA's error naming the file. */
  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FerryException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The table of a {@link #TABLE_NAME} without its schema, as PostgreSQL stores it: unquoted names
   * folded to lower case, quoted ones as written.
   */
  static String bareName(String name) {
    var m = Pattern.compile("(\"[^\"]+\"|[A-Za-z0-9_$]+)$").matcher(name);
    String last = m.find() ? m.group(1) : name;
    return last.startsWith("\"")
        ? last.substring(1, last.length() - 1)
        : last.toLowerCase(Locale.ROOT);
  }

  static List<String> split(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        cur.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        cur.append(sql, i, end);
        i = end;
      } else if (c == '\'' || c == '"') {
        int end = i + 1;
        while (end < n) {
          if (sql.charAt(end) == c) {
            if (end + 1 < n && sql.charAt(end + 1) == c) {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        end = Math.min(n, end + 1);
        cur.append(sql, i, end);
        i = end;
      } else if (c == '$') {
        int close = sql.indexOf('$', i + 1);
        String tag = close > 0 ? sql.substring(i, close + 1) : null;
        if (tag != null && tag.matches("\\$[A-Za-z_]*\\$")) {
          int end = sql.indexOf(tag, close + 1);
          end = end < 0 ? n : end + tag.length();
          cur.append(sql, i, end);
          i = end;
        } else {
          cur.append(c);
          i++;
        }
      } else if (c == ';') {
        add(out, cur);
        cur.setLength(0);
        i++;
      } else {
        cur.append(c);
        i++;
      }
    }
    add(out, cur);
    return out;
  }

  private static void add(List<String> out, StringBuilder s) {
    String t = s.toString().strip();
    // a statement made only of comments is not one
    String code = t.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)--.*$", "").strip();
    if (!code.isEmpty()) {
      out.add(t);
    }
  }

  /** The statement without comments, upper case, one space between words: for pattern checks. */
  static String normalized(String statement) {
    return flat(statement).toUpperCase(Locale.ROOT);
  }

  /** The statement without comments and with one space between words, in its own case. */
  static String flat(String statement) {
    return statement
        .replaceAll("(?s)/\\*.*?\\*/", " ")
        .replaceAll("(?m)--.*$", " ")
        .replaceAll("\\s+", " ")
        .strip();
  }
}
