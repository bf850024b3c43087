package dev.ferry.ui.changes;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.change.CatalogSnapshot;
import dev.ferry.engine.change.ChangeControl;
import dev.ferry.engine.change.DryRun;
import dev.ferry.engine.change.MigrationRow;
import dev.ferry.engine.change.StatementRisk;
import dev.ferry.engine.journal.JournalEvent;
import dev.ferry.ui.common.Columns;
import dev.ferry.ui.common.Dialogs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * The "Schema changes" area: target and project on top; migrations, dry run, risk, approvals,
 * verification and backups with history in tabs; Migrate (enabled once approved), Undo and Report
 * at the bottom.
 */
public final class ChangesView extends BorderPane {
  private final ChangesViewModel vm;

  /**
   * @param openFile shows a written report in the desktop's browser or file manager
   */
  public ChangesView(ChangesViewModel vm, Consumer<Path> openFile) {
    this.vm = vm;
    setPadding(new Insets(16));
    setTop(form());
    setCenter(tabs());
    setBottom(actions(openFile));
    vm.errorProperty()
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

  private VBox form() {
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
    browse.setOnAction(
        e -> {
          DirectoryChooser c = new DirectoryChooser();
          c.setTitle("Folder of Flyway migrations");
          var f = c.showDialog(getScene().getWindow());
          if (f != null) {
            vm.folderProperty().set(f.toString());
          }
        });
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
    VBox box = new VBox(8, title, g, openRow);
    box.setPadding(new Insets(0, 0, 10, 0));
    return box;
  }

  private TabPane tabs() {
    TabPane tabs =
        new TabPane(
            tab("Migrations", migrationsPane()),
            tab("Dry run", dryRunPane()),
            tab("Risk", riskPane()),
            tab("Approvals", approvalsPane()),
            tab("Verify", verifyPane()),
            tab("Backups and history", backupsPane()));
    tabs.setId("changesTabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    return tabs;
  }

  private static Tab tab(String title, Node content) {
    Tab t = new Tab(title, content);
    t.setId("tab-" + title.toLowerCase().replace(' ', '-'));
    return t;
  }

  private BooleanBinding cannotAct() {
    return vm.controlProperty().isNull().or(vm.busyProperty());
  }

  private VBox migrationsPane() {
    Button validate = new Button("Va_lidate");
    validate.setId("changesValidate");
    validate.disableProperty().bind(cannotAct());
    validate.setOnAction(e -> vm.validate());
    Button repair = new Button("Repair histor_y…");
    repair.setId("changesRepair");
    repair.disableProperty().bind(cannotAct());
    repair.setOnAction(
        e -> {
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
        });
    Label hint =
        new Label("Flyway's view of the target: applied, pending, failed, out of order, missing.");
    hint.getStyleClass().add("hint");
    TableView<MigrationRow> t = migrationsTable();
    VBox.setVgrow(t, Priority.ALWAYS);
    return pane(new HBox(10, validate, repair, hint), t);
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

  private VBox dryRunPane() {
    Button run = new Button("_Dry run");
    run.setId("changesDryRun");
    run.disableProperty().bind(cannotAct());
    run.setOnAction(e -> vm.dryRun());
    Label hint =
        new Label(
            "Runs the pending scripts in one transaction on the target, compares the catalog, then"
                + " rolls everything back.");
    hint.getStyleClass().add("hint");
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
    SplitPane split = new SplitPane(scripts, changes);
    split.setOrientation(Orientation.VERTICAL);
    VBox.setVgrow(split, Priority.ALWAYS);
    return pane(new HBox(10, run, hint), split);
  }

  private VBox riskPane() {
    Button analyse = new Button("_Analyse locks");
    analyse.setId("changesRisk");
    analyse.disableProperty().bind(cannotAct());
    analyse.setOnAction(e -> vm.analyseRisk());
    Label hint =
        new Label(
            "The lock each pending statement takes, on which table of what size, and the safer way.");
    hint.getStyleClass().add("hint");
    TableView<StatementRisk> t = new TableView<>(vm.risks());
    t.setId("changesRisks");
    t.setPlaceholder(new Label("No analysis yet."));
    t.getColumns()
        .addAll(
            List.of(
                Columns.text("Impact", 80, r -> r.impact().name()),
                Columns.text("Version", 60, StatementRisk::version),
                Columns.text("Statement", 300, StatementRisk::statement),
                Columns.text("Lock", 200, StatementRisk::lock),
                Columns.text("Table", 150, r -> r.table() == null ? "" : r.table()),
                Columns.text(
                    "Size", 80, r -> String.format("%,.1f MB", r.tableBytes() / 1048576.0)),
                Columns.text("Work", 150, StatementRisk::work),
                Columns.text(
                    "Lock held", 90, r -> String.format("%.1f s", r.estimatedLockSeconds())),
                Columns.text("Safer way", 330, r -> r.advice() == null ? "" : r.advice())));
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(
        t,
        List.of("pass", "pending", "fail"),
        r ->
            switch (r.impact()) {
              case LOW -> "pass";
              case MEDIUM -> "pending";
              case HIGH, CRITICAL -> "fail";
            });
    VBox.setVgrow(t, Priority.ALWAYS);
    return pane(new HBox(10, analyse, hint), t);
  }

  private VBox approvalsPane() {
    Button approve = new Button("A_pprove…");
    approve.setId("changesApprove");
    approve
        .disableProperty()
        .bind(
            cannotAct()
                .or(
                    Bindings.createBooleanBinding(
                        () -> vm.approvals().stream().allMatch(ChangeControl.Approval::approved),
                        vm.approvals())));
    Label hint =
        new Label(
            "Approvals asked for in ferry-change.yaml, for the pending scripts as they are now: an"
                + " edited script needs approving again.");
    hint.getStyleClass().add("hint");
    TableView<ChangeControl.Approval> t = new TableView<>(vm.approvals());
    t.setId("changesApprovals");
    t.setPlaceholder(
        new Label("The project asks for no approvals (approvals: in ferry-change.yaml)."));
    t.getColumns()
        .addAll(
            List.of(
                Columns.text("Role", 160, ChangeControl.Approval::role),
                Columns.text(
                    "Approved by", 160, a -> a.approved() ? a.given().operator() : "not yet"),
                Columns.text(
                    "At", 180, a -> a.approved() ? a.given().at().toString().substring(0, 19) : ""),
                Columns.text(
                    "Note",
                    400,
                    a -> a.approved() && a.given().note() != null ? a.given().note() : "")));
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(t, List.of("pass", "pending"), a -> a.approved() ? "pass" : "pending");
    approve.setOnAction(e -> askApproval(t));
    VBox.setVgrow(t, Priority.ALWAYS);
    return pane(new HBox(10, approve, hint), t);
  }

  /** Approves as the selected role (or the first not yet approved) with operator and note. */
  private void askApproval(TableView<ChangeControl.Approval> table) {
    ChangeControl.Approval selected = table.getSelectionModel().getSelectedItem();
    String role =
        selected != null && !selected.approved()
            ? selected.role()
            : vm.approvals().stream()
                .filter(a -> !a.approved())
                .map(ChangeControl.Approval::role)
                .findFirst()
                .orElse(null);
    if (role == null) {
      return;
    }
    Dialogs.askSignOff(
            getScene().getWindow(),
            "Approve the pending scripts as "
                + role
                + " (these exact scripts: an edit needs a new"
                + " approval)")
        .ifPresent(r -> vm.approve(role, r.by(), r.reason().isBlank() ? null : r.reason()));
  }

  private VBox verifyPane() {
    Button verify = new Button("_Verify");
    verify.setId("changesVerify");
    verify.disableProperty().bind(cannotAct());
    verify.setOnAction(e -> vm.verify());
    Label hint =
        new Label(
            "verify/*.sql (each passes when it returns no rows), the row-level-security audit with an"
                + " isolation probe, and who may read the internal views.");
    hint.getStyleClass().add("hint");
    TableView<ChangesViewModel.Check> t = new TableView<>(vm.checks());
    t.setId("changesChecks");
    t.setPlaceholder(new Label("No verification yet."));
    t.getColumns()
        .addAll(
            List.of(
                Columns.text("Check", 150, ChangesViewModel.Check::kind),
                Columns.text("Object", 280, ChangesViewModel.Check::name),
                Columns.text("Result", 70, ChangesViewModel.Check::result),
                Columns.text("Detail", 600, ChangesViewModel.Check::detail)));
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(t, List.of("pass", "fail"), c -> c.result().equals("PASS") ? "pass" : "fail");
    VBox.setVgrow(t, Priority.ALWAYS);
    return pane(new HBox(10, verify, hint), t);
  }

  private VBox backupsPane() {
    CheckBox trial = new CheckBox("with a tr_ial restore");
    trial.setId("changesTrial");
    trial.setSelected(true);
    Button backup = new Button("Back up _now");
    backup.setId("changesBackup");
    backup.disableProperty().bind(cannotAct());
    backup.setOnAction(e -> vm.backup(trial.isSelected()));
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
    Button restore = new Button("R_estore…");
    restore.setId("changesRestore");
    restore
        .disableProperty()
        .bind(cannotAct().or(backups.getSelectionModel().selectedItemProperty().isNull()));
    restore.setOnAction(
        e -> {
          Backup b = backups.getSelectionModel().getSelectedItem();
          Alert a =
              new Alert(
                  Alert.AlertType.CONFIRMATION,
                  "pg_restore --clean replaces the objects of "
                      + b.database()
                      + " with those of the backup taken "
                      + b.at()
                      + ". Changes made since are lost.",
                  ButtonType.OK,
                  ButtonType.CANCEL);
          a.initOwner(getScene().getWindow());
          a.setHeaderText("Restore " + Path.of(b.file()).getFileName() + "?");
          a.showAndWait().filter(x -> x == ButtonType.OK).ifPresent(x -> vm.restore(b));
        });
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
    return pane(top, split);
  }

  private static VBox pane(HBox top, Node body) {
    top.setAlignment(Pos.CENTER_LEFT);
    VBox v = new VBox(8, top, body);
    v.setPadding(new Insets(8, 0, 0, 0));
    return v;
  }

  private HBox actions(Consumer<Path> openFile) {
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
            cannotAct()
                .or(
                    Bindings.createBooleanBinding(
                        () -> vm.undoTargets().isEmpty(), vm.migrations())));
    undo.setOnAction(e -> askUndo());
    Button report = new Button("_Report");
    report.setId("changesReport");
    report.disableProperty().bind(cannotAct());
    report.setOnAction(e -> vm.writeReport(openFile));
    ProgressIndicator busy = new ProgressIndicator();
    busy.setPrefSize(20, 20);
    busy.visibleProperty().bind(vm.busyProperty());
    Label status = new Label();
    status.setId("changesStatus");
    status.textProperty().bind(vm.statusProperty());
    status.setWrapText(true);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox h = new HBox(10, migrate, reason, undo, report, spacer, busy, status);
    h.setAlignment(Pos.CENTER_LEFT);
    h.setPadding(new Insets(10, 0, 0, 0));
    return h;
  }

  /** Offers a backup first when there is none since the last change, as a careful DBA would. */
  private void confirmMigrate() {
    if (!vm.backupAdvised()) {
      vm.migrate(false);
      return;
    }
    ButtonType backUp = new ButtonType("Back up, then migrate", ButtonBar.ButtonData.YES);
    ButtonType without = new ButtonType("Migrate without a backup", ButtonBar.ButtonData.NO);
    Alert a =
        new Alert(
            Alert.AlertType.CONFIRMATION,
            "There is no backup of this database in the workspace since its last change. A"
                + " pg_dump backup (with a SHA-256 manifest) lets you restore it in one step if the"
                + " change goes wrong.",
            backUp,
            without,
            ButtonType.CANCEL);
    a.initOwner(getScene().getWindow());
    a.setHeaderText("Back up before migrating?");
    a.showAndWait().filter(b -> b != ButtonType.CANCEL).ifPresent(b -> vm.migrate(b == backUp));
  }

  private void askUndo() {
    Dialog<Object[]> d = new Dialog<>();
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
        b -> b == ButtonType.OK ? new Object[] {to.getValue(), staged.isSelected()} : null);
    d.showAndWait().ifPresent(r -> vm.undo((String) r[0], (Boolean) r[1]));
  }
}
