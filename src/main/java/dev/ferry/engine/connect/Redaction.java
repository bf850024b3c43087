package dev.ferry.engine.connect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes every password out of connection text as a DBA types it, before the text is saved, printed,
 * logged or put in a message: the password of {@code scheme://user:password@host} (JDBC or not,
 * percent-encoded or typed raw), {@code password=} (and {@code sslpassword=}, {@code
 * trustStorePassword=}, {@code pwd=}…) in a URL's query, in a libpq keyword string or in a MySQL
 * {@code (host=…,password=…)} address. What is left still names the same server, database and user,
 * so a saved URL works again once the password is given apart.
 *
 * <p>This is the one place that knows how a password hides in a URL; everything that shows text a
 * DBA typed as a connection goes through {@link #strip(String)}.
 */
public final class Redaction {
  /** {@code //user:}, where a URL's user info begins. */
  private static final Pattern USER_COLON = Pattern.compile("//([^/?#@:\\s]*):");

  /**
   * What follows the user info's {@code @}: a host (and port), then the path, query or next host.
   */
  private static final Pattern HOST = Pattern.compile("[^@/?#,]+(?:[/?#,]|$)");

  /** {@code //user@host}: a user name without a password. */
  private static final Pattern USER_ONLY = Pattern.compile("//([^/?#@:\\s]+)@");

  private static final Pattern PASSWORD_KEY =
      Pattern.compile("(?i)(^|[?&;,(\\s])(\\w*password\\d?|pwd)\\s*=\\s*");

  private Redaction() {}

  /** The text without any password it holds; {@code null} stays {@code null}. */
  public static String strip(String text) {
    if (text == null) {
      return null;
    }
    String t = text;
    UserInfo info = userInfo(t);
    if (info != null && info.password() != null) {
      t = info.rest().replaceFirst("//", "//" + Matcher.quoteReplacement(info.user()) + "@");
    }
    for (String before = null; !t.equals(before); ) {
      before = t;
      t = withoutFirstPasswordParameter(t);
    }
    return t;
  }

  /** Whether the text holds a password that {@link #strip(String)} would take out. */
  public static boolean holdsPassword(String text) {
    return text != null && !strip(text).equals(text);
  }

  private static String withoutFirstPasswordParameter(String t) {
    Matcher m = PASSWORD_KEY.matcher(t);
    if (!m.find()) {
      return t;
    }
    String sep = m.group(1);
    int end = valueEnd(t, m.end(), sep);
    String rest = t.substring(end);
    String kept = t.substring(0, m.start());
    return switch (sep) {
      case "?" ->
          kept + (rest.startsWith("&") || rest.startsWith(";") ? "?" + rest.substring(1) : rest);
      case "(" -> kept + "(" + (rest.startsWith(",") ? rest.substring(1) : rest);
      case "&", ";", "," -> kept + rest;
      default -> (kept + (kept.isEmpty() ? "" : sep) + rest.stripLeading()).strip();
    };
  }

  /** Where a password's value ends, by the kind of text it sits in. */
  private static int valueEnd(String t, int start, String sep) {
    if (sep.equals("?") || sep.equals("&") || sep.equals(";")) {
      return endAt(t, start, "&;#");
    }
    if (sep.equals("(") || sep.equals(",")) {
      return endAt(t, start, ",)");
    }
    // a libpq keyword string: a quoted value with backslash escapes, or up to a space
    if (start < t.length() && t.charAt(start) == '\'') {
      int i = start + 1;
      while (i < t.length() && t.charAt(i) != '\'') {
        i += t.charAt(i) == '\\' ? 2 : 1;
      }
      return Math.min(i + 1, t.length());
    }
    int i = start;
    while (i < t.length() && !Character.isWhitespace(t.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int endAt(String t, int start, String stops) {
    int i = start;
    while (i < t.length() && stops.indexOf(t.charAt(i)) < 0) {
      i++;
    }
    return i;
  }

  /**
   * The user and password of a URL's {@code //user:password@} part (password {@code null} when only
   * a user is given; the values as written, still percent-encoded), and the URL without that part;
   * {@code null} when the URL has none.
   */
  static UserInfo userInfo(String url) {
    Matcher m = USER_COLON.matcher(url);
    if (m.find() && !url.substring(m.end()).matches("(?s)\\d+(?:[/?#,].*)?")) {
      // the last '@' a host follows, unless it sits in a query value (?user=bob@server): a
      // password typed raw may hold '@', '/', '?' or '#'
      for (int at = url.lastIndexOf('@'); at >= m.end(); at = url.lastIndexOf('@', at - 1)) {
        String password = url.substring(m.end(), at);
        String afterSeparator = password.substring(lastSeparator(password) + 1);
        if (HOST.matcher(url).region(at + 1, url.length()).lookingAt()
            && (lastSeparator(password) < 0 || !afterSeparator.matches("(?s)\\w+=.*"))) {
          return new UserInfo(
              m.group(1), password, url.substring(0, m.start()) + "//" + url.substring(at + 1));
        }
      }
    }
    Matcher u = USER_ONLY.matcher(url);
    if (u.find()) {
      return new UserInfo(
          u.group(1), null, url.substring(0, u.start()) + "//" + url.substring(u.end()));
    }
    return null;
  }

  private static int lastSeparator(String s) {
    return Math.max(s.lastIndexOf('?'), Math.max(s.lastIndexOf('&'), s.lastIndexOf(';')));
  }

  /** What {@link #userInfo(String)} found: a user, perhaps a password, and the URL without both. */
  record UserInfo(String user, String password, String rest) {}
}
