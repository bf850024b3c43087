package dev.ferry.engine.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The user and password a MySQL/MariaDB client takes from {@code ~/.my.cnf}: the {@code [client]}
 * group, then {@code [client-mariadb]}, as the {@code mysql} and {@code mariadb} programs read them
 * ({@code key = value}, quotes optional, {@code #} and {@code ;} comments).
 */
record MysqlOptionFile(String user, Secret password) {
  private static final MysqlOptionFile EMPTY = new MysqlOptionFile(null, Secret.none());

  /** {@code $HOME/.my.cnf} of this environment (the JVM's home when it names none). */
  static MysqlOptionFile of(Map<String, String> env) {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return home == null ? EMPTY : read(Path.of(home, ".my.cnf"));
  }

  static MysqlOptionFile read(Path file) {
    if (!Files.isRegularFile(file)) {
      return EMPTY;
    }
    String user = null;
    String password = null;
    boolean inClient = false;
    try {
      for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
          continue;
        }
        if (line.startsWith("[")) {
          String group = line.replaceAll("^\\[\\s*|\\s*].*$", "").toLowerCase(Locale.ROOT);
          inClient = group.equals("client") || group.equals("client-mariadb");
          continue;
        }
        int eq = line.indexOf('=');
        if (!inClient || eq < 0) {
          continue;
        }
        String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT).replace('_', '-');
        String value = unquote(line.substring(eq + 1).strip());
        if (key.equals("user")) {
          user = value;
        } else if (key.equals("password")) {
          password = value;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the MySQL option file " + file, e);
    }
    return new MysqlOptionFile(user == null || user.isEmpty() ? null : user, Secret.of(password));
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && (v.charAt(0) == '"' || v.charAt(0) == '\'')
        && v.charAt(v.length() - 1) == v.charAt(0)) {
      return v.substring(1, v.length() - 1);
    }
    int comment = v.indexOf(" #");
    return comment < 0 ? v : v.substring(0, comment).strip();
  }
}
