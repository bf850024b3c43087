package dev.ferry.ui.changes;

import dev.ferry.ui.common.TaskExecutor;
import java.nio.file.Path;

/**
 * The console's "Schema changes" area: a Flyway project against a PostgreSQL target, with the same
 * steps as {@code ferry change}. Made of the project every tab shares, one ViewModel per tab
 * (migrations, dry run, risk, approvals, verify, backups and history) and the actions under them
 * (migrate, undo, report). All database work runs on the executor; the lists are filled on the UI
 * thread.
 */
public final class ChangesViewModel {
  private final ProjectViewModel project;
  private final MigrationsTabViewModel migrations;
  private final DryRunTabViewModel dryRun;
  private final RiskTabViewModel risk;
  private final ApprovalsTabViewModel approvals;
  private final VerifyTabViewModel verify;
  private final BackupsTabViewModel backups;
  private final ChangeActionsViewModel actions;

  public ChangesViewModel(TaskExecutor executor, Path workspace) {
    project = new ProjectViewModel(executor, workspace);
    migrations = new MigrationsTabViewModel(project);
    dryRun = new DryRunTabViewModel(project);
    risk = new RiskTabViewModel(project);
    approvals = new ApprovalsTabViewModel(project, risk.risks());
    verify = new VerifyTabViewModel(project);
    backups = new BackupsTabViewModel(project);
    actions = new ChangeActionsViewModel(project, risk.risks());
  }

  /** Target, folder, schema and timeouts; the opened project; status, error and busy. */
  public ProjectViewModel project() {
    return project;
  }

  public MigrationsTabViewModel migrationsTab() {
    return migrations;
  }

  public DryRunTabViewModel dryRunTab() {
    return dryRun;
  }

  public RiskTabViewModel riskTab() {
    return risk;
  }

  public ApprovalsTabViewModel approvalsTab() {
    return approvals;
  }

  public VerifyTabViewModel verifyTab() {
    return verify;
  }

  public BackupsTabViewModel backupsTab() {
    return backups;
  }

  /** Migrate, Undo and Report. */
  public ChangeActionsViewModel actions() {
    return actions;
  }
}
