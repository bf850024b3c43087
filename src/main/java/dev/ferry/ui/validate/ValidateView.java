package dev.ferry.ui.validate;

import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.ui.common.Columns;
import dev.ferry.ui.common.OutcomeStyle;
import dev.ferry.ui.common.StatusLine;
import dev.ferry.ui.validate.ValidateViewModel.Difference;
import java.awt.Color;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The Validate step's controls: a Tables tab (results grid, differences side by side, duration
 * chart) and a Schema tab (the run's planned objects read back, its ledger).
 */
public final class ValidateView extends BorderPane {
  private final ValidateViewModel vm;
  private final DefaultCategoryDataset durations = new DefaultCategoryDataset();

  public ValidateView(ValidateViewModel vm) {
    this.vm = vm;
    setPadding(new Insets(16));
    Button again = new Button("_Validate again");
    again.setId("validateAgain");
    again.disableProperty().bind(vm.canValidateBinding().not());
    again.setOnAction(e -> vm.validateAgain());
    ProgressIndicator busy = new ProgressIndicator();
    busy.setPrefSize(20, 20);
    busy.visibleProperty().bind(vm.runningProperty());
    CheckBox strict = new CheckBox("_Strict: orphans the source holds too fail");
    strict.setId("strictOrphans");
    strict.selectedProperty().bindBidirectional(vm.strictProperty());
    StatusLine status = new StatusLine("validateStatus", vm.statusProperty());
    OutcomeStyle.bind(status.label(), vm.outcomeProperty());
    // the button keeps its label; a long status wraps on its own line below
    again.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    strict.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    HBox buttons = new HBox(10, again, strict, busy);
    buttons.setAlignment(Pos.CENTER_LEFT);
    javafx.scene.layout.VBox top = new javafx.scene.layout.VBox(6, buttons, status);
    top.setPadding(new Insets(0, 0, 10, 0));
    setTop(top);

    SplitPane bottom = new SplitPane(differencesView(), durationChart());
    bottom.setDividerPositions(0.6);
    SplitPane split = new SplitPane(resultsView(), bottom);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.5);
    Tab schema = new Tab("Schema", schemaView());
    schema.setId("schemaTab");
    TabPane tabs = new TabPane(new Tab("Tables", split), schema);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    setCenter(tabs);
  }

  /** The run's schema section: what is not in the target as planned, then the whole ledger. */
  private VBox schemaView() {
    Label summary = new Label();
    summary.setId("schemaSummary");
    summary.setWrapText(true);
    summary.textProperty().bind(vm.schemaSummaryProperty());
    OutcomeStyle.bind(summary, vm.schemaOutcomeProperty());
    ListView<String> problems = new ListView<>(vm.schemaProblems());
    problems.setId("schemaProblems");
    problems.setPlaceholder(new Label("No schema problem: every planned object was read back."));
    problems.setPrefHeight(140);
    Label ledgerTitle = new Label("Ledger: every planned object and what became of it");
    ledgerTitle.getStyleClass().add("section-title");
    TableView<LedgerEntry> ledger = new TableView<>(vm.ledger());
    ledger.setId("ledger");
    ledger.setPlaceholder(new Label("The ledger of a run appears here."));
    ledger
        .getColumns()
        .addAll(
            List.of(
                Columns.text("Object", 320, LedgerEntry::object),
                Columns.text("Table", 170, e -> e.table() == null ? "" : e.table()),
                Columns.text("State", 90, e -> e.state().name()),
                Columns.text("Detail", 400, e -> e.detail() == null ? "" : e.detail())));
    ledger.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(
        ledger, List.of("pass", "fail"), e -> e.state() == ObjectState.FAILED ? "fail" : "pass");
    VBox box = new VBox(8, summary, problems, ledgerTitle, ledger);
    VBox.setVgrow(ledger, Priority.ALWAYS);
    box.setPadding(new Insets(8));
    return box;
  }

  private TableView<TableValidation> resultsView() {
    TableView<TableValidation> t = new TableView<>(vm.tables());
    t.setId("validationResults");
    t.setPlaceholder(new Label("Run a migration (or Validate again) to see results."));
    t.getColumns()
        .addAll(
            List.of(
                Columns.text("Table", 140, TableValidation::target),
                Columns.text("Source", 150, TableValidation::source),
                Columns.text("Source rows", 95, v -> String.format("%,d", v.sourceRows())),
                Columns.text("Target rows", 95, v -> String.format("%,d", v.targetRows())),
                Columns.text("Rejected", 75, v -> String.format("%,d", v.rejectedRows())),
                Columns.text(
                    "Checksum",
                    80,
                    v -> v.sourceChecksum().equals(v.targetChecksum()) ? "same" : "differs"),
                Columns.text("Orphans", 100, ValidateViewModel::orphans),
                Columns.text("Status", 110, TableValidation::status),
                Columns.text("Problems", 160, v -> String.join("; ", v.problems())),
                Columns.text("Notes", 120, v -> String.join("; ", v.notes()))));
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(
        t,
        List.of("match", "mismatch", "match-except-rejects"),
        v -> v.ok() ? v.rejectedRows() > 0 ? "match-except-rejects" : "match" : "mismatch");
    t.getSelectionModel()
        .selectedItemProperty()
        .addListener((o, a, b) -> vm.selectedProperty().set(b));
    vm.selectedProperty()
        .addListener(
            (o, a, b) -> {
              if (b != null && t.getSelectionModel().getSelectedItem() != b) {
                t.getSelectionModel().select(b);
              }
            });
    return t;
  }

  private TableView<Difference> differencesView() {
    TableView<Difference> t = new TableView<>(vm.differences());
    t.setId("differences");
    t.setPlaceholder(new Label("Select a table that differs to see its rows side by side."));
    t.getColumns()
        .addAll(
            List.of(
                Columns.text("Kind", 140, Difference::kind),
                Columns.text("Key", 150, Difference::key),
                Columns.text("Column", 120, Difference::column),
                Columns.text("Source value", 200, Difference::source),
                Columns.text("Target value", 200, Difference::target)));
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    return t;
  }

  private ChartViewer durationChart() {
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Validation time per table",
            null,
            "seconds",
            durations,
            PlotOrientation.HORIZONTAL,
            false,
            true,
            false);
    chart.setBackgroundPaint(Color.WHITE);
    ((BarRenderer) chart.getCategoryPlot().getRenderer())
        .setSeriesPaint(0, new Color(0x1f, 0x6f, 0xeb));
    chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
    vm.tables().addListener((ListChangeListener<TableValidation>) c -> fillDurations());
    fillDurations();
    ChartViewer viewer = new ChartViewer(chart);
    dev.ferry.ui.chart.ChartTheme.follow(viewer);
    viewer.setId("durationChart");
    return viewer;
  }

  private void fillDurations() {
    durations.clear();
    for (TableValidation v : vm.tables()) {
      durations.addValue(v.seconds(), "seconds", v.target());
    }
  }
}
