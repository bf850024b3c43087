package dev.ferry.ui.migrate;

import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.ui.chart.ThroughputChart;
import dev.ferry.ui.chart.TimelineView;
import dev.ferry.ui.common.Columns;
import dev.ferry.ui.common.OutcomeStyle;
import dev.ferry.ui.common.StatusLine;
import dev.ferry.ui.migrate.MigrateViewModel.RunState;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.ProgressBarTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Migrate step's controls: commands, overall progress, per-table progress, chart, log. */
public final class MigrateView extends BorderPane {
  private final MigrateViewModel vm;
  private final Consumer<Path> openFolder;

  /**
   * @param openFolder shows a folder in the desktop's file manager
   */
  public MigrateView(MigrateViewModel vm, Consumer<Path> openFolder) {
    this.vm = vm;
    this.openFolder = openFolder;
    setPadding(new Insets(16));
    setTop(top());
    TableView<TableProgressRow> tables = tablesView();
    ThroughputChart chart = new ThroughputChart(vm.samples());
    // the chart redraws at most once a second while running: show the last samples at the end
    vm.stateProperty().addListener((o, a, b) -> chart.redraw());
    ListView<String> log = new ListView<>(vm.log());
    log.setId("migrateLog");
    log.setPlaceholder(new Label("Warnings and table completions appear here."));
    vm.log().addListener((ListChangeListener<String>) c -> log.scrollTo(vm.log().size() - 1));
    TabPane charts =
        new TabPane(
            new Tab("Throughput", chart), new Tab("Timeline", new TimelineView(vm.spans())));
    charts.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    charts.setId("migrateCharts");
    SplitPane right = new SplitPane(charts, log);
    right.setOrientation(Orientation.VERTICAL);
    right.setDividerPositions(0.62);
    SplitPane split = new SplitPane(tables, right);
    split.setDividerPositions(0.52);
    setCenter(split);
  }

  private VBox top() {
    Button start = button("_Start", "startMigration");
    start.disableProperty().bind(vm.canStartBinding().not());
    start.setOnAction(e -> vm.start());
    Button pause = button("_Pause", "pauseMigration");
    pause.disableProperty().bind(vm.stateProperty().isNotEqualTo(RunState.RUNNING));
    pause.setOnAction(e -> vm.pause());
    Button resume = button("_Resume", "resumeMigration");
    resume
        .disableProperty()
        .bind(
            vm.resumableProperty()
                .not()
                .or(vm.stateProperty().isEqualTo(RunState.RUNNING))
                .or(vm.stateProperty().isEqualTo(RunState.PAUSING)));
    resume.setOnAction(e -> vm.resume());
    Button cancel = button("_Cancel", "cancelMigration");
    cancel
        .disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> {
                  RunState s = vm.stateProperty().get();
                  return s != RunState.RUNNING && s != RunState.PAUSED && s != RunState.PAUSING;
                },
                vm.stateProperty()));
    cancel.setOnAction(e -> vm.cancel());
    Button discard = button("_Discard run…", "discardRun");
    discard.setTooltip(
        new javafx.scene.control.Tooltip(
            "Drop what this failed run made on the target and start over with the plan as it is"
                + " now (Resume replays the plan saved with the run)"));
    discard.disableProperty().bind(vm.canDiscardBinding().not());
    discard.setOnAction(e -> vm.planDiscard(this::confirmDiscard));
    StatusLine status = new StatusLine("migrateStatus", vm.statusProperty());
    OutcomeStyle.bind(status.label(), vm.outcomeProperty());
    CheckBox backup = new CheckBox("Back _up first (SQLite sources, target)");
    backup.setId("backupFirst");
    backup.selectedProperty().bindBidirectional(vm.backupFirstProperty());
    backup.disableProperty().bind(vm.canStartBinding().not());
    // the buttons keep their labels; a long status wraps on its own line below them
    HBox commands = new HBox(8, start, backup, pause, resume, cancel, discard);
    commands.setAlignment(Pos.CENTER_LEFT);

    ProgressBar bar = new ProgressBar();
    bar.setId("overallProgress");
    bar.progressProperty().bind(vm.progressProperty());
    bar.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(bar, Priority.ALWAYS);
    Label text = new Label();
    text.setId("progressText");
    text.textProperty().bind(vm.progressTextProperty());
    Label phase = new Label();
    phase
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    vm.phaseProperty().get() == null
                        ? ""
                        : "phase: " + vm.phaseProperty().get().name().toLowerCase(),
                vm.phaseProperty()));
    Hyperlink rejects = new Hyperlink();
    rejects.setId("rejectsLink");
    rejects.textProperty().bind(vm.rejectedProperty().asString("%d rows rejected"));
    rejects
        .disableProperty()
        .bind(
            vm.rejectedProperty()
                .isEqualTo(0)
                .and(
                    Bindings.createBooleanBinding(
                        () ->
                            vm.resultProperty().get() == null
                                || vm.resultProperty().get().rejectsDirectory() == null,
                        vm.resultProperty())));
    rejects.setOnAction(e -> openRejects());
    HBox progress = new HBox(10, bar, text, phase, rejects);
    progress.setAlignment(Pos.CENTER_LEFT);
    Label banner = new Label();
    banner.setId("pastRunBanner");
    banner.getStyleClass().add("read-only-banner");
    banner.setWrapText(true);
    banner.setMaxWidth(Double.MAX_VALUE);
    banner.textProperty().bind(vm.pastBannerProperty());
    banner.visibleProperty().bind(vm.pastBannerProperty().isNotEmpty());
    banner.managedProperty().bind(banner.visibleProperty());
    VBox box = new VBox(10, banner, commands, status, progress, failedObjectsView());
    box.setPadding(new Insets(0, 0, 10, 0));
    return box;
  }

  /** The objects the target refused, shown only when there are some: OBJECTS_FAILED says which. */
  private VBox failedObjectsView() {
    Label title = new Label("Objects of the schema the target refused");
    title.getStyleClass().addAll("section-title", "status-failure");
    TableView<LedgerEntry> t = new TableView<>(vm.failedObjects());
    t.setId("failedObjects");
    t.getColumns()
        .addAll(
            List.of(
                Columns.text("Object", 320, LedgerEntry::object),
                Columns.text("Table", 160, e -> e.table() == null ? "" : e.table()),
                Columns.text(
                    "PostgreSQL's reason", 500, e -> e.detail() == null ? "" : e.detail())));
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(t, List.of("fail"), e -> "fail");
    t.setPrefHeight(130);
    VBox box = new VBox(6, title, t);
    box.visibleProperty().bind(Bindings.isNotEmpty(vm.failedObjects()));
    box.managedProperty().bind(box.visibleProperty());
    return box;
  }

  private void openRejects() {
    var r = vm.resultProperty().get();
    if (r != null && r.rejectsDirectory() != null) {
      openFolder.accept(Path.of(r.rejectsDirectory()));
    }
  }

  private TableView<TableProgressRow> tablesView() {
    TableView<TableProgressRow> t = new TableView<>(vm.tables());
    t.setId("progressTables");
    t.setPlaceholder(new Label("Start the migration to see each table's progress."));
    TableColumn<TableProgressRow, String> name = new TableColumn<>("Table");
    name.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().table()));
    name.setPrefWidth(170);
    TableColumn<TableProgressRow, Double> bar = new TableColumn<>("Progress");
    bar.setCellValueFactory(
        d ->
            Bindings.createObjectBinding(
                () -> d.getValue().fraction(),
                d.getValue().rowsDoneProperty(),
                d.getValue().rowsTotalProperty()));
    bar.setCellFactory(ProgressBarTableCell.forTableColumn());
    bar.setPrefWidth(120);
    TableColumn<TableProgressRow, String> rows = new TableColumn<>("Rows");
    rows.setCellValueFactory(
        d ->
            Bindings.createStringBinding(
                () ->
                    String.format(
                        "%,d / %,d",
                        d.getValue().rowsDoneProperty().get(),
                        d.getValue().rowsTotalProperty().get()),
                d.getValue().rowsDoneProperty(),
                d.getValue().rowsTotalProperty()));
    rows.setPrefWidth(150);
    TableColumn<TableProgressRow, String> speed = new TableColumn<>("rows/s");
    speed.setCellValueFactory(
        d ->
            Bindings.createStringBinding(
                () -> String.format("%,.0f", d.getValue().rowsPerSecondProperty().get()),
                d.getValue().rowsPerSecondProperty()));
    TableColumn<TableProgressRow, String> rejected = new TableColumn<>("Rejected");
    rejected.setCellValueFactory(d -> d.getValue().rejectedProperty().asString());
    TableColumn<TableProgressRow, String> state = new TableColumn<>("State");
    state.setCellValueFactory(d -> d.getValue().stateProperty());
    // "building keys: foreign key … → …" is cut in a narrow window
    Columns.tooltipWhenLong(state);
    t.getColumns().addAll(List.of(name, bar, rows, speed, rejected, state));
    Columns.keepHeaders(t);
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    return t;
  }

  /** Shows exactly what will be dropped; Cancel is the default, the DBA must choose Discard. */
  private void confirmDiscard(dev.ferry.engine.DiscardPlan plan) {
    javafx.scene.control.ButtonType drop =
        new javafx.scene.control.ButtonType(
            "Discard and drop", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
    javafx.scene.control.Alert a =
        new javafx.scene.control.Alert(
            javafx.scene.control.Alert.AlertType.WARNING,
            plan.describe(),
            javafx.scene.control.ButtonType.CANCEL,
            drop);
    a.initOwner(getScene().getWindow());
    a.setTitle("Discard run " + plan.runId());
    a.setHeaderText("Discard this run and start over with the edited plan?");
    a.getDialogPane().setId("discardDialog");
    ((Button) a.getDialogPane().lookupButton(drop)).setDefaultButton(false);
    ((Button) a.getDialogPane().lookupButton(javafx.scene.control.ButtonType.CANCEL))
        .setDefaultButton(true);
    dev.ferry.ui.common.Dialogs.keepButtonLabels(a.getDialogPane());
    a.showAndWait().filter(b -> b == drop).ifPresent(b -> vm.discard(plan));
  }

  private static Button button(String text, String id) {
    Button b = new Button(text);
    b.setId(id);
    b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    return b;
  }
}
