package dev.ferry.ui.changes;

import dev.ferry.ui.common.Dialogs;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;

/**
 * The "Schema changes" area: target and project on top; migrations, dry run, risk, approvals,
 * verification and backups with history in tabs; Migrate (enabled once approved), Undo and Report
 * at the bottom. A failure anywhere in it is shown in one dialog.
 */
public final class ChangesView extends BorderPane {
  /**
   * @param openFile shows a written report in the desktop's browser or file manager
   */
  public ChangesView(ChangesViewModel vm, Consumer<Path> openFile) {
    ProjectViewModel project = vm.project();
    setPadding(new Insets(16));
    setTop(new ProjectForm(project));
    setCenter(tabs(vm, project.cannotActBinding()));
    setBottom(new ChangeActions(vm.actions(), project, openFile));
    project
        .errorProperty()
        .addListener(
            (o, a, msg) -> {
              if (msg != null && getScene() != null) {
                Dialogs.error(
                    getScene().getWindow(),
                    "The schema change step failed",
                    msg
                        + "\n\nNothing was left half-done: Flyway runs each script in its own"
                        + " transaction. Check the target and the scripts, then try again.");
              }
            });
  }

  private static TabPane tabs(ChangesViewModel vm, BooleanBinding cannotAct) {
    TabPane tabs =
        new TabPane(
            tab("Migrations", new MigrationsTab(vm.migrationsTab(), cannotAct)),
            tab("Dry run", new DryRunTab(vm.dryRunTab(), cannotAct)),
            tab("Risk", new RiskTab(vm.riskTab(), cannotAct)),
            tab("Approvals", new ApprovalsTab(vm.approvalsTab(), cannotAct)),
            tab("Verify", new VerifyTab(vm.verifyTab(), cannotAct)),
            tab("Backups and history", new BackupsTab(vm.backupsTab(), cannotAct)));
    tabs.setId("changesTabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    return tabs;
  }

  private static Tab tab(String title, Node content) {
    Tab t = new Tab(title, content);
    t.setId("tab-" + title.toLowerCase().replace(' ', '-'));
    return t;
  }
}
