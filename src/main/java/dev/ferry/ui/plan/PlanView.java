package dev.ferry.ui.plan;

import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.ui.common.Columns;
import dev.ferry.ui.common.OutcomeStyle;
import dev.ferry.ui.plan.PlanViewModel.ColumnRow;
import dev.ferry.ui.plan.PlanViewModel.RehearsedStatement;
import dev.ferry.ui.plan.PlanViewModel.TableRow;
import java.io.File;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.control.cell.ComboBoxTableCell;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The Plan step's controls: tables and columns to edit, load settings, DDL preview, save/load. */
public final class PlanView extends BorderPane {
  private final PlanViewModel vm;

  public PlanView(PlanViewModel vm) {
    this.vm = vm;
    setPadding(new Insets(16));
    TabPane tabs =
        new TabPane(
            new Tab("Tables and columns", tablesPane()),
            new Tab("Load settings", settingsPane()),
            ddlTab());
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    setCenter(tabs);
    setBottom(bar());
  }

  private SplitPane tablesPane() {
    TableView<TableRow> tables = new TableView<>(vm.tables());
    tables.setId("planTables");
    tables.setEditable(true);
    tables.setPlaceholder(new Label("Run the assessment first: it makes the default plan."));
    TableColumn<TableRow, Boolean> include = new TableColumn<>("Include");
    include.setCellValueFactory(d -> d.getValue().includeProperty());
    include.setCellFactory(CheckBoxTableCell.forTableColumn(include));
    include.setPrefWidth(70);
    TableColumn<TableRow, String> target = new TableColumn<>("Target table (editable)");
    target.setCellValueFactory(d -> d.getValue().targetProperty());
    target.setCellFactory(TextFieldTableCell.forTableColumn());
    target.setPrefWidth(220);
    tables.getColumns().add(include);
    tables.getColumns().add(Columns.text("Source table", 240, TableRow::source));
    tables.getColumns().add(target);
    tables
        .getColumns()
        .add(Columns.text("Rows", 100, t -> t.rows() < 0 ? "" : String.format("%,d", t.rows())));
    tables.getColumns().add(Columns.text("Resolution", 420, TableRow::resolution));
    Columns.keepHeaders(tables);
    tables.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

    TableView<ColumnRow> columns = new TableView<>();
    columns.setId("planColumns");
    columns.setEditable(true);
    columns.setPlaceholder(new Label("Select a table to see its columns."));
    tables
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, a, b) ->
                columns.setItems(b == null ? FXCollections.observableArrayList() : b.columns()));
    TableColumn<ColumnRow, String> type = new TableColumn<>("Target type (editable)");
    type.setCellValueFactory(d -> d.getValue().typeProperty());
    type.setCellFactory(TextFieldTableCell.forTableColumn());
    type.setPrefWidth(190);
    TableColumn<ColumnRow, Transform> transform = new TableColumn<>("Transform");
    transform.setCellValueFactory(d -> d.getValue().transformProperty());
    transform.setCellFactory(ComboBoxTableCell.forTableColumn(Transform.values()));
    transform.setPrefWidth(130);
    columns.getColumns().add(Columns.text("Column", 150, ColumnRow::name));
    columns.getColumns().add(Columns.text("Source type", 130, ColumnRow::sourceType));
    columns.getColumns().add(type);
    columns.getColumns().add(transform);
    columns.getColumns().add(Columns.text("Cast rule", 180, ColumnRow::rule));
    columns.getColumns().add(Columns.text("Note", 380, ColumnRow::note));
    Columns.keepHeaders(columns);
    columns.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    // the rule column says "edited" once a type changes
    type.setOnEditCommit(
        e -> {
          e.getRowValue().typeProperty().set(e.getNewValue());
          columns.refresh();
        });
    transform.setOnEditCommit(
        e -> {
          e.getRowValue().transformProperty().set(e.getNewValue());
          columns.refresh();
        });
    SplitPane split = new SplitPane(tables, columns);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.5);
    return split;
  }

  private GridPane settingsPane() {
    ComboBox<IfExists> ifExists =
        new ComboBox<>(FXCollections.observableArrayList(IfExists.values()));
    ifExists.valueProperty().bindBidirectional(vm.ifExistsProperty());
    ifExists.setConverter(
        dev.ferry.ui.common.PlainWords.converter(
            IfExists.class, dev.ferry.ui.common.PlainWords::of));
    ComboBox<LoadOrder> order =
        new ComboBox<>(FXCollections.observableArrayList(LoadOrder.values()));
    order.valueProperty().bindBidirectional(vm.loadOrderProperty());
    order.setConverter(
        dev.ferry.ui.common.PlainWords.converter(
            LoadOrder.class, dev.ferry.ui.common.PlainWords::of));
    Spinner<Integer> jobs = new Spinner<>(1, 64, vm.jobsProperty().get());
    jobs.getValueFactory().valueProperty().addListener((o, a, b) -> vm.jobsProperty().set(b));
    vm.jobsProperty().addListener((o, a, b) -> jobs.getValueFactory().setValue(b.intValue()));
    Spinner<Integer> batch = new Spinner<>(1, 1_000_000, vm.batchRowsProperty().get(), 5_000);
    batch.setEditable(true);
    batch.getValueFactory().valueProperty().addListener((o, a, b) -> vm.batchRowsProperty().set(b));
    vm.batchRowsProperty().addListener((o, a, b) -> batch.getValueFactory().setValue(b.intValue()));
    Spinner<Integer> chunk =
        new Spinner<>(1, Integer.MAX_VALUE, (int) vm.chunkRowsProperty().get(), 100_000);
    chunk.setEditable(true);
    chunk.getValueFactory().valueProperty().addListener((o, a, b) -> vm.chunkRowsProperty().set(b));
    vm.chunkRowsProperty().addListener((o, a, b) -> chunk.getValueFactory().setValue(b.intValue()));
    Spinner<Integer> budget =
        new Spinner<>(0, Integer.MAX_VALUE, (int) vm.errorBudgetProperty().get(), 100);
    budget.setEditable(true);
    budget
        .getValueFactory()
        .valueProperty()
        .addListener((o, a, b) -> vm.errorBudgetProperty().set(b));
    vm.errorBudgetProperty()
        .addListener((o, a, b) -> budget.getValueFactory().setValue(b.intValue()));
    CheckBox validate = new CheckBox("_Validate after the load (counts, checksums, orphans)");
    validate.selectedProperty().bindBidirectional(vm.validateProperty());
    CheckBox clean = new CheckBox("_Clean text: strip NUL bytes, replace invalid UTF-8 (counted)");
    clean.selectedProperty().bindBidirectional(vm.cleanTextProperty());
    CheckBox strict =
        new CheckBox("Strict: _orphan rows the source holds too fail validation (else a note)");
    strict.setId("planStrictOrphans");
    strict.selectedProperty().bindBidirectional(vm.strictOrphansProperty());
    GridPane g = new GridPane();
    g.setHgap(10);
    g.setVgap(10);
    g.setPadding(new Insets(16));
    g.addRow(
        0,
        new Label("Target tables that exist"),
        ifExists,
        hint("FAIL refuses; TRUNCATE empties them; APPEND adds rows"));
    g.addRow(
        1,
        new Label("Load order"),
        order,
        hint("constraints after the load (fast), or level by level in foreign-key order"));
    g.addRow(2, new Label("Parallel jobs"), jobs, hint("tables or chunks loaded at once"));
    g.addRow(
        3, new Label("COPY batch rows"), batch, hint("the unit a failing batch is split from"));
    g.addRow(4, new Label("Chunk rows"), chunk, hint("the unit of commit and resume"));
    g.addRow(
        5, new Label("Error budget"), budget, hint("rejected rows tolerated before the run stops"));
    g.add(validate, 1, 6, 2, 1);
    g.add(clean, 1, 7, 2, 1);
    g.add(strict, 1, 8, 2, 1);
    return g;
  }

  private static Label hint(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("hint");
    return l;
  }

  private Tab ddlTab() {
    TextArea ddl = new TextArea();
    ddl.setId("ddl");
    ddl.setEditable(false);
    ddl.getStyleClass().add("sql");
    ddl.textProperty().bind(vm.ddlProperty());
    Button rehearse = new Button("Rehearse on _target");
    rehearse.setId("rehearse");
    rehearse.disableProperty().bind(vm.canRehearseBinding().not());
    rehearse.setOnAction(e -> vm.rehearse());
    Button refresh = new Button("_Refresh DDL");
    refresh.setId("refreshDdl");
    refresh.disableProperty().bind(vm.busyProperty());
    refresh.setOnAction(e -> vm.refreshDdl());
    ProgressIndicator busy = new ProgressIndicator();
    busy.setPrefSize(20, 20);
    busy.visibleProperty().bind(vm.busyProperty());
    Label summary = new Label();
    summary.setId("rehearsalSummary");
    summary.setWrapText(true);
    summary.textProperty().bind(vm.rehearsalSummaryProperty());
    OutcomeStyle.bind(summary, vm.rehearsalOutcomeProperty());
    HBox top = new HBox(8, rehearse, refresh, busy, summary);
    top.setAlignment(Pos.CENTER_LEFT);

    TableView<RehearsedStatement> statements = new TableView<>(vm.rehearsal());
    statements.setId("rehearsal");
    statements.setPlaceholder(
        new Label("Each statement's outcome on the target appears here after a rehearsal."));
    statements.getColumns().add(Columns.text("Object", 300, RehearsedStatement::object));
    statements.getColumns().add(Columns.text("Outcome", 100, RehearsedStatement::outcome));
    statements
        .getColumns()
        .add(Columns.text("PostgreSQL's reason", 500, r -> r.error() == null ? "" : r.error()));
    statements.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(statements, List.of("pass", "fail"), r -> r.accepted() ? "pass" : "fail");
    SplitPane split = new SplitPane(statements, ddl);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.4);
    VBox box = new VBox(8, top, split);
    VBox.setVgrow(split, Priority.ALWAYS);
    box.setPadding(new Insets(8));
    Tab t = new Tab("DDL preview", box);
    t.setOnSelectionChanged(
        e -> {
          if (t.isSelected()) {
            // rehearsed on the target when one is connected: the preview says what it will accept
            vm.refreshDdl();
          }
        });
    return t;
  }

  private HBox bar() {
    Button save = new Button("_Save plan…");
    save.setId("savePlan");
    save.disableProperty().bind(vm.validBinding().not());
    save.setOnAction(
        e -> {
          FileChooser fc = chooser("Save the migration plan");
          fc.setInitialFileName("plan.yaml");
          File f = fc.showSaveDialog(getScene().getWindow());
          if (f != null) {
            vm.save(f.toPath());
          }
        });
    Button load = new Button("_Load plan…");
    load.setOnAction(
        e -> {
          File f = chooser("Load a migration plan").showOpenDialog(getScene().getWindow());
          if (f != null) {
            vm.load(f.toPath());
          }
        });
    Label status = new Label();
    status.setId("planStatus");
    status.textProperty().bind(vm.statusProperty());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    Label problem = new Label();
    problem.getStyleClass().add("form-error");
    problem.textProperty().bind(vm.problemBinding());
    HBox bar = new HBox(8, save, load, status, spacer, problem);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(10, 0, 0, 0));
    return bar;
  }

  private static FileChooser chooser(String title) {
    FileChooser fc = new FileChooser();
    fc.setTitle(title);
    fc.getExtensionFilters()
        .add(new FileChooser.ExtensionFilter("Ferry plans (YAML)", "*.yaml", "*.yml"));
    return fc;
  }
}
