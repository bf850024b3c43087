package dev.ferry.ui.online;

import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.online.CutoverOptions;
import dev.ferry.engine.online.OnlineStatus;
import dev.ferry.ui.chart.LagChart;
import dev.ferry.ui.common.Columns;
import dev.ferry.ui.common.Dialogs;
import dev.ferry.ui.common.StatusLine;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The Online page: source and target PostgreSQL on top; Pre-check, Start, Cutover… and Abort…; the
 * pre-checks' findings, each table's sync state and the live lag chart; the status on its own line.
 * While a run is under way the servers are read every 2 seconds.
 */
public final class OnlineView extends VBox {
  private final OnlineViewModel vm;

  public OnlineView(OnlineViewModel vm) {
    this.vm = vm;
    setPadding(new Insets(16));
    setSpacing(10);
    Label title =
        new Label(
            "Online migration — PostgreSQL → PostgreSQL on logical replication: the servers move"
                + " the bytes, writes stop only for the cutover");
    title.getStyleClass().add("section-title");
    title.setWrapText(true);
    title.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

    GridPane form = new GridPane();
    form.setHgap(8);
    form.setVgap(6);
    TextField source =
        field("onlineSource", vm.sourceUrlProperty(), "jdbc:postgresql://host/db?user=…");
    PasswordField sourcePw = password("onlineSourcePassword", vm.sourcePasswordProperty());
    TextField target =
        field("onlineTarget", vm.targetUrlProperty(), "jdbc:postgresql://host/db?user=…");
    PasswordField targetPw = password("onlineTargetPassword", vm.targetPasswordProperty());
    TextField schema = field("onlineSchema", vm.schemaProperty(), "public");
    schema.setPrefColumnCount(10);
    TextField conninfo =
        field(
            "onlineConninfo",
            vm.conninfoProperty(),
            "default: the source's address — say how the target server reaches it");
    form.addRow(0, new Label("Source"), source, new Label("Password"), sourcePw);
    form.addRow(1, new Label("Target"), target, new Label("Password"), targetPw);
    form.addRow(2, new Label("Schema"), schema, new Label("Source as the target server sees it"));
    form.add(conninfo, 0, 3, 4, 1);
    GridPane.setHgrow(source, Priority.ALWAYS);
    GridPane.setHgrow(target, Priority.ALWAYS);
    // while a run is under way its servers are the run's: cutover and abort use them
    form.disableProperty().bind(vm.activeBinding());

    Button check = new Button("_Pre-check");
    check.setId("onlineCheck");
    check.disableProperty().bind(vm.cannotStartBinding());
    check.setOnAction(e -> vm.check());
    Button start = new Button("_Start");
    start.setId("onlineStart");
    start.disableProperty().bind(vm.cannotStartBinding());
    start.setOnAction(e -> vm.start());
    Button cut = new Button("_Cutover…");
    cut.setId("onlineCutover");
    cut.disableProperty()
        .bind(
            vm.activeBinding()
                .not()
                .or(vm.busyProperty())
                .or(vm.stateProperty().isNotEqualTo("streaming")));
    // indexes and keys first, while writes still flow; then the DBA is asked to stop writes
    cut.setOnAction(e -> vm.prepareCutover(this::askCutover));
    Button abort = new Button("_Abort…");
    abort.setId("onlineAbort");
    abort.disableProperty().bind(vm.activeBinding().not().or(vm.busyProperty()));
    abort.setOnAction(e -> askAbort());
    Button back = new Button("Switch _back…");
    back.setId("onlineFallback");
    back.disableProperty().bind(vm.fallbackOpenProperty().not().or(vm.busyProperty()));
    back.setOnAction(e -> askFallback());
    Button finish = new Button("_End fallback");
    finish.setId("onlineFinish");
    finish.disableProperty().bind(vm.fallbackOpenProperty().not().or(vm.busyProperty()));
    finish.setOnAction(e -> vm.finishFallback());
    Button report = new Button("_Report");
    report.setId("onlineReport");
    report.disableProperty().bind(vm.runProperty().isNull().or(vm.busyProperty()));
    report.setOnAction(e -> vm.report());
    ProgressIndicator busy = new ProgressIndicator();
    busy.setPrefSize(20, 20);
    busy.visibleProperty().bind(vm.busyProperty());
    HBox buttons = new HBox(10, check, start, cut, abort, back, finish, report, busy);
    buttons.setAlignment(Pos.CENTER_LEFT);
    StatusLine status = new StatusLine("onlineStatus", vm.statusProperty());
    Label warning = new Label();
    warning.setId("onlineWarning");
    warning.getStyleClass().add("status-failure");
    warning.setWrapText(true);
    warning.textProperty().bind(vm.warningProperty());
    warning.managedProperty().bind(warning.textProperty().isNotEmpty());

    TableView<Finding> findings = new TableView<>(vm.findings());
    findings.setId("onlineFindings");
    findings.setPlaceholder(new Label("Pre-check to see what both servers say."));
    findings
        .getColumns()
        .addAll(
            List.of(
                Columns.text("Severity", 80, f -> f.severity().name()),
                Columns.text("Object", 150, Finding::object),
                Columns.text("Finding", 360, Finding::message),
                Columns.text("What to do", 360, f -> f.remedy() == null ? "" : f.remedy())));
    findings.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(
        findings,
        List.of("blocker", "warning", "waived"),
        f ->
            switch (f.severity()) {
              case BLOCKER -> "blocker";
              case WARNING -> "warning";
              case INFO -> "waived";
            });
    TableView<OnlineStatus.TableSync> tables = new TableView<>(vm.tables());
    tables.setId("onlineTables");
    tables.setPlaceholder(new Label("No run yet."));
    tables
        .getColumns()
        .addAll(
            List.of(
                Columns.text("Table", 200, OnlineStatus.TableSync::table),
                Columns.text("Sync state", 120, OnlineStatus.TableSync::state)));
    tables.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(
        tables, List.of("pass", "pending"), t -> t.state().equals("ready") ? "pass" : "pending");
    LagChart<OnlineViewModel.LagSample> chart =
        new LagChart<>(
            vm.lag(),
            OnlineViewModel.LagSample::at,
            s -> s.bytes(),
            OnlineViewModel.LagSample::seconds);
    SplitPane lower = new SplitPane(tables, chart);
    lower.setDividerPositions(0.3);
    SplitPane body = new SplitPane(findings, lower);
    body.setOrientation(javafx.geometry.Orientation.VERTICAL);
    body.setDividerPositions(0.35);
    VBox.setVgrow(body, Priority.ALWAYS);
    getChildren().setAll(title, form, buttons, status, warning, body);
    Dialogs.keepLabels(form);

    // while a run is under way, the servers are read every 2 s
    Timeline poll =
        new Timeline(
            new KeyFrame(
                Duration.seconds(2),
                e -> {
                  if (getScene() != null && isVisible() && vm.activeBinding().get()) {
                    vm.refresh();
                  }
                }));
    poll.setCycleCount(Timeline.INDEFINITE);
    poll.play();
  }

  private static TextField field(String id, javafx.beans.property.StringProperty p, String prompt) {
    TextField f = new TextField();
    f.setId(id);
    f.setPromptText(prompt);
    f.textProperty().bindBidirectional(p);
    return f;
  }

  private static PasswordField password(String id, javafx.beans.property.StringProperty p) {
    PasswordField f = new PasswordField();
    f.setId(id);
    f.setPromptText("kept in memory only");
    f.textProperty().bindBidirectional(p);
    return f;
  }

  /**
   * Who stops writes (Ferry's triggers, or the DBA: then "stopped" is typed) and when the tables
   * are compared; Cancel is the default.
   */
  private void askCutover() {
    Dialog<ButtonType> d = new Dialog<>();
    d.initOwner(getScene().getWindow());
    d.setTitle("Cut over");
    d.setHeaderText("Cut over to the target: writes on the source stop for a few seconds.");
    d.getDialogPane().setId("cutoverDialog");
    TextArea what =
        new TextArea(
            "Indexes, checks and foreign keys are already built (writes were still flowing).\n"
                + "Ferry then: stops writes on the source (as chosen below);\n"
                + "waits until the target has every change of the source (lag 0 at an LSN);\n"
                + "sets the target's sequences past the source's;\n"
                + "drops the subscription, its slot and the publication — the target stands"
                + " alone;\n"
                + "compares every table on both sides as of that LSN (rows and a checksum).");
    what.setEditable(false);
    what.setWrapText(true);
    what.setPrefRowCount(6);
    javafx.scene.control.ToggleGroup who = new javafx.scene.control.ToggleGroup();
    javafx.scene.control.RadioButton byFerry =
        new javafx.scene.control.RadioButton(
            "Ferry stops writes: a trigger on each table refuses them (kept afterwards, so the"
                + " old primary cannot diverge)");
    byFerry.setId("cutoverWritesFerry");
    byFerry.setWrapText(true);
    byFerry.setToggleGroup(who);
    byFerry.setSelected(true);
    javafx.scene.control.RadioButton byDba =
        new javafx.scene.control.RadioButton(
            "I have stopped writes on the source (maintenance mode)");
    byDba.setId("cutoverWritesConfirmed");
    byDba.setToggleGroup(who);
    javafx.scene.control.CheckBox before =
        new javafx.scene.control.CheckBox(
            "Compare before the target takes writes (safer; the downtime grows with the data)");
    before.setId("cutoverCompareBefore");
    before.setWrapText(true);
    javafx.scene.control.CheckBox fallback =
        new javafx.scene.control.CheckBox(
            "Open a fallback window: the old primary follows the target's writes, so you can"
                + " switch back (needs wal_level = logical on the target)");
    fallback.setId("cutoverFallback");
    fallback.setWrapText(true);
    TextField typed = new TextField();
    typed.setId("cutoverTyped");
    Label ask = new Label();
    ask.textProperty()
        .bind(
            Bindings.when(byDba.selectedProperty())
                .then("Writes are stopped — type stopped:")
                .otherwise("Type cutover to go on:"));
    ask.setLabelFor(typed);
    d.getDialogPane().setContent(new VBox(8, what, byFerry, byDba, before, fallback, ask, typed));
    d.getDialogPane().setPrefWidth(620);
    ButtonType go = new ButtonType("Cut over", ButtonBar.ButtonData.OK_DONE);
    d.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, go);
    Button ok = (Button) d.getDialogPane().lookupButton(go);
    ok.setDefaultButton(false);
    ok.disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> !typed.getText().equals(byDba.isSelected() ? "stopped" : "cutover"),
                typed.textProperty(),
                byDba.selectedProperty()));
    ((Button) d.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
    Dialogs.keepButtonLabels(d.getDialogPane());
    d.showAndWait()
        .filter(b -> b == go)
        .ifPresent(
            b ->
                vm.cutover(
                    CutoverOptions.defaults()
                        .withWrites(
                            byDba.isSelected()
                                ? CutoverOptions.Writes.CONFIRMED
                                : CutoverOptions.Writes.FERRY)
                        .comparingBeforeSwitch(before.isSelected())
                        .withFallbackIf(fallback.isSelected())));
  }

  private void askFallback() {
    javafx.scene.control.Alert a =
        new javafx.scene.control.Alert(
            javafx.scene.control.Alert.AlertType.CONFIRMATION,
            "Ferry refuses writes on the target, waits until the old primary has every change,"
                + " sets its sequences, drops the reverse replication and lets the old primary"
                + " take writes again. The target keeps refusing writes.",
            ButtonType.CANCEL,
            ButtonType.OK);
    a.initOwner(getScene().getWindow());
    a.setHeaderText("Switch back to the old primary?");
    ((Button) a.getDialogPane().lookupButton(ButtonType.OK)).setDefaultButton(false);
    ((Button) a.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
    Dialogs.keepButtonLabels(a.getDialogPane());
    a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.fallback());
  }

  private void askAbort() {
    javafx.scene.control.Alert a =
        new javafx.scene.control.Alert(
            javafx.scene.control.Alert.AlertType.CONFIRMATION,
            "Drops this run's subscription, its slot and the publication. The source stays the"
                + " primary, untouched; the tables made on the target stay.",
            ButtonType.CANCEL,
            ButtonType.OK);
    a.initOwner(getScene().getWindow());
    a.setHeaderText("Abort the online migration?");
    ((Button) a.getDialogPane().lookupButton(ButtonType.OK)).setDefaultButton(false);
    ((Button) a.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
    a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.abort());
  }
}
