package dev.ferry.ui.changes;

import dev.ferry.engine.change.CatalogSnapshot;
import dev.ferry.engine.change.DryRun;
import dev.ferry.ui.common.Columns;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Dry run tab: each pending script's outcome above, the catalog changes below. */
final class DryRunTab extends TabContent {
  DryRunTab(DryRunTabViewModel vm, BooleanBinding cannotAct) {
    Button run = new Button("_Dry run");
    run.setId("changesDryRun");
    run.disableProperty().bind(cannotAct);
    run.setOnAction(e -> vm.dryRun());
    Label hint =
        new Label(
            "Runs the pending scripts in one transaction on the target, compares the catalog, then"
                + " rolls everything back.");
    hint.getStyleClass().add("hint");
    SplitPane split = new SplitPane(scriptsTable(vm), changesTable(vm));
    split.setOrientation(Orientation.VERTICAL);
    VBox.setVgrow(split, Priority.ALWAYS);
    lay(new HBox(10, run, hint), split);
  }

  private static TableView<DryRun.Script> scriptsTable(DryRunTabViewModel vm) {
    TableView<DryRun.Script> scripts = new TableView<>(vm.dryScripts());
    scripts.setId("changesDryScripts");
    scripts.setPlaceholder(new Label("No dry run yet."));
    scripts
        .getColumns()
        .addAll(
            List.of(
                Columns.text("Script", 240, DryRun.Script::script),
                Columns.text("Statements", 90, s -> Integer.toString(s.statements())),
                Columns.text("Result", 90, s -> s.error() == null ? "ok" : "FAILED"),
                Columns.text(
                    "Notes and error",
                    600,
                    s ->
                        String.join(
                            "; ",
                            s.error() == null
                                ? s.notes()
                                : Stream.concat(Optional.of(s.error()).stream(), s.notes().stream())
                                    .toList()))));
    scripts.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(scripts, List.of("pass", "fail"), s -> s.error() == null ? "pass" : "fail");
    return scripts;
  }

  private static TableView<CatalogSnapshot.Change> changesTable(DryRunTabViewModel vm) {
    TableView<CatalogSnapshot.Change> changes = new TableView<>(vm.dryChanges());
    changes.setId("changesDryChanges");
    changes.setPlaceholder(new Label("What the scripts would add, alter or drop shows here."));
    changes
        .getColumns()
        .addAll(
            List.of(
                Columns.text("Change", 80, CatalogSnapshot.Change::what),
                Columns.text("Kind", 110, CatalogSnapshot.Change::kind),
                Columns.text("Object", 260, CatalogSnapshot.Change::name),
                Columns.text(
                    "Detail",
                    500,
                    c ->
                        c.what().equals("altered")
                            ? c.before() + " → " + c.after()
                            : c.after() != null
                                ? c.after()
                                : c.before() == null ? "" : c.before())));
    changes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    return changes;
  }
}
