package dev.ferry.engine.change;

import static dev.ferry.engine.change.SqlStatements.oneLine;

import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.dialect.Identifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Undo back to a version: the {@code U<version>__*.sql} scripts run newest first, each with the
 * removal of its version from Flyway's history table in the same transaction, so Flyway's info and
 * validate stay consistent. Staged (seed 002's staged rollback), the tables the undone versions
 * created move with their rows into a new {@code rollback_backup_<time>} schema instead of being
 * dropped.
 */
final class UndoRunner {
  private static final Pattern CREATE_TABLE =
      Pattern.compile(
          "^CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?" + SqlStatements.TABLE_NAME,
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DROP_TABLE =
      Pattern.compile(
          "^DROP TABLE (?:IF EXISTS )?" + SqlStatements.TABLE_NAME, Pattern.CASE_INSENSITIVE);

  private final ChangeTarget target;
  private final FlywayRunner flyway;

  UndoRunner(ChangeTarget target) {
    this.target = target;
    this.flyway = new FlywayRunner(target);
  }

  /**
   * The undo scripts back to {@code toVersion}, newest first; refuses (before anything runs) when
   * an applied version above it has no {@code U<version>__*.sql}.
   */
  UndoPlan plan(String toVersion) {
    List<String> out = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (MigrationInfo m : flyway.appliedAbove(toVersion)) {
      String v = m.getVersion().getVersion();
      Path u = undoScript(v);
      if (u == null) {
        missing.add(
            "no undo script for version "
                + v
                + " ("
                + m.getScript()
                + "): add U"
                + v
                + "__"
                + m.getDescription().replace(' ', '_')
                + ".sql");
      } else {
        out.add(u.getFileName().toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new FerryException(
          "Cannot undo to version " + toVersion + ":\n  - " + String.join("\n  - ", missing));
    }
    return new UndoPlan(toVersion, out);
  }

  /** Runs the undo back to {@code toVersion}; staged, the new tables go to a backup schema. */
  Undo run(String toVersion, boolean staged) throws SQLException {
    plan(toVersion);
    String backupSchema = null;
    Set<String> moved = new HashSet<>();
    if (staged) {
      backupSchema =
          "rollback_backup_"
              + LocalDateTime.now(ZoneOffset.UTC)
                  .format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
      moved = moveCreatedTables(toVersion, backupSchema);
    }
    List<UndoStep> done = new ArrayList<>();
    for (MigrationInfo m : flyway.appliedAbove(toVersion)) {
      done.add(undoVersion(m.getVersion().getVersion(), backupSchema, moved));
    }
    return new Undo(done, backupSchema);
  }

  /** Moves the tables the versions above {@code toVersion} created into the backup schema. */
  private Set<String> moveCreatedTables(String toVersion, String backupSchema) throws SQLException {
    Set<String> moved = new HashSet<>();
    try (Connection c = target.open();
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("CREATE SCHEMA " + Identifiers.quote(backupSchema));
      for (MigrationInfo m : flyway.appliedAbove(toVersion)) {
        for (String t : createdTables(Path.of(m.getPhysicalLocation()))) {
          if (!exists(c, t)) {
            continue;
          }
          st.execute(
              "ALTER TABLE "
                  + Identifiers.qualified(target.schema(), t)
                  + " SET SCHEMA "
                  + Identifiers.quote(backupSchema));
          moved.add(t);
        }
      }
      c.commit();
    }
    return moved;
  }

  private boolean exists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, Identifiers.qualified(target.schema(), table));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Runs one version's undo script and removes its history row — in one transaction, unless the
   * script holds statements that cannot run in one; then statement by statement.
   */
  private UndoStep undoVersion(String v, String backupSchema, Set<String> moved)
      throws SQLException {
    Path u = undoScript(v);
    List<String> statements = SqlStatements.split(SqlStatements.read(u));
    List<String> notes = new ArrayList<>();
    boolean transactional = statements.stream().noneMatch(SqlStatements::nonTransactional);
    try (Connection c = target.open()) {
      c.setAutoCommit(!transactional);
      try (Statement st = c.createStatement()) {
        for (String sql : statements) {
          var drop = DROP_TABLE.matcher(SqlStatements.flat(sql));
          if (drop.find() && moved.contains(SqlStatements.bareName(drop.group(1)))) {
            notes.add("kept in " + backupSchema + " instead: " + oneLine(sql));
            continue;
          }
          if (backupSchema != null
              && transactional
              && SqlStatements.normalized(sql).startsWith("DROP TYPE")) {
            keepTypeInUse(c, st, sql, notes);
            continue;
          }
          try {
            st.execute(sql);
          } catch (SQLException e) {
            throw new FerryException(
                "Undo of version "
                    + v
                    + " failed in "
                    + u.getFileName()
                    + ": "
                    + FerryException.describe(e)
                    + " in: "
                    + oneLine(sql)
                    + (transactional ? " (rolled back: version " + v + " is still applied)" : ""),
                e);
          }
        }
        String history = Identifiers.qualified(target.schema(), "flyway_schema_history");
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM " + history + " WHERE version = ?")) {
          ps.setString(1, v);
          ps.executeUpdate();
        }
      }
      if (transactional) {
        c.commit();
      }
    }
    return new UndoStep(v, u.getFileName().toString(), statements.size(), List.copyOf(notes));
  }

  /** A type the backed-up tables still use stays with them. */
  private static void keepTypeInUse(Connection c, Statement st, String sql, List<String> notes)
      throws SQLException {
    Savepoint sp = c.setSavepoint();
    try {
      st.execute(sql);
      c.releaseSavepoint(sp);
    } catch (SQLException e) {
      if (!"2BP01".equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(sp);
      notes.add("kept, the backed-up tables use it: " + oneLine(sql));
    }
  }

  /** Bare table names a migration script creates. */
  private static Set<String> createdTables(Path script) {
    Set<String> out = new LinkedHashSet<>();
    for (String st : SqlStatements.split(SqlStatements.read(script))) {
      var m = CREATE_TABLE.matcher(SqlStatements.flat(st));
      if (m.find()) {
        out.add(SqlStatements.bareName(m.group(1)));
      }
    }
    return out;
  }

  private Path undoScript(String version) {
    try (var files = Files.walk(target.folder())) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("U" + version + "__"))
          .filter(p -> p.getFileName().toString().endsWith(".sql"))
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      throw new FerryException("Cannot read " + target.folder() + ": " + e.getMessage(), e);
    }
  }
}
