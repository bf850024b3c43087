package dev.ferry.engine.change;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.dialect.Identifiers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The target as every command of a project reaches it: Flyway configured on the folder and the
 * schema, and Ferry's own sessions in that schema — both with the same limits, so a dry run meets
 * the lock timeout the real run would.
 *
 * @param sessionSettings the {@code SET} statements every session starts with (empty: none)
 */
record ChangeTarget(ConnectionSpec spec, Path folder, String schema, String sessionSettings) {

  /**
   * The {@code SET} statements for the run's limits — PostgreSQL interval strings such as {@code
   * 5s} or {@code 10min}; null leaves the server's setting.
   */
  static String sessionSettings(String lockTimeout, String statementTimeout) {
    StringBuilder sb = new StringBuilder();
    if (lockTimeout != null) {
      sb.append("SET lock_timeout = ").append(literal(lockTimeout)).append(";");
    }
    if (statementTimeout != null) {
      sb.append("SET statement_timeout = ").append(literal(statementTimeout)).append(";");
    }
    return sb.toString();
  }

  private static String literal(String s) {
    if (!s.matches("\\d+\\s*(ms|s|min|h|d)?")) {
      throw new IllegalArgumentException("Not a timeout: '" + s + "' (examples: 500ms, 5s, 10min)");
    }
    return "'" + s.replace(" ", "") + "'";
  }

  /** This target with other session limits, e.g. the dry run's defaults where the DBA set none. */
  ChangeTarget withSessionSettings(String settings) {
    return new ChangeTarget(spec, folder, schema, settings);
  }

  /** A session on the target in the project's schema (as Flyway runs the scripts), with limits. */
  Connection open() throws SQLException {
    Connection c = spec.open();
    try (Statement st = c.createStatement()) {
      st.execute("SET search_path TO " + Identifiers.quote(schema) + ";" + sessionSettings);
    }
    return c;
  }

  /**
   * Which database this is, beyond its URL (a host name or port can change, a restore can land on
   * another server): the server's system identifier and the database's name.
   */
  String identity() throws SQLException {
    try (Connection c = spec.open();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT current_database(), system_identifier FROM pg_control_system()")) {
      rs.next();
      return "database " + rs.getString(1) + " (system identifier " + rs.getLong(2) + ")";
    }
  }

  /** Flyway on the folder, stopping at {@code toVersion} when given. */
  Flyway flyway(String toVersion) {
    var c =
        Flyway.configure()
            .dataSource(
                spec.url(),
                spec.user(),
                spec.password().isPresent() ? spec.password().reveal() : null)
            .locations("filesystem:" + folder)
            .schemas(schema)
            .defaultSchema(schema)
            .cleanDisabled(true)
            .initSql(sessionSettings.isEmpty() ? null : sessionSettings)
            // pending scripts are what info and migrate are for, not a validation error
            .ignoreMigrationPatterns("*:pending")
            // Flyway's default transactional advisory lock keeps a transaction open on its own
            // connection, and CREATE INDEX CONCURRENTLY then waits for it forever
            .configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
    if (toVersion != null) {
      c.target(MigrationVersion.fromVersion(toVersion));
    }
    return c.load();
  }
}
