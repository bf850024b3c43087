package dev.ferry.ui.changes;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.journal.JournalEvent;
import dev.ferry.ui.common.Columns;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Backups and history tab: Back up now, the backups with Restore…, the history below. */
final class BackupsTab extends TabContent {
  private final BackupsTabViewModel vm;

  BackupsTab(BackupsTabViewModel vm, BooleanBinding cannotAct) {
    this.vm = vm;
    CheckBox trial = new CheckBox("with a tr_ial restore");
    trial.setId("changesTrial");
    trial.setSelected(true);
    Button backup = new Button("Back up _now");
    backup.setId("changesBackup");
    backup.disableProperty().bind(cannotAct);
    backup.setOnAction(e -> vm.backup(trial.isSelected()));
    TableView<Backup> backups = backupsTable();
    Button restore = new Button("R_estore…");
    restore.setId("changesRestore");
    restore
        .disableProperty()
        .bind(cannotAct.or(backups.getSelectionModel().selectedItemProperty().isNull()));
    restore.setOnAction(e -> confirmRestore(backups.getSelectionModel().getSelectedItem()));
    TableView<JournalEvent> history = historyTable();
    Label h = new Label("History of this target's schema changes");
    h.getStyleClass().add("section-title");
    VBox lower = new VBox(6, h, history);
    VBox.setVgrow(history, Priority.ALWAYS);
    VBox upper = new VBox(6, backups, restore);
    VBox.setVgrow(backups, Priority.ALWAYS);
    SplitPane split = new SplitPane(upper, lower);
    split.setOrientation(Orientation.VERTICAL);
    VBox.setVgrow(split, Priority.ALWAYS);
    HBox top = new HBox(10, backup, trial);
    top.setAlignment(Pos.CENTER_LEFT);
    lay(top, split);
  }

  private TableView<Backup> backupsTable() {
    TableView<Backup> backups = new TableView<>(vm.backups());
    backups.setId("changesBackups");
    backups.setPlaceholder(new Label("No backup of this database in the workspace yet."));
    backups
        .getColumns()
        .addAll(
            List.of(
                Columns.text("Taken", 170, b -> b.at().toString().substring(0, 19)),
                Columns.text("File", 360, b -> b.file()),
                Columns.text("Size", 100, b -> String.format("%,d bytes", b.bytes())),
                Columns.text("SHA-256", 160, b -> b.sha256().substring(0, 16) + "…"),
                Columns.text("Tool", 250, Backup::tool)));
    backups.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    return backups;
  }

  private TableView<JournalEvent> historyTable() {
    TableView<JournalEvent> history = new TableView<>(vm.history());
    history.setId("changesHistory");
    history.setPlaceholder(new Label("Nothing recorded for this target yet."));
    history
        .getColumns()
        .addAll(
            List.of(
                Columns.text("At", 170, ev -> ev.at().toString().substring(0, 19)),
                Columns.text("What", 110, JournalEvent::kind),
                Columns.text("Object", 200, ev -> ev.object() == null ? "" : ev.object()),
                Columns.text("Detail", 500, JournalEvent::message)));
    history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    return history;
  }

  /**
   * Names what the restore drops and brings back (worked out in the background), asks for the
   * database's name typed, with Cancel the default.
   */
  private void confirmRestore(Backup b) {
    vm.planRestore(
        b,
        plan -> {
          Dialog<ButtonType> d = new Dialog<>();
          d.initOwner(getScene().getWindow());
          d.setTitle("Restore " + Path.of(b.file()).getFileName());
          d.setHeaderText("Restore this backup? Read what it does first.");
          d.getDialogPane().setId("restoreDialog");
          javafx.scene.control.TextArea what = new javafx.scene.control.TextArea(plan);
          what.setId("restorePlan");
          what.setEditable(false);
          what.setWrapText(true);
          what.setPrefRowCount(8);
          javafx.scene.control.TextField typed = new javafx.scene.control.TextField();
          typed.setId("restoreTypedName");
          Label ask = new Label("Type the database's name (" + vm.databaseName() + ") to restore:");
          ask.setLabelFor(typed);
          ask.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
          d.getDialogPane().setContent(new VBox(8, what, ask, typed));
          ButtonType restore =
              new ButtonType("Restore", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
          d.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, restore);
          javafx.scene.control.Button ok =
              (javafx.scene.control.Button) d.getDialogPane().lookupButton(restore);
          ok.setDefaultButton(false);
          ok.disableProperty().bind(typed.textProperty().isNotEqualTo(vm.databaseName()));
          ((javafx.scene.control.Button) d.getDialogPane().lookupButton(ButtonType.CANCEL))
              .setDefaultButton(true);
          dev.ferry.ui.common.Dialogs.keepButtonLabels(d.getDialogPane());
          d.showAndWait().filter(x -> x == restore).ifPresent(x -> vm.restore(b));
        });
  }
}
