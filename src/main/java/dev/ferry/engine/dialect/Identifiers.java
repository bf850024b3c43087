package dev.ferry.engine.dialect;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** PostgreSQL identifier handling for generated SQL: quoting, case folding, length limits. */
public final class Identifiers {
  /** PostgreSQL's NAMEDATALEN - 1. */
  public static final int MAX_BYTES = 63;

  private Identifiers() {}

  /** Double-quotes an identifier for PostgreSQL, doubling embedded quotes. */
  public static String quote(String identifier) {
    if (identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "identifier contains a NUL byte: " + identifier.replace('\0', '?'));
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** {@code "schema"."name"}. */
  public static String qualified(String schema, String name) {
    return schema == null ? quote(name) : quote(schema) + "." + quote(name);
  }

  /** The target name of a source identifier: lower-cased unless case is kept, at most 63 bytes. */
  public static String targetName(String source, boolean keepCase) {
    return fit(keepCase ? source : source.toLowerCase(Locale.ROOT));
  }

  /**
   * Shortens a name longer than PostgreSQL accepts, keeping it unique with a hash suffix
   * (PostgreSQL itself would silently truncate it, and two long names could collide).
   */
  public static String fit(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
      return name;
    }
    String suffix = "_" + Integer.toHexString(name.hashCode() & 0x7fffffff);
    StringBuilder sb = new StringBuilder();
    int budget = MAX_BYTES - suffix.length();
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      String ch = new String(Character.toChars(cp));
      if (sb.toString().getBytes(StandardCharsets.UTF_8).length
              + ch.getBytes(StandardCharsets.UTF_8).length
          > budget) {
        break;
      }
      sb.append(ch);
      i += Character.charCount(cp);
    }
    return sb + suffix;
  }

  /** A single-quoted SQL string literal (standard_conforming_strings on). */
  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
