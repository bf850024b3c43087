package dev.ferry.ui.changes;

import dev.ferry.engine.change.MigrationRow;
import dev.ferry.ui.common.Columns;
import java.util.List;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Migrations tab: Flyway's view of the target, Validate and Repair history. */
final class MigrationsTab extends TabContent {
  private final MigrationsTabViewModel vm;

  MigrationsTab(MigrationsTabViewModel vm, BooleanBinding cannotAct) {
    this.vm = vm;
    Button validate = new Button("Va_lidate");
    validate.setId("changesValidate");
    validate.disableProperty().bind(cannotAct);
    validate.setOnAction(e -> vm.validate());
    Button repair = new Button("Repair histor_y…");
    repair.setId("changesRepair");
    repair.disableProperty().bind(cannotAct);
    repair.setOnAction(e -> confirmRepair());
    Label hint =
        new Label("Flyway's view of the target: applied, pending, failed, out of order, missing.");
    hint.getStyleClass().add("hint");
    TableView<MigrationRow> t = migrationsTable();
    VBox.setVgrow(t, Priority.ALWAYS);
    lay(new HBox(10, validate, repair, hint), t);
  }

  private void confirmRepair() {
    Alert a =
        new Alert(
            Alert.AlertType.CONFIRMATION,
            "Flyway's repair removes the failed migrations from the history table and"
                + " realigns the checksums of applied scripts with the folder. Do this after"
                + " fixing a failed script by hand, or when an applied script was edited on"
                + " purpose.",
            ButtonType.OK,
            ButtonType.CANCEL);
    a.initOwner(getScene().getWindow());
    a.setHeaderText("Repair the history table?");
    a.showAndWait().filter(x -> x == ButtonType.OK).ifPresent(x -> vm.repair());
  }

  private TableView<MigrationRow> migrationsTable() {
    TableView<MigrationRow> t = new TableView<>(vm.migrations());
    t.setId("changesMigrations");
    t.setPlaceholder(new Label("Open a project to see its migrations and their state."));
    t.getColumns()
        .addAll(
            List.of(
                Columns.text("Version", 80, m -> m.version() == null ? "R" : m.version()),
                Columns.text("Description", 260, MigrationRow::description),
                Columns.text("Type", 70, MigrationRow::type),
                Columns.text("State", 120, MigrationRow::state),
                Columns.text(
                    "Installed on", 170, m -> m.installedOn() == null ? "" : m.installedOn()),
                Columns.text("By", 90, m -> m.installedBy() == null ? "" : m.installedBy()),
                Columns.text("Script", 260, MigrationRow::script)));
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(
        t,
        List.of("pass", "fail", "pending"),
        m ->
            switch (m.state()) {
              case "Success", "Baseline" -> "pass";
              case "Pending" -> "pending";
              default -> "fail";
            });
    return t;
  }
}
