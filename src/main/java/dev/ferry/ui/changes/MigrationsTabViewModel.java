package dev.ferry.ui.changes;

import dev.ferry.engine.change.ChangeControl;
import dev.ferry.engine.change.MigrationRow;
import javafx.collections.ObservableList;

/**
 * The Migrations tab: Flyway's view of the target (applied, pending, failed, out of order,
 * missing), with Flyway's validate and repair.
 */
public final class MigrationsTabViewModel {
  private final ProjectViewModel project;

  public MigrationsTabViewModel(ProjectViewModel project) {
    this.project = project;
  }

  /** Flyway's validate: applied scripts edited since they ran, missing or failed ones. */
  public void validate() {
    ChangeControl c = project.controlProperty().get();
    project.run(
        "Validating the applied scripts against the folder…",
        () -> c.changes().validate(),
        problems ->
            project.showStatus(
                problems.isEmpty()
                    ? "Valid: the applied scripts match the folder."
                    : "Not valid: " + String.join("; ", problems)));
  }

  /** Flyway's repair: removes failed entries and realigns checksums in the history table. */
  public void repair() {
    ChangeControl c = project.controlProperty().get();
    project.change(
        "Repairing Flyway's history table…",
        () -> {
          c.changes().repair();
          return "";
        },
        x -> "History table repaired: failed entries removed, checksums realigned.");
  }

  public ObservableList<MigrationRow> migrations() {
    return project.migrations();
  }
}
