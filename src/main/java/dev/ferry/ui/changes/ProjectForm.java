package dev.ferry.ui.changes;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/** The top of the area: the target, the folder of migrations, schema, timeouts, and Open. */
final class ProjectForm extends VBox {
  private final ProjectViewModel vm;

  ProjectForm(ProjectViewModel vm) {
    super(8);
    this.vm = vm;
    TextField target = new TextField();
    target.setId("changesTarget");
    target.setPromptText("jdbc:postgresql://host:5432/db?user=dba  or  host=… dbname=… user=…");
    target.textProperty().bindBidirectional(vm.targetUrlProperty());
    PasswordField password = new PasswordField();
    password.setId("changesPassword");
    password.setPromptText("password (not saved)");
    password.textProperty().bindBidirectional(vm.targetPasswordProperty());
    TextField folder = new TextField();
    folder.setId("changesFolder");
    folder.setPromptText("folder with V1__base.sql, V2__….sql, U2__….sql, verify/*.sql");
    folder.textProperty().bindBidirectional(vm.folderProperty());
    Button browse = new Button("_Browse…");
    browse.setOnAction(e -> chooseFolder());
    TextField schema = new TextField();
    schema.setPrefColumnCount(10);
    schema.textProperty().bindBidirectional(vm.schemaProperty());
    TextField lock = new TextField();
    lock.setPromptText("e.g. 5s");
    lock.setPrefColumnCount(6);
    lock.textProperty().bindBidirectional(vm.lockTimeoutProperty());
    TextField statement = new TextField();
    statement.setPromptText("e.g. 10min");
    statement.setPrefColumnCount(6);
    statement.textProperty().bindBidirectional(vm.statementTimeoutProperty());
    Button open = new Button("_Open");
    open.setId("changesOpen");
    open.setDefaultButton(true);
    open.disableProperty().bind(vm.openBlockedReasonBinding().isNotEmpty());
    open.setOnAction(e -> vm.open());
    Label reason = new Label();
    reason.getStyleClass().add("next-reason");
    reason.textProperty().bind(vm.openBlockedReasonBinding());

    GridPane g = new GridPane();
    g.setHgap(8);
    g.setVgap(6);
    Label targetLabel = new Label("_Target");
    targetLabel.setMnemonicParsing(true);
    targetLabel.setLabelFor(target);
    Label folderLabel = new Label("Migrations _folder");
    folderLabel.setMnemonicParsing(true);
    folderLabel.setLabelFor(folder);
    g.addRow(0, targetLabel, target, new Label("Password"), password);
    g.addRow(1, folderLabel, folder, browse);
    g.addRow(
        2,
        new Label("Schema"),
        new HBox(
            8, schema, new Label("lock_timeout"), lock, new Label("statement_timeout"), statement));
    GridPane.setHgrow(target, Priority.ALWAYS);
    GridPane.setHgrow(folder, Priority.ALWAYS);
    HBox openRow = new HBox(10, open, reason);
    openRow.setAlignment(Pos.CENTER_LEFT);
    Label title = new Label("Schema changes — versioned Flyway migrations on a live PostgreSQL");
    title.getStyleClass().add("section-title");
    getChildren().setAll(title, g, openRow);
    dev.ferry.ui.common.Dialogs.keepLabels(this);
    setPadding(new Insets(0, 0, 10, 0));
  }

  private void chooseFolder() {
    DirectoryChooser c = new DirectoryChooser();
    c.setTitle("Folder of Flyway migrations");
    var f = c.showDialog(getScene().getWindow());
    if (f != null) {
      vm.folderProperty().set(f.toString());
    }
  }
}
