package dev.ferry.engine.connect;

import java.util.Locale;

/** The database products Ferry reads from (all of them) and writes to (PostgreSQL). */
public enum DatabaseKind {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql"),
  MYSQL("mysql");

  private final String id;

  DatabaseKind(String id) {
    this.id = id;
  }

  /** The short name used in plan files and cast-rule tables. */
  public String id() {
    return id;
  }

  /** Recognises the product from a JDBC URL ({@code jdbc:sqlite:}, {@code jdbc:postgresql:}, …). */
  public static DatabaseKind ofJdbcUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
      return MYSQL;
    }
    throw new IllegalArgumentException(
        "Unsupported connection URL '"
            + Redaction.strip(url)
            + "': use jdbc:sqlite:/path/file.db, jdbc:postgresql://host:port/db or"
            + " jdbc:mariadb://host:port/db");
  }

  public static DatabaseKind ofId(String id) {
    for (DatabaseKind k : values()) {
      if (k.id.equalsIgnoreCase(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("Unknown database kind: " + id);
  }
}
