package dev.ferry.engine.change;

import static dev.ferry.engine.change.SqlStatements.oneLine;

import dev.ferry.engine.core.FerryException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Ferry's dry run: the pending scripts run in one transaction on the target, with the catalog
 * snapshotted before and inside it, and everything rolled back — so what a change adds, alters or
 * drops, and where it fails, is seen on the real database without changing it.
 */
final class DryRunner {
  /**
   * The limits of a dry run's session when the DBA set none: it takes the real locks, so it gives
   * up soon rather than queue the application behind it.
   */
  static final String LOCK_TIMEOUT = "2s";

  static final String STATEMENT_TIMEOUT = "60s";

  private final ChangeTarget target;

  DryRunner(ChangeTarget target) {
    this.target = target;
  }

  /**
   * Runs the pending scripts up to {@code toVersion}; {@code limits} say how the session is set.
   */
  DryRun run(String toVersion, List<String> limits) throws SQLException {
    MigrationInfo[] pending = new FlywayRunner(target).pending(toVersion);
    List<DryRun.Script> scripts = new ArrayList<>();
    boolean ok = true;
    try (Connection c = target.open()) {
      c.setAutoCommit(false);
      CatalogSnapshot before = before(c, limits);
      for (MigrationInfo m : pending) {
        if (!ok) {
          break;
        }
        DryRun.Script s = script(c, m);
        scripts.add(s);
        ok = s.error() == null;
      }
      List<CatalogSnapshot.Change> changes = List.of();
      if (ok) {
        changes = before.diff(CatalogSnapshot.take(c, List.of(target.schema())));
      }
      c.rollback();
      return new DryRun(limits, scripts, changes, ok);
    }
  }

  /** The catalog before the scripts; reading it waits for locks a running change holds. */
  private CatalogSnapshot before(Connection c, List<String> limits) throws SQLException {
    try {
      return CatalogSnapshot.take(c, List.of(target.schema()));
    } catch (SQLException e) {
      if (waited(e).isEmpty()) {
        throw e;
      }
      throw new FerryException(
          "The dry run ran no script: reading the catalog of schema "
              + target.schema()
              + " failed, "
              + FerryException.describe(e)
              + waited(e)
              + "; session: "
              + String.join(", ", limits),
          e);
    }
  }

  /** Runs one script's statements inside the open transaction, up to the first error. */
  private static DryRun.Script script(Connection c, MigrationInfo m) {
    String sql = SqlStatements.read(Path.of(m.getPhysicalLocation()));
    List<String> notes = new ArrayList<>();
    int n = 0;
    String error = null;
    for (String statement : SqlStatements.split(sql)) {
      Optional<String> run = runnable(statement, notes);
      if (run.isEmpty()) {
        continue;
      }
      try {
        ranCommitting(c, run.get(), notes);
        n++;
      } catch (SQLException e) {
        error = FerryException.describe(e) + waited(e) + " in: " + oneLine(statement);
        break;
      }
    }
    return new DryRun.Script(
        m.getVersion() == null ? null : m.getVersion().getVersion(),
        m.getScript(),
        n,
        notes,
        error);
  }

  /**
   * Runs a statement inside the dry run's transaction. A DO block or procedure that commits as it
   * goes (seed 002's batched backfill, in a script with {@code executeInTransaction=false}) cannot
   * commit there (SQLSTATE 2D000): it runs again without its COMMITs, so its effect shows in the
   * dry run and is rolled back with the rest, and a note says so.
   */
  private static void ranCommitting(Connection c, String sql, List<String> notes)
      throws SQLException {
    java.sql.Savepoint before = c.setSavepoint();
    try (Statement st = c.createStatement()) {
      st.execute(sql);
      c.releaseSavepoint(before);
      return;
    } catch (SQLException e) {
      c.rollback(before);
      if (!"2D000".equals(dev.ferry.engine.core.SqlStates.of(e)) || !COMMIT.matcher(sql).find()) {
        throw e;
      }
    }
    try (Statement st = c.createStatement()) {
      st.execute(COMMIT.matcher(sql).replaceAll(""));
    }
    notes.add(
        "commits as it goes: "
            + oneLine(sql)
            + " — the dry run ran it with its COMMITs left out, inside its own transaction, to"
            + " show its effect; for real it runs outside a transaction (executeInTransaction="
            + "false in the script's .conf) and commits each batch");
  }

  /** A COMMIT inside a PL/pgSQL body (with its AND [NO] CHAIN). */
  private static final java.util.regex.Pattern COMMIT =
      java.util.regex.Pattern.compile("(?i)\\bCOMMIT(\\s+AND(\\s+NO)?\\s+CHAIN)?\\s*;");

  /** What a lock or statement timeout means for the DBA; empty for any other error. */
  private static String waited(SQLException e) {
    return switch (String.valueOf(e.getSQLState())) {
      case "55P03" ->
          " (another session holds a lock this statement needs; the dry run gave up at the lock"
              + " timeout rather than queue the application behind it)";
      case "57014" -> " (the statement ran longer than the statement timeout)";
      default -> "";
    };
  }

  /**
   * The statement as the dry run can run it inside its transaction, noting what it had to change;
   * empty when it cannot run there at all.
   */
  private static Optional<String> runnable(String statement, List<String> notes) {
    if (!SqlStatements.nonTransactional(statement)) {
      return Optional.of(statement);
    }
    String norm = SqlStatements.normalized(statement);
    if (norm.contains("CONCURRENTLY") && norm.contains("INDEX")) {
      notes.add(
          "cannot run in a transaction: "
              + oneLine(statement)
              + " — the dry run built it without CONCURRENTLY to show its effect; for real"
              + " it runs outside a transaction (put it in a script of its own; Flyway then"
              + " runs that script without one)");
      return Optional.of(statement.replaceFirst("(?i)\\s+CONCURRENTLY\\b", ""));
    }
    notes.add("cannot run in a transaction, not run by the dry run: " + oneLine(statement));
    return Optional.empty();
  }
}
