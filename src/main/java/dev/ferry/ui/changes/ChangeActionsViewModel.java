package dev.ferry.ui.changes;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.change.AppliedMigrations;
import dev.ferry.engine.change.ChangeControl;
import dev.ferry.engine.change.ChangeReport;
import dev.ferry.engine.change.MigrationRow;
import dev.ferry.engine.change.StatementRisk;
import dev.ferry.engine.change.Undo;
import dev.ferry.report.ChangeReportWriter;
import dev.ferry.ui.common.Times;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * What the bar under the tabs does to the target: Migrate (once approved, with a backup first when
 * advised), Undo back to a version, and the change report.
 */
public final class ChangeActionsViewModel {
  private final ProjectViewModel project;
  private final ReadOnlyObjectWrapper<Path> reportFile = new ReadOnlyObjectWrapper<>();
  private final StringBinding migrateBlockedReason;
  private final ReadOnlyObjectWrapper<AppliedMigrations> applied = new ReadOnlyObjectWrapper<>();

  private final List<StatementRisk> risks;

  /**
   * @param risks the Risk tab's last analysis (shown in the migrate confirmation)
   */
  public ChangeActionsViewModel(ProjectViewModel project, List<StatementRisk> risks) {
    this.project = project;
    this.risks = risks;
    migrateBlockedReason =
        Bindings.createStringBinding(
            () -> {
              if (project.controlProperty().get() == null) {
                return "Open a project first.";
              }
              if (project.busyProperty().get()) {
                return "Busy…";
              }
              if (project.migrations().stream().noneMatch(m -> m.state().equals("Pending"))) {
                return "Nothing pending.";
              }
              List<String> missing =
                  project.approvals().stream()
                      .filter(a -> !a.approved())
                      .map(ChangeControl.Approval::role)
                      .toList();
              return missing.isEmpty()
                  ? ""
                  : "Needs approval by " + String.join(", ", missing) + " first.";
            },
            project.controlProperty(),
            project.busyProperty(),
            project.migrations(),
            project.approvals());
  }

  public void migrate() {
    migrate(false);
  }

  /**
   * What Migrate is about to do, for the confirmation: the target, each pending script, the
   * approvals given (by whom, when), the Risk tab's highest impacts (or that none was analysed) and
   * the newest backup.
   */
  public String migrateConfirmation() {
    ChangeControl c = project.controlProperty().get();
    StringBuilder b = new StringBuilder();
    b.append("Target: ").append(c.target()).append('\n');
    List<MigrationRow> pending =
        project.migrations().stream().filter(m -> m.state().equals("Pending")).toList();
    String to = project.toVersionProperty().get();
    b.append("\nRuns ").append(pending.size()).append(" pending script(s)");
    b.append(to == null || to.isBlank() ? "" : " up to version " + to).append(":\n");
    for (MigrationRow m : pending) {
      b.append("  ")
          .append(m.version() == null ? "R" : "V" + m.version())
          .append("  ")
          .append(m.description())
          .append("  (")
          .append(m.script())
          .append(")\n");
    }
    b.append("\nApprovals:");
    if (project.approvals().isEmpty()) {
      b.append(" none required by ferry-change.yaml\n");
    } else {
      b.append('\n');
      for (ChangeControl.Approval a : project.approvals()) {
        b.append("  ").append(a.role()).append(": ");
        b.append(
            a.approved()
                ? a.given().operator()
                    + " at "
                    + Times.local(a.given().at())
                    + (a.given().note() == null || a.given().note().isBlank()
                        ? ""
                        : " — " + a.given().note())
                : "not given");
        b.append('\n');
      }
    }
    b.append("\nRisk: ").append(RiskSummary.of(risks));
    b.append("\nBackup: ");
    b.append(
        project.backups().isEmpty()
            ? "none in the workspace"
            : Path.of(project.backups().get(0).file()).getFileName()
                + " taken "
                + Times.local(project.backups().get(0).at())
                + (backupAdvised() ? " (before the last change)" : ""));
    return b.toString();
  }

  /** A migrate's backup (null when none was taken) and what it applied. */
  private record Migrated(Backup backup, AppliedMigrations applied) {}

  /**
   * Applies the pending migrations, after a pg_dump backup of the target when asked; the status
   * says what was applied and how the perf/ queries compare with the baseline timed before.
   */
  public void migrate(boolean backupFirst) {
    ChangeControl c = project.controlProperty().get();
    String to = project.toVersionProperty().get();
    project.change(
        backupFirst
            ? "Backing up, then applying the pending migrations…"
            : "Applying the pending migrations…",
        () -> {
          Backup b = backupFirst ? c.backup(null) : null;
          return new Migrated(b, c.migrate(to));
        },
        m -> {
          applied.set(m.applied());
          return migrated(m.backup(), m.applied());
        });
  }

  /** The status line of a migrate that ran. */
  static String migrated(Backup backup, AppliedMigrations a) {
    String perf = a.perfSummary();
    return (backup == null ? "" : "Backed up to " + Path.of(backup.file()).getFileName() + "; ")
        + a.count()
        + " migrations applied."
        + (perf.isEmpty()
            ? ""
            : " " + Character.toUpperCase(perf.charAt(0)) + perf.substring(1) + ".");
  }

  /** The last migrate's outcome, with its performance comparison; null before one ran. */
  public ReadOnlyObjectProperty<AppliedMigrations> appliedProperty() {
    return applied.getReadOnlyProperty();
  }

  /**
   * Whether Migrate should offer a backup first: no backup of the target in the workspace, or none
   * since the last recorded change.
   */
  public boolean backupAdvised() {
    if (project.backups().isEmpty()) {
      return true;
    }
    Instant newest = project.backups().get(0).at();
    return project.history().stream()
        .filter(
            e ->
                e.kind().startsWith("migrate")
                    || e.kind().startsWith("undo")
                    || e.kind().equals("restore"))
        .anyMatch(e -> e.at().isAfter(newest));
  }

  /** The applied versions one can undo back to (older than the newest applied one). */
  public List<String> undoTargets() {
    List<String> applied =
        project.migrations().stream()
            .filter(m -> m.state().equals("Success") && m.version() != null)
            .map(MigrationRow::version)
            .toList();
    return applied.isEmpty() ? List.of() : applied.subList(0, applied.size() - 1);
  }

  /**
   * Undoes back to {@code to} in one transaction; the status says what was undone and, staged,
   * where the kept tables and types are. On failure nothing changed and the error says why.
   */
  public void undo(String to, boolean staged) {
    ChangeControl c = project.controlProperty().get();
    project.change(
        "Undoing back to version " + to + "…",
        () -> c.undo(to, staged),
        ChangeActionsViewModel::undone);
  }

  /** The status line of an undo that ran. */
  static String undone(Undo undo) {
    if (undo.steps().isEmpty()) {
      return "Nothing to undo above version " + undo.toVersion() + ".";
    }
    String versions = String.join(", ", undo.versions().stream().map(v -> "V" + v).toList());
    String kept =
        undo.backupSchema() == null
            ? ""
            : "; kept in schema "
                + undo.backupSchema()
                + (undo.staged().isEmpty() ? ": nothing" : ": " + String.join(", ", undo.staged()));
    String left =
        undo.remaining().isEmpty()
            ? ""
            : "; still there, so applying again fails: " + String.join(", ", undo.remaining());
    return "Undone: " + versions + kept + left + ".";
  }

  /** Writes change-report.html/json into the workspace and hands the HTML to {@code shown}. */
  public void writeReport(Consumer<Path> shown) {
    ChangeControl c = project.controlProperty().get();
    String to = project.toVersionProperty().get();
    project.run(
        "Writing the report…",
        () -> {
          ChangeReport r = c.report(to);
          Path dir =
              project
                  .workspace()
                  .resolve("changes")
                  .resolve(c.target().name() + "-" + LocalDate.now());
          return ChangeReportWriter.write(r, dir).html();
        },
        html -> {
          reportFile.set(html);
          project.showStatus("Report written: " + html);
          shown.accept(html);
        });
  }

  /** The last report written, its HTML file. */
  public ReadOnlyObjectProperty<Path> reportFileProperty() {
    return reportFile.getReadOnlyProperty();
  }

  /** Why Migrate is disabled, shown next to it; empty when it is enabled. */
  public StringBinding migrateBlockedReasonBinding() {
    return migrateBlockedReason;
  }
}
