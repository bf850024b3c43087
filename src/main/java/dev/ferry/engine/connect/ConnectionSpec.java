package dev.ferry.engine.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where a database is and how to log in to it. The password is kept apart from the URL as a {@link
 * Secret}, so {@link #url()} and {@link #toString()} are safe to log, journal and save.
 *
 * <p>Accepted forms: a JDBC URL ({@code jdbc:sqlite:/path/file.db}, {@code
 * jdbc:postgresql://host:port/db?user=…}, {@code jdbc:mariadb://…}, {@code jdbc:mysql://…}), a
 * libpq keyword string ({@code host=… port=… dbname=… user=… password=… sslmode=…}) or a libpq URI
 * ({@code postgresql://user@host:port/db?sslmode=…}). For PostgreSQL, fields left out are taken
 * from {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}; the
 * driver reads {@code ~/.pgpass} when no password is known.
 */
public record ConnectionSpec(
    DatabaseKind kind, String url, String user, Secret password, String name) {
  /**
   * Whether Ferry can write to this database: the target of a migration and of schema changes is
   * always a PostgreSQL.
   */
  public boolean canBeTarget() {
    return kind == DatabaseKind.POSTGRESQL;
  }

  /**
   * Whether the server runs on this machine: the host in {@code url} (a JDBC URL) is a loopback
   * name or address (an IPv6 one in brackets). A URL without a host (a socket, a default) does not
   * say so.
   */
  public static boolean onThisMachine(String url) {
    var m = HOST.matcher(url == null ? "" : url);
    String host = !m.find() ? "" : m.group(1) != null ? m.group(1) : m.group(2);
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  private static final Pattern HOST = Pattern.compile("//(?:\\[([^\\]/]+)\\]|([^/:?\\[]+))");

  /** Whether this database logs in with a password (a server; not a SQLite file). */
  public boolean takesPassword() {
    return kind != DatabaseKind.SQLITE;
  }

  public ConnectionSpec {
    if (Redaction.holdsPassword(url)) {
      throw new IllegalArgumentException(
          "A password must be given apart (a prompt, the environment or a password file), not in"
              + " the URL kept for "
              + name);
    }
  }

  /** Parses any accepted form, with PostgreSQL's environment variables as defaults. */
  public static ConnectionSpec parse(String text) {
    return parse(text, System.getenv());
  }

  public static ConnectionSpec parse(String text, Map<String, String> env) {
    String t = text.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
      return fromLibpqUri(t, env);
    }
    if (lower.startsWith("mysql://") || lower.startsWith("mariadb://")) {
      t = "jdbc:mariadb:" + t.substring(t.indexOf(':') + 1);
    } else if (!lower.startsWith("jdbc:") && t.contains("=")) {
      return fromLibpqKeywords(t, env);
    }
    if (!t.startsWith("jdbc:") && (t.endsWith(".db") || t.endsWith(".sqlite") || isFile(t))) {
      t = "jdbc:sqlite:" + t;
    }
    DatabaseKind kind = DatabaseKind.ofJdbcUrl(t);
    return switch (kind) {
      case SQLITE -> sqlite(Path.of(t.substring("jdbc:sqlite:".length())));
      case POSTGRESQL -> fromJdbc(kind, t, env);
      case MYSQL -> fromJdbc(kind, t.replaceFirst("(?i)^jdbc:mysql:", "jdbc:mariadb:"), env);
    };
  }

  private static boolean isFile(String text) {
    try {
      return Files.exists(Path.of(text));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  public static ConnectionSpec sqlite(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    String stem = abs.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    return new ConnectionSpec(DatabaseKind.SQLITE, "jdbc:sqlite:" + abs, null, Secret.none(), stem);
  }

  /** Builds a PostgreSQL spec from libpq-style fields; {@code null} fields fall back to PG* env. */
  public static ConnectionSpec postgres(
      String host,
      Integer port,
      String dbname,
      String user,
      Secret password,
      String sslmode,
      Map<String, String> env) {
    String h = firstNonBlank(host, env.get("PGHOST"), "localhost");
    String p = port != null ? port.toString() : firstNonBlank(env.get("PGPORT"), "5432");
    String u = firstNonBlank(user, env.get("PGUSER"), System.getProperty("user.name"));
    String d = firstNonBlank(dbname, env.get("PGDATABASE"), u);
    Secret pw =
        password != null && password.isPresent() ? password : Secret.of(env.get("PGPASSWORD"));
    String ssl = firstNonBlank(sslmode, env.get("PGSSLMODE"), null);
    if (h.startsWith("/")) {
      throw new IllegalArgumentException(
          "Unix-socket host '" + h + "' is not supported by the JDBC driver: use host=127.0.0.1");
    }
    StringBuilder url = new StringBuilder("jdbc:postgresql://");
    url.append(h.contains(":") ? "[" + h + "]" : h)
        .append(':')
        .append(p)
        .append('/')
        .append(enc(d));
    url.append("?user=").append(enc(u));
    if (ssl != null) {
      url.append("&sslmode=").append(enc(ssl));
    }
    return new ConnectionSpec(DatabaseKind.POSTGRESQL, url.toString(), u, pw, d);
  }

  private static final List<String> LIBPQ_KEYWORDS =
      List.of("host", "port", "dbname", "user", "password", "sslmode");

  private static ConnectionSpec fromLibpqKeywords(String text, Map<String, String> env) {
    Map<String, String> kv = new LinkedHashMap<>();
    // the whole text must be key=value pairs: anything else is a mistake, never skipped (skipping
    // it would connect to libpq's defaults — another server, another database)
    var m =
        Pattern.compile("\\G\\s*(\\w+)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|[^\\s']*)\\s*").matcher(text);
    int end = 0;
    while (end < text.length() && m.find()) {
      String key = m.group(1).toLowerCase(Locale.ROOT);
      if (!LIBPQ_KEYWORDS.contains(key)) {
        throw new IllegalArgumentException(
            "The connection keyword '"
                + key
                + "' is not one Ferry passes on (it reads "
                + String.join(", ", LIBPQ_KEYWORDS)
                + "): use a jdbc:postgresql:// URL with the driver's parameter instead");
      }
      String v = m.group(2);
      if (v.startsWith("'")) {
        v = v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
      }
      kv.put(key, v);
      end = m.end();
    }
    if (end < text.length() || kv.isEmpty()) {
      throw new IllegalArgumentException(
          "Not a connection: expected a URL (jdbc:sqlite:…, jdbc:postgresql://…, jdbc:mariadb://…,"
              + " postgresql://…) or libpq key=value pairs, and cannot read it from position "
              + (end + 1)
              + " on");
    }
    return postgres(
        kv.get("host"),
        kv.containsKey("port") ? Integer.valueOf(kv.get("port")) : null,
        kv.get("dbname"),
        kv.get("user"),
        Secret.of(kv.get("password")),
        kv.get("sslmode"),
        env);
  }

  private static ConnectionSpec fromLibpqUri(String text, Map<String, String> env) {
    Redaction.UserInfo info = Redaction.userInfo(text);
    String user = info == null || info.user().isEmpty() ? null : dec(info.user());
    Secret pw = info == null ? Secret.none() : Secret.of(decOrNull(info.password()));
    URI uri;
    try {
      uri = new URI(info == null ? text : info.rest());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Cannot read the connection URI '"
              + Redaction.strip(text)
              + "': "
              + e.getReason()
              + " at character "
              + (e.getIndex() + 1));
    }
    Map<String, String> q = query(uri.getRawQuery());
    String db =
        uri.getPath() == null || uri.getPath().length() <= 1 ? null : uri.getPath().substring(1);
    return postgres(
        uri.getHost(),
        uri.getPort() > 0 ? uri.getPort() : null,
        db,
        firstNonBlank(q.get("user"), user, null),
        q.containsKey("password") ? Secret.of(q.get("password")) : pw,
        q.get("sslmode"),
        env);
  }

  private static ConnectionSpec fromJdbc(DatabaseKind kind, String text, Map<String, String> env) {
    // user:password@ in the URL: the drivers do not all read it, and the password must not stay
    Redaction.UserInfo info = Redaction.userInfo(text);
    String url = info == null ? text : info.rest();
    int qm = url.indexOf('?');
    String base = qm < 0 ? url : url.substring(0, qm);
    Map<String, String> q = query(qm < 0 ? null : url.substring(qm + 1));
    Secret pw = Secret.of(q.remove("password"));
    if (info != null) {
      if (!info.user().isEmpty() && !q.containsKey("user")) {
        Map<String, String> withUser = new LinkedHashMap<>();
        withUser.put("user", dec(info.user()));
        withUser.putAll(q);
        q = withUser;
      }
      if (!pw.isPresent()) {
        pw = Secret.of(decOrNull(info.password()));
      }
    }
    String user = q.get("user");
    if (kind == DatabaseKind.MYSQL && !pw.isPresent()) {
      MysqlOptionFile options = MysqlOptionFile.of(env);
      if (user == null && options.user() != null) {
        user = options.user();
        q.put("user", user);
      }
      pw = options.password().isPresent() ? options.password() : Secret.of(env.get("MYSQL_PWD"));
    }
    if (kind == DatabaseKind.POSTGRESQL) {
      if (user == null && env.get("PGUSER") != null) {
        user = env.get("PGUSER");
        q.put("user", user);
      }
      if (!pw.isPresent()) {
        pw = Secret.of(env.get("PGPASSWORD"));
      }
    }
    StringBuilder clean = new StringBuilder(base);
    char sep = '?';
    for (var e : q.entrySet()) {
      clean.append(sep).append(e.getKey()).append('=').append(enc(e.getValue()));
      sep = '&';
    }
    String path = base.replaceFirst("^jdbc:[a-z]+:(//[^/]*)?/?", "");
    String name = path.isEmpty() ? (user == null ? kind.id() : user) : dec(path);
    return new ConnectionSpec(kind, clean.toString(), user, pw, name);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String part : raw.split("[&;]")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      q.put(dec(eq < 0 ? part : part.substring(0, eq)), eq < 0 ? "" : dec(part.substring(eq + 1)));
    }
    return q;
  }

  /** This connection with a password typed apart from the URL; itself when none was typed. */
  public ConnectionSpec withPassword(String typed) {
    return typed == null || typed.isEmpty()
        ? this
        : new ConnectionSpec(kind, url, user, Secret.of(typed), name);
  }

  /** The same PostgreSQL server, user and settings, another database on it. */
  public ConnectionSpec withDatabase(String database) {
    if (kind != DatabaseKind.POSTGRESQL) {
      throw new IllegalArgumentException("only a PostgreSQL connection names another database");
    }
    var m = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$").matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot tell the database in " + url);
    }
    return new ConnectionSpec(
        kind, m.group(1) + enc(database) + m.group(3), user, password, database);
  }

  /** Opens a connection for writing (targets) or general use. */
  public Connection open() throws SQLException {
    return DriverManager.getConnection(url, properties(false));
  }

  /**
   * Opens a connection that cannot change the source: SQLite files are opened read-only (and a
   * missing file is an error instead of a new empty database).
   */
  public Connection openReadOnly() throws SQLException {
    if (kind == DatabaseKind.SQLITE) {
      Path file = Path.of(url.substring("jdbc:sqlite:".length()));
      if (!Files.isRegularFile(file)) {
        throw new SQLException("SQLite file not found: " + file, "08001");
      }
    }
    Connection c = DriverManager.getConnection(url, properties(true));
    if (kind != DatabaseKind.SQLITE) {
      c.setReadOnly(true);
    }
    return c;
  }

  private Properties properties(boolean readOnly) {
    Properties p = new Properties();
    if (password.isPresent()) {
      p.setProperty("password", password.reveal());
    }
    switch (kind) {
      case SQLITE -> {
        if (readOnly) {
          p.setProperty("open_mode", "1");
        }
      }
      case POSTGRESQL -> {
        p.setProperty("ApplicationName", "ferry");
        p.setProperty("reWriteBatchedInserts", "true");
        if (!url.contains("loginTimeout=")) {
          // a server that accepts the TCP connection but never answers must not hang Ferry
          p.setProperty("loginTimeout", "30");
        }
      }
      case MYSQL -> {
        if (!url.contains("user=") && user != null) {
          p.setProperty("user", user);
        }
      }
    }
    return p;
  }

  @Override
  public String toString() {
    return url;
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decOrNull(String s) {
    return s == null ? null : dec(s);
  }

  private static String dec(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // a '%' typed raw (in a password, say): the text as written, and no message that echoes it
      return s;
    }
  }
}
