package dev.ferry.engine.change;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.TrialRestore;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.journal.JournalEvent;
import dev.ferry.engine.journal.SignOff;
import dev.ferry.engine.perf.PerfComparison;
import dev.ferry.engine.perf.QueryTiming;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * A schema-change project under change control, as the console holds it: the approvals the project
 * asks for gate {@code migrate}; every migrate, undo, approval and backup is recorded in the
 * workspace's journal; and a report gathers the state, approvals, history, backups and verification
 * of the target. Each call goes to the {@link ChangeProject} of its {@link SchemaChanges} (with
 * their current limits), on this target and workspace.
 */
public final class ChangeControl {
  /** A required approval and, when given for the pending scripts, who gave it. */
  public record Approval(String role, SignOff given) {
    public boolean approved() {
      return given != null;
    }
  }

  private final ConnectionSpec target;
  private final SchemaChanges changes;
  private final Path workspace;

  /**
   * @param target the target of {@code changes}
   * @param changes the project, or null for a target without one (backups and history only)
   */
  public ChangeControl(ConnectionSpec target, SchemaChanges changes, Path workspace) {
    this.target = target;
    this.changes = changes;
    this.workspace = workspace;
  }

  /** The project on this target and workspace, with the limits {@code changes} has now. */
  private ChangeProject project() {
    ChangeConfiguration c =
        changes == null ? ChangeProject.configure() : changes.project().configuration();
    return c.target(target).workspace(workspace).load();
  }

  public SchemaChanges changes() {
    return changes;
  }

  public ConnectionSpec target() {
    return target;
  }

  public Path backupDir() {
    return project().targetBackups().dir();
  }

  /** The project's approvals and which are given for the pending scripts (up to {@code to}). */
  public List<Approval> approvals(String to) throws SQLException {
    return project().approvals(to);
  }

  /** The project's approvals as given for one set of scripts (a change id). */
  public List<Approval> approvalsFor(String changeId) throws SQLException {
    return project().approvalsFor(changeId);
  }

  /** Records an approval for the exact pending scripts; an edited script needs approving again. */
  public SignOff approve(String role, String operator, String note, String to) throws SQLException {
    return project().approve(role, operator, note, to);
  }

  /** The queries of the project's {@code perf/} folder. */
  public List<Path> perfQueries() {
    return project().perf().queries();
  }

  /** Times the perf/ queries now and keeps the timings as this target's baseline. */
  public List<QueryTiming> recordPerformanceBaseline() throws SQLException, IOException {
    return project().recordPerformanceBaseline().queries();
  }

  /** Times the perf/ queries now against the recorded baseline and their declared limits. */
  public List<PerfComparison> comparePerformance() throws SQLException, IOException {
    return project().comparePerformance().queries();
  }

  /** Applies the pending migrations once every approval is given; refuses otherwise. */
  public AppliedMigrations migrate(String to) throws SQLException {
    return project().migrate(to);
  }

  /**
   * Runs the undo scripts back to {@code to} in one transaction (staged: what the undone versions
   * created kept in a backup schema); on failure nothing changed ({@link UndoFailed}).
   */
  public Undo undo(String to, boolean staged) throws SQLException {
    Undo undo = project().undo(to, staged);
    changes.remember(undo);
    return undo;
  }

  /** Backs up the target with pg_dump into {@code dir} (null: the workspace's backups). */
  public Backup backup(Path dir) throws SQLException, IOException {
    return project().backup(dir);
  }

  public TrialRestore trialRestore(Backup b) throws SQLException, IOException {
    return project().trialRestore(b);
  }

  public void restore(Path backup) throws SQLException, IOException {
    project().restore(backup);
  }

  /** What restoring {@code backup} over the target drops and brings back, before it is done. */
  public String restorePlan(Path backup) throws SQLException, IOException {
    return dev.ferry.engine.backup.Backups.restorePlan(target(), backup);
  }

  /** The target database's name. */
  public String targetName() {
    return target().name();
  }

  /** This target's backups in the workspace, newest first. */
  public List<Backup> backups() throws IOException {
    return project().backups();
  }

  /** Everything recorded for this target's schema changes, oldest first. */
  public List<JournalEvent> history() throws SQLException {
    return project().history();
  }

  /** The state of the target and the project, gathered for a report. */
  public ChangeReport report(String to) throws SQLException, IOException {
    return project().report(to);
  }
}
