package dev.ferry.ui.changes;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.change.ChangeControl;
import dev.ferry.engine.change.ChangeReport;
import dev.ferry.engine.change.MigrationRow;
import dev.ferry.engine.change.Undo;
import dev.ferry.report.ChangeReportWriter;
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

  public ChangeActionsViewModel(ProjectViewModel project) {
    this.project = project;
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

  /** Applies the pending migrations, after a pg_dump backup of the target when asked. */
  public void migrate(boolean backupFirst) {
    ChangeControl c = project.controlProperty().get();
    String to = project.toVersionProperty().get();
    project.change(
        backupFirst
            ? "Backing up, then applying the pending migrations…"
            : "Applying the pending migrations…",
        () -> {
          Backup b = backupFirst ? c.backup(null) : null;
          int n = c.migrate(to);
          return (b == null ? "" : "Backed up to " + Path.of(b.file()).getFileName() + "; ")
              + n
              + " migrations applied.";
        },
        msg -> msg);
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
