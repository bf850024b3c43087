package dev.ferry.ui.home;

import dev.ferry.ui.common.Columns;
import dev.ferry.ui.home.HomeViewModel.RunRow;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The start page's controls. */
public final class HomeView extends VBox {
  public HomeView(
      HomeViewModel vm,
      Runnable newMigration,
      Runnable demo,
      Runnable schemaChanges,
      Runnable onlineMigration,
      Consumer<RunRow> open,
      Consumer<RunRow> resume) {
    setPadding(new Insets(24));
    setSpacing(14);
    Label welcome =
        new Label(
            "Move SQLite, PostgreSQL or MySQL databases into PostgreSQL — assessed, planned, validated, signed off.");
    welcome.getStyleClass().add("home-title");
    welcome.setWrapText(true);
    Button start = new Button("_New migration");
    start.setId("newMigration");
    start.setDefaultButton(true);
    start.setOnAction(e -> newMigration.run());
    Button tryDemo = new Button("Try the _demo");
    tryDemo.setId("tryDemo");
    tryDemo.disableProperty().bind(vm.busyProperty());
    tryDemo.setOnAction(e -> demo.run());
    Button changes = new Button("Schema _changes…");
    changes.setId("homeSchemaChanges");
    changes.setOnAction(e -> schemaChanges.run());
    Button online = new Button("_Online migration…");
    online.setId("homeOnline");
    online.setTooltip(
        new javafx.scene.control.Tooltip(
            "PostgreSQL → PostgreSQL on logical replication: writes stop only for the cutover"));
    online.setOnAction(e -> onlineMigration.run());
    ProgressIndicator busy = new ProgressIndicator();
    busy.setPrefSize(20, 20);
    busy.visibleProperty().bind(vm.busyProperty());
    Label status = new Label();
    status.setId("homeStatus");
    status.textProperty().bind(vm.statusProperty());
    HBox actions = new HBox(10, start, tryDemo, changes, online, busy, status);
    actions.setAlignment(Pos.CENTER_LEFT);

    Label history = new Label("Recent runs");
    history.getStyleClass().add("section-title");
    TableView<RunRow> runs = new TableView<>(vm.runs());
    runs.setId("history");
    runs.setPlaceholder(new Label("No run yet in this workspace."));
    runs.getColumns()
        .addAll(
            List.of(
                Columns.text("Run", 200, r -> r.run().runId()),
                Columns.text(
                    "Started",
                    170,
                    r -> r.run().startedAt().toString().substring(0, 19).replace('T', ' ')),
                Columns.text(
                    "Finished",
                    170,
                    r ->
                        r.run().finishedAt() == null
                            ? ""
                            : r.run().finishedAt().toString().substring(0, 19).replace('T', ' ')),
                Columns.text("Outcome", 190, RunRow::status),
                Columns.text(
                    "Message", 400, r -> r.run().message() == null ? "" : r.run().message())));
    runs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    VBox.setVgrow(runs, Priority.ALWAYS);
    Button openRun = new Button("_Open (read-only)");
    openRun.setId("openRun");
    openRun.disableProperty().bind(runs.getSelectionModel().selectedItemProperty().isNull());
    openRun.setOnAction(e -> open.accept(runs.getSelectionModel().getSelectedItem()));
    Button resumeRun = new Button("_Resume");
    resumeRun.setId("resumeRun");
    resumeRun
        .disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> {
                  RunRow r = runs.getSelectionModel().getSelectedItem();
                  return r == null || !r.resumable();
                },
                runs.getSelectionModel().selectedItemProperty()));
    resumeRun.setOnAction(e -> resume.accept(runs.getSelectionModel().getSelectedItem()));
    Button refresh = new Button("Re_fresh");
    refresh.setOnAction(e -> vm.refresh());
    getChildren().addAll(welcome, actions, history, runs, new HBox(8, openRun, resumeRun, refresh));
  }
}
