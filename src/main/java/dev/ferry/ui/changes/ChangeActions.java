package dev.ferry.ui.changes;

import dev.ferry.ui.common.Dialogs;
import dev.ferry.ui.common.StatusLine;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The bar under the tabs: Migrate (enabled once approved, with the reason when not), Undo…, Report,
 * and the area's busy indicator and status line.
 */
final class ChangeActions extends VBox {
  private final ChangeActionsViewModel vm;

  /**
   * @param openFile shows a written report in the desktop's browser or file manager
   */
  ChangeActions(ChangeActionsViewModel vm, ProjectViewModel project, Consumer<Path> openFile) {
    super(6);
    this.vm = vm;
    BooleanBinding cannotAct = project.cannotActBinding();
    Button migrate = new Button("_Migrate");
    migrate.setId("changesMigrate");
    migrate.disableProperty().bind(vm.migrateBlockedReasonBinding().isNotEmpty());
    migrate.setOnAction(e -> confirmMigrate());
    Label reason = new Label();
    reason.setId("changesMigrateReason");
    reason.getStyleClass().add("next-reason");
    reason.textProperty().bind(vm.migrateBlockedReasonBinding());
    Button undo = new Button("_Undo…");
    undo.setId("changesUndo");
    undo.disableProperty()
        .bind(
            cannotAct.or(
                Bindings.createBooleanBinding(
                    () -> vm.undoTargets().isEmpty(), project.migrations())));
    undo.setOnAction(e -> askUndo());
    Button report = new Button("_Report");
    report.setId("changesReport");
    report.disableProperty().bind(cannotAct);
    report.setOnAction(e -> vm.writeReport(openFile));
    ProgressIndicator busy = new ProgressIndicator();
    busy.setPrefSize(20, 20);
    busy.visibleProperty().bind(project.busyProperty());
    // the buttons keep their labels; the status wraps on its own line, long ones with details
    StatusLine status = new StatusLine("changesStatus", project.statusProperty());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    for (Button b : List.of(migrate, undo, report)) {
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    HBox buttons = new HBox(10, migrate, reason, undo, report, spacer, busy);
    buttons.setAlignment(Pos.CENTER_LEFT);
    getChildren().setAll(buttons, status);
    setPadding(new Insets(10, 0, 0, 0));
  }

  /**
   * Shows what will run, on which target, approved by whom and at what risk before anything runs;
   * offers a backup first when there is none since the last change, as a careful DBA would. Cancel
   * is the default.
   */
  private void confirmMigrate() {
    boolean advised = vm.backupAdvised();
    ButtonType backUp = new ButtonType("Back up, then migrate", ButtonBar.ButtonData.YES);
    ButtonType without =
        new ButtonType(
            advised ? "Migrate without a backup" : "Migrate", ButtonBar.ButtonData.OK_DONE);
    Dialog<ButtonType> d = new Dialog<>();
    d.initOwner(getScene().getWindow());
    d.setTitle("Apply the pending migrations");
    d.setHeaderText(
        advised
            ? "Apply these scripts? There is no backup of this database in the workspace since its"
                + " last change: a pg_dump backup (with a SHA-256 manifest) lets you restore it in"
                + " one step if the change goes wrong."
            : "Apply these scripts?");
    d.getDialogPane().setId("migrateDialog");
    TextArea what = new TextArea(vm.migrateConfirmation());
    what.setId("migratePlan");
    what.setEditable(false);
    what.setWrapText(true);
    what.setPrefRowCount(14);
    what.setPrefColumnCount(70);
    what.getStyleClass().add("sql");
    d.getDialogPane().setContent(what);
    if (advised) {
      d.getDialogPane().getButtonTypes().add(backUp);
    }
    d.getDialogPane().getButtonTypes().addAll(without, ButtonType.CANCEL);
    for (ButtonType t : d.getDialogPane().getButtonTypes()) {
      ((Button) d.getDialogPane().lookupButton(t)).setDefaultButton(t == ButtonType.CANCEL);
    }
    Dialogs.keepButtonLabels(d.getDialogPane());
    d.showAndWait()
        .filter(b -> b == backUp || b == without)
        .ifPresent(b -> vm.migrate(b == backUp));
  }

  /** The version to go back to and whether to keep the dropped tables. */
  private record UndoChoice(String to, boolean staged) {}

  private void askUndo() {
    Dialog<UndoChoice> d = new Dialog<>();
    d.initOwner(getScene().getWindow());
    d.setTitle("Undo schema changes");
    d.setHeaderText(
        "The U scripts run newest first, each with its Flyway history row removed in one"
            + " transaction.");
    ChoiceBox<String> to = new ChoiceBox<>();
    to.setId("undoTo");
    to.getItems().setAll(vm.undoTargets());
    to.getSelectionModel().selectLast();
    CheckBox staged =
        new CheckBox("Staged: keep the tables these versions created in a backup schema");
    staged.setId("undoStaged");
    GridPane g = new GridPane();
    g.setHgap(8);
    g.setVgap(8);
    g.addRow(0, new Label("Back to version"), to);
    g.add(staged, 0, 1, 2, 1);
    d.getDialogPane().setContent(g);
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    d.setResultConverter(
        b -> b == ButtonType.OK ? new UndoChoice(to.getValue(), staged.isSelected()) : null);
    d.showAndWait().ifPresent(r -> vm.undo(r.to(), r.staged()));
  }
}
