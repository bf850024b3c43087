package dev.ferry.engine.connect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Opens a connection and reports what a DBA checks first. */
public final class ConnectionTester {
  private ConnectionTester() {}

  public static ConnectionCheck test(ConnectionSpec spec, String schema) throws SQLException {
    try (Connection c =
        spec.kind() == DatabaseKind.POSTGRESQL ? spec.open() : spec.openReadOnly()) {
      return switch (spec.kind()) {
        case POSTGRESQL -> postgres(spec, c, schema == null ? "public" : schema);
        case MYSQL -> mysql(spec, c);
        case SQLITE -> sqlite(spec, c);
      };
    } catch (SQLException e) {
      if (spec.kind() != DatabaseKind.SQLITE) {
        throw e;
      }
      // the driver's message does not say which file
      throw new SQLException(
          spec.url().substring("jdbc:sqlite:".length()) + ": " + e.getMessage(),
          e.getSQLState(),
          e);
    }
  }

  private static ConnectionCheck postgres(ConnectionSpec spec, Connection c, String schema)
      throws SQLException {
    String sql =
        "SELECT current_setting('server_version'), current_user,"
            + " pg_encoding_to_char(d.encoding),"
            + " n.oid IS NOT NULL,"
            + " CASE WHEN n.oid IS NULL THEN has_database_privilege(current_database(), 'CREATE')"
            + " ELSE has_schema_privilege(n.oid, 'CREATE') END"
            + " FROM pg_database d LEFT JOIN pg_namespace n ON n.nspname = ?"
            + " WHERE d.datname = current_database()";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new ConnectionCheck(
            spec.url(),
            "PostgreSQL " + rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            schema,
            rs.getBoolean(4),
            rs.getBoolean(5));
      }
    }
  }

  private static ConnectionCheck mysql(ConnectionSpec spec, Connection c) throws SQLException {
    try (var st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version(), current_user(), @@character_set_database, database()")) {
      rs.next();
      return new ConnectionCheck(
          spec.url(),
          "MySQL/MariaDB " + rs.getString(1),
          rs.getString(2),
          rs.getString(3),
          rs.getString(4),
          true,
          false);
    }
  }

  private static ConnectionCheck sqlite(ConnectionSpec spec, Connection c) throws SQLException {
    try (var st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT sqlite_version(), (SELECT encoding FROM pragma_encoding)")) {
      rs.next();
      return new ConnectionCheck(
          spec.url(),
          "SQLite " + rs.getString(1),
          System.getProperty("user.name"),
          rs.getString(2),
          "main",
          true,
          false);
    }
  }
}
