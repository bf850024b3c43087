package dev.ferry.ui.changes;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.TrialRestore;
import dev.ferry.engine.change.ChangeControl;
import dev.ferry.engine.journal.JournalEvent;
import java.nio.file.Path;
import javafx.collections.ObservableList;

/**
 * The Backups and history tab: pg_dump backups of the target in the workspace (taken, checked by a
 * trial restore, restored) and the history of the target's schema changes.
 */
public final class BackupsTabViewModel {
  private final ProjectViewModel project;

  public BackupsTabViewModel(ProjectViewModel project) {
    this.project = project;
  }

  /** What a backup and its trial restore (null when none was asked) came to. */
  private record Taken(Backup backup, TrialRestore trial) {}

  public void backup(boolean trial) {
    ChangeControl c = project.controlProperty().get();
    project.change(
        trial ? "Backing up and restoring into a scratch database…" : "Backing up with pg_dump…",
        () -> {
          Backup b = c.backup(null);
          return new Taken(b, trial ? c.trialRestore(b) : null);
        },
        BackupsTabViewModel::describe);
  }

  private static String describe(Taken r) {
    Backup b = r.backup();
    TrialRestore t = r.trial();
    String base = "Backup " + Path.of(b.file()).getFileName() + " (" + b.bytes() + " bytes)";
    if (t == null) {
      return base + ".";
    }
    return t.ok()
        ? base + "; the trial restore matches every table."
        : base
            + "; trial restore FAILED: "
            + String.join("; ", t.problems())
            + t.tables().stream()
                .filter(x -> !x.matches())
                .map(x -> " " + x.table() + " " + x.origin() + "≠" + x.restored())
                .reduce("", String::concat);
  }

  /**
   * Works out what restoring {@code b} would do, in the background, and hands it to {@code show}.
   */
  public void planRestore(Backup b, java.util.function.Consumer<String> show) {
    ChangeControl c = project.controlProperty().get();
    project.run(
        "Reading what the restore would do…",
        () -> c.restorePlan(Path.of(b.file())),
        plan -> {
          project.showStatus(
              "Restore of " + Path.of(b.file()).getFileName() + ": confirm or cancel.");
          show.accept(plan);
        });
  }

  /** The target database's name, which the DBA types to confirm a restore. */
  public String databaseName() {
    ChangeControl c = project.controlProperty().get();
    return c == null ? "" : c.targetName();
  }

  public void restore(Backup b) {
    ChangeControl c = project.controlProperty().get();
    project.change(
        "Restoring " + Path.of(b.file()).getFileName() + "…",
        () -> {
          c.restore(Path.of(b.file()));
          return b;
        },
        x ->
            "Restored "
                + Path.of(x.file()).getFileName()
                + ": its schemas are as the backup has them (what was made since was dropped).");
  }

  public ObservableList<Backup> backups() {
    return project.backups();
  }

  /** The target's recorded changes, newest first. */
  public ObservableList<JournalEvent> history() {
    return project.history();
  }
}
