package dev.ferry.ui.changes;

import dev.ferry.engine.change.CatalogSnapshot;
import dev.ferry.engine.change.ChangeControl;
import dev.ferry.engine.change.DryRun;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Dry run tab: the pending scripts run in one transaction on the target, the catalog compared
 * before and after, everything rolled back.
 */
public final class DryRunTabViewModel {
  private final ProjectViewModel project;
  private final ObservableList<DryRun.Script> scripts = FXCollections.observableArrayList();
  private final ObservableList<CatalogSnapshot.Change> changes =
      FXCollections.observableArrayList();

  public DryRunTabViewModel(ProjectViewModel project) {
    this.project = project;
    // a dry run of the project opened before says nothing about this one
    project
        .controlProperty()
        .addListener(
            (o, a, b) -> {
              scripts.clear();
              changes.clear();
            });
  }

  public void dryRun() {
    ChangeControl c = project.controlProperty().get();
    String to = project.toVersionProperty().get();
    project.run(
        "Dry run: the pending scripts in one transaction, rolled back…",
        () -> c.changes().dryRun(to),
        r -> {
          scripts.setAll(r.scripts());
          changes.setAll(r.changes());
          project.showStatus(
              (r.scripts().isEmpty()
                      ? "Dry run: nothing pending."
                      : r.ok()
                          ? "Dry run passed: "
                              + r.changes().size()
                              + " catalog changes; everything was rolled back."
                          : "Dry run FAILED in "
                              + r.scripts().stream()
                                  .filter(s -> s.error() != null)
                                  .map(DryRun.Script::script)
                                  .findFirst()
                                  .orElse("?")
                              + "; everything was rolled back.")
                  + " Session: "
                  + String.join(", ", r.limits())
                  + ".");
        });
  }

  /** Each pending script: its statements, and its error when it failed. */
  public ObservableList<DryRun.Script> dryScripts() {
    return scripts;
  }

  /** What the scripts would add, alter or drop in the catalog. */
  public ObservableList<CatalogSnapshot.Change> dryChanges() {
    return changes;
  }
}
