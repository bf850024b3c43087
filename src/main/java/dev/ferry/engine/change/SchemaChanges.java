package dev.ferry.engine.change;

import dev.ferry.engine.connect.ConnectionSpec;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * A schema-change project (a folder of Flyway migrations) against one PostgreSQL target, without
 * change control: Flyway's own info, validate, migrate, baseline and repair, and Ferry's dry run,
 * risk analysis, undo and verification, nothing journaled. The console's changes area holds one
 * inside its {@link ChangeControl}; the command line uses the {@link ChangeProject} both delegate
 * to.
 */
public final class SchemaChanges {
  private ChangeProject project;
  private Undo lastUndo;

  public SchemaChanges(ConnectionSpec target, Path folder, String schema) {
    this.project =
        ChangeProject.configure().target(target).migrations(folder).schema(schema).load();
  }

  /**
   * Limits for every session this project opens (Flyway's and Ferry's): how long a statement may
   * wait for a lock before it gives up, and how long it may run — PostgreSQL interval strings such
   * as {@code 5s} or {@code 10min}; null leaves the server's setting.
   */
  public SchemaChanges timeouts(String lockTimeout, String statementTimeout) {
    project = project.configuration().timeouts(lockTimeout, statementTimeout).load();
    return this;
  }

  /** The project as configured here, for change control to add its workspace to. */
  ChangeProject project() {
    return project;
  }

  /** Every migration, applied or pending, with its state. */
  public List<MigrationRow> info() {
    return project.info().migrations();
  }

  /** Flyway's validation: applied scripts changed since (checksum), missing, failed. */
  public List<String> validate() {
    return project.validate().problems();
  }

  /** Applies the pending migrations (up to {@code toVersion} when given); returns their count. */
  public int migrate(String toVersion) {
    return project.flyway().migrate(toVersion);
  }

  public void baseline() {
    project.baseline();
  }

  public void repair() {
    project.repair();
  }

  /**
   * Runs the pending migrations (up to {@code toVersion}) in one transaction on the target, records
   * what each did and what changed in the catalog, then rolls everything back.
   */
  public DryRun dryRun(String toVersion) throws SQLException {
    return project.dryRun(toVersion);
  }

  /**
   * The undo scripts that take the target back to {@code toVersion}, newest first; refuses (before
   * anything runs) when an applied version above it has no {@code U<version>__*.sql}.
   */
  public List<String> undoPlan(String toVersion) {
    return project.undoPlan(toVersion).scripts();
  }

  /**
   * Runs the undo scripts back to {@code toVersion}, newest first, each followed by the removal of
   * its version from Flyway's history table, all in one transaction: on any error nothing changed
   * ({@link UndoFailed}). An undo script with a statement that cannot run in a transaction is
   * refused before anything runs.
   */
  public List<UndoStep> undo(String toVersion) throws SQLException {
    return remember(project.undoRunner().run(toVersion, false));
  }

  /**
   * Seed 002's staged rollback, all or nothing like {@link #undo(String)}: the tables the undone
   * versions created move, with their rows, into a new schema {@code rollback_backup_<timestamp>}
   * instead of being dropped, and so do the types they created that those tables use (enums,
   * domains, composite types); the undo scripts then run without their {@code DROP} of those. The
   * whole result is in {@link #lastUndo()}, the backup schema in {@link #lastBackupSchema()}.
   */
  public List<UndoStep> stagedUndo(String toVersion) throws SQLException {
    return remember(project.undoRunner().run(toVersion, true));
  }

  /** Keeps the last undo for {@link #lastUndo()} and {@link #lastBackupSchema()}. */
  List<UndoStep> remember(Undo undo) {
    lastUndo = undo;
    return undo.steps();
  }

  /** The last undo that ran, or null. */
  public Undo lastUndo() {
    return lastUndo;
  }

  /** The backup schema of the last staged undo, or null. */
  public String lastBackupSchema() {
    return lastUndo == null ? null : lastUndo.backupSchema();
  }

  public Path folder() {
    return project.folder();
  }

  public String schema() {
    return project.schema();
  }

  /**
   * The tenant column and the setting the policies read, from {@code tenant: {column, setting}} in
   * {@code ferry-change.yaml}; {@code tenant_id} and {@code app.current_tenant_id} by default.
   */
  public String[] tenancy() {
    ProjectFile f = project.projectFile();
    return new String[] {f.tenantColumn(), f.tenantSetting()};
  }

  /** {@link #rlsAudit(String, String)} with the project's tenancy. */
  public List<RlsAudit.TableAudit> rlsAudit() throws SQLException {
    String[] t = tenancy();
    return rlsAudit(t[0], t[1]);
  }

  /** The row-level-security audit and isolation probe of the schema's multi-tenant tables. */
  public List<RlsAudit.TableAudit> rlsAudit(String tenantColumn, String tenantSetting)
      throws SQLException {
    return project.verifier().rowLevelSecurity(tenantColumn, tenantSetting);
  }

  /**
   * Runs the folder's verification SQL ({@code verify/*.sql}, one query each): a query passes when
   * it returns no rows; the first rows of a failing one are shown.
   */
  public List<String[]> verify() throws SQLException {
    return project.verifier().sqlChecks();
  }

  /**
   * Who may read the project's internal-only views: {@code internal: {views: [...], roles: [...]}}
   * in {@code ferry-change.yaml} (nothing to check when there is no such section).
   */
  public List<InternalAccess.ViewAccess> internalAccess() throws SQLException {
    return project.verifier().internalViews(project.projectFile());
  }

  /**
   * The approvals the project asks for before {@code migrate}: the roles listed under {@code
   * approvals:} in {@code ferry-change.yaml} in the migrations folder (none when there is no such
   * file).
   */
  public List<String> requiredApprovals() {
    return project.requiredApprovals();
  }

  /**
   * What an approval is given for: the pending scripts (up to {@code toVersion}) and their
   * checksums, so a script edited after its approval needs approving again.
   */
  public String changeId(String toVersion) {
    return project.changeId(toVersion);
  }

  /** The lock and risk of every pending statement (up to {@code toVersion}), in order. */
  public List<StatementRisk> risk(String toVersion) throws SQLException {
    return project.risk(toVersion).statements();
  }
}
