package dev.ferry.ui.assess;

import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.assess.TableInventory;
import dev.ferry.ui.common.Columns;
import dev.ferry.ui.common.Dialogs;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The Assess step's controls: findings with filters and waivers, inventory, levels, estimate. */
public final class AssessView extends BorderPane {
  private final AssessViewModel vm;

  public AssessView(AssessViewModel vm) {
    this.vm = vm;
    setPadding(new Insets(16));
    Button run = new Button("_Run assessment");
    run.setId("runAssessment");
    run.setDefaultButton(true);
    run.disableProperty().bind(vm.runningProperty());
    run.setOnAction(e -> vm.run());
    ProgressIndicator busy = new ProgressIndicator();
    busy.setPrefSize(22, 22);
    busy.visibleProperty().bind(vm.runningProperty());
    Label status = new Label();
    status.setId("assessStatus");
    status.textProperty().bind(vm.statusProperty());
    HBox top = new HBox(10, run, busy, status);
    top.setAlignment(Pos.CENTER_LEFT);
    top.setPadding(new Insets(0, 0, 10, 0));
    setTop(top);

    SplitPane split = new SplitPane(findingsPane(), detailsPane());
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.55);
    setCenter(split);
  }

  private VBox findingsPane() {
    ComboBox<Severity> severity = new ComboBox<>();
    severity.getItems().addAll(null, Severity.BLOCKER, Severity.WARNING, Severity.INFO);
    severity.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(Severity s) {
            return s == null ? "All severities" : s.name();
          }

          @Override
          public Severity fromString(String s) {
            return null;
          }
        });
    severity.valueProperty().bindBidirectional(vm.severityFilterProperty());
    severity.setId("severityFilter");
    TextField text = new TextField();
    text.setPromptText("Filter by table, column or text");
    text.textProperty().bindBidirectional(vm.textFilterProperty());
    HBox.setHgrow(text, Priority.ALWAYS);

    TableView<Finding> table = new TableView<>(vm.visibleFindings());
    table.setId("findings");
    table.setPlaceholder(new Label("Run the assessment to see findings."));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table
        .getColumns()
        .addAll(
            List.of(
                Columns.text(
                    "Severity",
                    90,
                    f -> vm.isWaived(f) ? f.severity() + " (waived)" : f.severity().name()),
                Columns.text("Object", 220, Finding::object),
                Columns.text("Finding", 420, Finding::message),
                Columns.text("Remedy", 320, Finding::remedy)));
    Columns.styleRows(
        table,
        List.of("blocker", "warning", "info", "waived"),
        f -> vm.isWaived(f) ? "waived" : f.severity().name().toLowerCase());

    Button waive = new Button("_Waive blocker…");
    waive.setId("waive");
    waive
        .disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> {
                  Finding f = table.getSelectionModel().getSelectedItem();
                  return f == null || !vm.isOpenBlocker(f);
                },
                table.getSelectionModel().selectedItemProperty(),
                vm.openBlockersBinding()));
    waive.setOnAction(
        e -> {
          Finding f = table.getSelectionModel().getSelectedItem();
          Dialogs.askReason(
                  getScene().getWindow(),
                  "Waive " + f.id() + " on " + f.object(),
                  f.message()
                      + "\n\nWhy is it acceptable? The reason is recorded in the plan, the"
                      + " run journal and the report.")
              .ifPresent(
                  r -> {
                    vm.waive(f, r.reason(), r.by());
                    table.refresh();
                  });
        });
    Label blockers = new Label();
    blockers.textProperty().bind(vm.openBlockersBinding().asString("%d open blockers"));
    HBox bar = new HBox(8, severity, text, waive, blockers);
    bar.setAlignment(Pos.CENTER_LEFT);
    VBox box = new VBox(8, bar, table);
    VBox.setVgrow(table, Priority.ALWAYS);
    return box;
  }

  private TabPane detailsPane() {
    TableView<TableInventory> inv = new TableView<>(vm.inventory());
    inv.setId("inventory");
    inv.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    inv.getColumns()
        .addAll(
            List.of(
                Columns.text("Source", 140, TableInventory::source),
                Columns.text("Table", 180, TableInventory::table),
                Columns.text("Target", 180, TableInventory::target),
                Columns.text("Rows", 100, t -> String.format("%,d", t.rows())),
                Columns.text("Size", 90, t -> AssessViewModel.size(t.sizeBytes())),
                Columns.text("Columns", 70, t -> Integer.toString(t.columns())),
                Columns.text("Primary key", 90, t -> t.primaryKey() ? "yes" : "NO"),
                Columns.text("Level", 60, t -> Integer.toString(t.level()))));
    Label totals = new Label();
    totals.setId("totals");
    totals.textProperty().bind(vm.totalsProperty());
    VBox invBox = new VBox(6, inv, totals);
    VBox.setVgrow(inv, Priority.ALWAYS);
    invBox.setPadding(new Insets(6));

    ListView<String> levels = new ListView<>(vm.levels());
    levels.setId("levels");
    LevelGraph graph = new LevelGraph();
    vm.assessment()
        .subscribe(
            a -> {
              if (a == null) {
                graph.show(List.of(), List.of());
              } else {
                graph.show(a.tables(), a.cycles());
              }
            });
    SplitPane levelsPane = new SplitPane(graph, levels);
    levelsPane.setOrientation(Orientation.VERTICAL);
    levelsPane.setDividerPositions(0.75);
    Label estimate = new Label();
    estimate.setId("estimate");
    estimate.setWrapText(true);
    estimate.textProperty().bind(vm.estimateProperty());
    estimate.setMinHeight(Region.USE_PREF_SIZE);
    VBox est = new VBox(estimate);
    est.setPadding(new Insets(10));

    TabPane tabs =
        new TabPane(
            new Tab("Inventory", invBox),
            new Tab("Foreign-key levels", levelsPane),
            new Tab("Estimate", est));
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    return tabs;
  }
}
