package dev.ferry.engine.change;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.TrialRestore;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.journal.JournalEvent;
import dev.ferry.engine.journal.SignOff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Schema changes on one PostgreSQL from a folder of Flyway migrations, configured once; each
 * command returns what it found or did as a value, and delegates to one internal class: Flyway's
 * own commands ({@link FlywayRunner}), the dry run ({@link DryRunner}), the lock-risk analysis
 * ({@link RiskAnalyzer}), undo ({@link UndoRunner}), verification ({@link Verifier}), and under
 * change control the approvals ({@link Approvals}), the gated migrate ({@link ChangeMigration}),
 * performance baselines ({@link PerformanceBaseline}) and backups ({@link TargetBackups}), each
 * recorded in the workspace's journal ({@link ChangeJournal}).
 *
 * <pre>{@code
 * ChangeProject project = ChangeProject.configure()
 *     .target(ConnectionSpec.parse("jdbc:postgresql://db/app?user=dba"))
 *     .migrations(Path.of("migrations")).timeouts("5s", null).workspace(workspace).load();
 * DryRun dry = project.dryRun(null);
 * AppliedMigrations applied = project.migrate(null);
 * }</pre>
 *
 * <p>Without a migrations folder a project only backs up, restores and lists the target's history;
 * without a workspace it has no journal, so nothing under change control.
 */
public final class ChangeProject {
  private static final Pattern CHANGE_ID = Pattern.compile("\\((change-[0-9a-f]+)\\)");

  private final ChangeConfiguration configuration;
  private final ChangeTarget target;
  private final ChangeJournal journal;

  ChangeProject(ChangeConfiguration configuration) {
    if (configuration.target() == null) {
      throw new FerryException("A schema-change project needs the PostgreSQL to change");
    }
    Path folder = configuration.migrations();
    if (folder != null && !Files.isDirectory(folder)) {
      throw new FerryException("No migrations folder " + folder);
    }
    String limits =
        ChangeTarget.sessionSettings(configuration.lockTimeout(), configuration.statementTimeout());
    this.configuration = configuration;
    this.target =
        folder == null
            ? null
            : new ChangeTarget(
                configuration.target(), folder.toAbsolutePath(), configuration.schema(), limits);
    this.journal =
        configuration.workspace() == null
            ? null
            : new ChangeJournal(configuration.target(), configuration.workspace());
  }

  public static ChangeConfiguration configure() {
    return new ChangeConfiguration(null, null, null, null, null, null);
  }

  public ChangeConfiguration configuration() {
    return configuration;
  }

  public ConnectionSpec target() {
    return configuration.target();
  }

  /** The migrations folder, absolute. */
  public Path folder() {
    return changeTarget().folder();
  }

  public String schema() {
    return configuration.schema();
  }

  /** Every migration, applied or pending, with its state. */
  public ChangeInfo info() {
    return flyway().info();
  }

  /** Flyway's validation: applied scripts changed since (checksum), missing, failed. */
  public ChangeValidation validate() {
    return flyway().validate();
  }

  /** Marks the existing schema as Flyway's baseline version. */
  public Baseline baseline() {
    return flyway().baseline();
  }

  /** Removes failed entries from Flyway's history table and realigns checksums. */
  public HistoryRepair repair() {
    return flyway().repair();
  }

  /**
   * Runs the pending scripts (up to {@code to}) in one transaction, records what each did and what
   * changed in the catalog, then rolls everything back.
   */
  public DryRun dryRun(String to) throws SQLException {
    String lock = configuration.lockTimeout();
    String statement = configuration.statementTimeout();
    List<String> limits =
        List.of(
            limit("lock_timeout", lock, DryRunner.LOCK_TIMEOUT),
            limit("statement_timeout", statement, DryRunner.STATEMENT_TIMEOUT));
    ChangeTarget t =
        changeTarget()
            .withSessionSettings(
                ChangeTarget.sessionSettings(
                    lock == null ? DryRunner.LOCK_TIMEOUT : lock,
                    statement == null ? DryRunner.STATEMENT_TIMEOUT : statement));
    return new DryRunner(t).run(to, limits);
  }

  private static String limit(String setting, String set, String dryRunDefault) {
    return set == null
        ? setting + " " + dryRunDefault + " (Ferry's default for a dry run, which takes real locks)"
        : setting + " " + set + " (as set)";
  }

  /**
   * Writes the safer forms of the pending statements rated MEDIUM or worse into {@code dir} as
   * Flyway migrations (see {@link SaferForms}); returns the files written.
   */
  public List<Path> writeSaferForms(String to, Path dir) throws SQLException, IOException {
    return SaferForms.write(risk(to).statements(), dir);
  }

  /** The lock and risk of every pending statement (up to {@code to}), in order. */
  public LockRisks risk(String to) throws SQLException {
    return RiskAnalyzer.pending(changeTarget(), to, projectFile().risk());
  }

  /** What approvals of the pending scripts (up to {@code to}) are given for. */
  public String changeId(String to) {
    return flyway().changeId(to);
  }

  /** The approvals the project asks for before {@code migrate}, in {@code ferry-change.yaml}. */
  public List<String> requiredApprovals() {
    return projectFile().approvals();
  }

  /** The project's approvals and which are given for the pending scripts (up to {@code to}). */
  public List<ChangeControl.Approval> approvals(String to) throws SQLException {
    return approvalsFor(changeId(to));
  }

  /** The project's approvals as given for one set of scripts (a change id). */
  public List<ChangeControl.Approval> approvalsFor(String changeId) throws SQLException {
    return new Approvals(journal(), changeTarget()).given(requiredApprovals(), changeId);
  }

  /** Records an approval for the exact pending scripts; an edited script needs approving again. */
  public SignOff approve(String role, String operator, String note, String to) throws SQLException {
    return new Approvals(journal(), changeTarget())
        .approve(
            requiredApprovals(),
            projectFile().oneRolePerApprover(),
            () -> changeId(to),
            role,
            operator,
            note);
  }

  /** Applies the pending scripts (up to {@code to}) once every approval is given; refuses else. */
  public AppliedMigrations migrate(String to) throws SQLException {
    return new ChangeMigration(
            changeTarget(), new Approvals(journal(), changeTarget()), perf(), journal())
        .run(projectFile(), to);
  }

  /**
   * The undo scripts back to {@code to}, newest first; refuses when an applied version above it has
   * none.
   */
  public UndoPlan undoPlan(String to) {
    return undoRunner().plan(to);
  }

  /**
   * Runs the undo scripts back to {@code to} in one transaction (staged: what the undone versions
   * created kept in a backup schema); on failure nothing changed, and {@link UndoFailed} says where
   * and why. Both are recorded in the journal.
   */
  public Undo undo(String to, boolean staged) throws SQLException {
    ChangeJournal j = journal();
    Undo undo;
    try {
      undo = undoRunner().run(to, staged);
    } catch (UndoFailed e) {
      j.record(
          "undo-failed",
          e.version() == null ? "to V" + to : "V" + e.version(),
          (e.script() == null ? "staging" : e.script())
              + " on "
              + target()
              + ": "
              + e.reason()
              + " in: "
              + e.statement()
              + "; rolled back, nothing changed");
      throw e;
    }
    for (UndoStep step : undo.steps()) {
      j.record(
          staged ? "undo-staged" : "undo",
          "V" + step.version(),
          step.script()
              + " on "
              + target()
              + (staged ? "; kept in " + undo.backupSchema() + ": " + undo.staged() : ""));
    }
    return undo;
  }

  /**
   * The folder's verification SQL, the row-level-security audit of the tables with the tenant
   * column, and who may read the internal views; null tenancy: the project's ({@code tenant:} in
   * {@code ferry-change.yaml}, else {@code tenant_id} and {@code app.current_tenant_id}).
   */
  public Verification verify(String tenantColumn, String tenantSetting) throws SQLException {
    return verifier().run(projectFile(), tenantColumn, tenantSetting);
  }

  /** Times the {@code perf/} queries now and keeps the timings as this target's baseline. */
  public PerfBaseline recordPerformanceBaseline() throws SQLException, IOException {
    return perf().record();
  }

  /** Times the {@code perf/} queries now against the recorded baseline and their limits. */
  public PerfCheck comparePerformance() throws SQLException, IOException {
    return perf().compare();
  }

  /** Backs up the target with pg_dump into {@code dir} (null: the workspace's backups). */
  public Backup backup(Path dir) throws SQLException, IOException {
    return targetBackups().backup(dir);
  }

  /** Restores a backup into a scratch database and compares every table with the target. */
  public TrialRestore trialRestore(Backup b) throws SQLException, IOException {
    return targetBackups().trialRestore(b);
  }

  /** Restores a backup over the target. */
  public Restore restore(Path backup) throws SQLException, IOException {
    return targetBackups().restore(backup);
  }

  /** This target's backups in the workspace, newest first. */
  public List<Backup> backups() throws IOException {
    return targetBackups().list();
  }

  /** Everything recorded for this target's schema changes, oldest first. */
  public List<JournalEvent> history() throws SQLException {
    return journal().history();
  }

  /** The state of the target and the project, gathered for a report. */
  public ChangeReport report(String to) throws SQLException, IOException {
    List<MigrationRow> info = info().migrations();
    List<JournalEvent> history = history();
    String changeId = changeId(to);
    if (info.stream().noneMatch(r -> r.state().equals("Pending"))) {
      // nothing pending: the approvals shown are those of the last migrate
      for (JournalEvent e : history) {
        Matcher m = CHANGE_ID.matcher(e.message());
        if (e.kind().equals("migrate") && m.find()) {
          changeId = m.group(1);
        }
      }
    }
    List<ChangeControl.Approval> approvals = approvalsFor(changeId);
    List<Backup> backups = backups();
    Verification verified = verify(null, null);
    LockRisks risks =
        info.stream().anyMatch(r -> r.state().equals("Pending"))
            ? risk(to)
            : new LockRisks(List.of());
    return new ChangeReport(
        target().toString(),
        folder().toString(),
        schema(),
        Instant.now(),
        info,
        changeId,
        approvals,
        history,
        backups,
        verified.checks(),
        verified.rowLevelSecurity(),
        verified.internalViews(),
        comparePerformance().queries(),
        risks.statements(),
        risks.rehearsal());
  }

  // the pieces, for SchemaChanges and ChangeControl

  FlywayRunner flyway() {
    return new FlywayRunner(changeTarget());
  }

  UndoRunner undoRunner() {
    return new UndoRunner(changeTarget());
  }

  Verifier verifier() {
    return new Verifier(changeTarget());
  }

  ProjectFile projectFile() {
    return ProjectFile.read(changeTarget().folder());
  }

  PerformanceBaseline perf() {
    return new PerformanceBaseline(target(), folder(), workspace(), journal());
  }

  TargetBackups targetBackups() {
    return new TargetBackups(target(), workspace(), journal());
  }

  private ChangeTarget changeTarget() {
    if (target == null) {
      throw new FerryException("This needs the folder of migration scripts (--migrations)");
    }
    return target;
  }

  private Path workspace() {
    journal();
    return configuration.workspace();
  }

  private ChangeJournal journal() {
    if (journal == null) {
      throw new FerryException("Schema changes under change control need Ferry's workspace");
    }
    return journal;
  }
}
