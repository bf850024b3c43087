package dev.ferry.ui.plan;

import dev.ferry.engine.assess.Assessment;
import dev.ferry.engine.assess.TableInventory;
import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanFile;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.plan.TablePlan;
import dev.ferry.engine.schema.Ddl;
import dev.ferry.engine.schema.Rehearsal;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.Outcome;
import dev.ferry.ui.common.TaskExecutor;
import dev.ferry.ui.session.MigrationSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Plan step: the default plan from Assess, editable — tables included or not, target names,
 * column types and transforms (each showing the cast rule that chose it), load settings — with a
 * DDL preview — rehearsed on the target when one is connected (in a transaction that is rolled
 * back), each statement accepted or REFUSED with PostgreSQL's reason — saved and loaded as the same
 * YAML file {@code ferry migrate --plan} runs. Next is disabled while the plan is invalid, with the
 * reason.
 */
public final class PlanViewModel {
  static final String NOT_REHEARSED = "Not rehearsed: connect a target to rehearse the DDL on it.";
  static final String STALE = "The plan changed since the rehearsal: rehearse on the target again.";

  /**
   * One statement of the DDL as the target's rehearsal saw it: {@code error} is PostgreSQL's reason
   * when it refused the statement, null when it accepted it.
   */
  public record RehearsedStatement(String object, String sql, String error) {
    public boolean accepted() {
      return error == null;
    }

    public String outcome() {
      return accepted() ? "accepted" : "REFUSED";
    }
  }

  /** One table of the plan, as edited. */
  public static final class TableRow {
    private final TablePlan original;
    private final long rows;
    private final BooleanProperty include;
    private final StringProperty target;
    private final ObservableList<ColumnRow> columns;

    TableRow(TablePlan original, long rows) {
      this.original = original;
      this.rows = rows;
      this.include = new SimpleBooleanProperty(original.include());
      this.target = new SimpleStringProperty(original.target());
      this.columns =
          FXCollections.observableArrayList(
              original.columns().stream().map(ColumnRow::new).toList());
    }

    public String source() {
      return original.id().label();
    }

    public long rows() {
      return rows;
    }

    public String resolution() {
      return original.resolution() == null ? "" : original.resolution();
    }

    public BooleanProperty includeProperty() {
      return include;
    }

    public StringProperty targetProperty() {
      return target;
    }

    public ObservableList<ColumnRow> columns() {
      return columns;
    }

    TablePlan toPlan() {
      return new TablePlan(
          original.source(),
          original.schema(),
          original.name(),
          target.get().strip(),
          include.get(),
          original.resolution(),
          columns.stream().map(ColumnRow::toPlan).toList());
    }
  }

  /** One column of a table, as edited: target type and transform. */
  public static final class ColumnRow {
    private final ColumnPlan original;
    private final StringProperty type;
    private final ObjectProperty<Transform> transform;

    ColumnRow(ColumnPlan original) {
      this.original = original;
      this.type = new SimpleStringProperty(original.type());
      this.transform = new SimpleObjectProperty<>(original.transform());
    }

    public String name() {
      return original.name();
    }

    public String sourceType() {
      return original.sourceType() == null ? "" : original.sourceType();
    }

    public String target() {
      return original.target();
    }

    /** The rule that chose the type, or that the DBA overrode it. */
    public String rule() {
      return edited() ? "edited (rule " + original.rule() + ")" : original.rule();
    }

    public String note() {
      return original.note() == null ? "" : original.note();
    }

    public boolean edited() {
      return !type.get().strip().equals(original.type()) || transform.get() != original.transform();
    }

    public StringProperty typeProperty() {
      return type;
    }

    public ObjectProperty<Transform> transformProperty() {
      return transform;
    }

    ColumnPlan toPlan() {
      ColumnPlan o = original;
      return new ColumnPlan(
          o.name(),
          o.sourceType(),
          o.target(),
          type.get().strip(),
          transform.get(),
          o.rule(),
          o.nullable(),
          o.identity(),
          o.defaultExpr(),
          o.numericTime(),
          edited()
              ? "type set in the console" + (o.note() == null ? "" : "; " + o.note())
              : o.note());
    }
  }

  private final MigrationSession session;
  private final TaskExecutor executor;
  private final ObservableList<TableRow> tables = FXCollections.observableArrayList();
  private final IntegerProperty edits = new SimpleIntegerProperty();
  private final ObjectProperty<IfExists> ifExists = new SimpleObjectProperty<>(IfExists.FAIL);
  private final ObjectProperty<LoadOrder> loadOrder =
      new SimpleObjectProperty<>(LoadOrder.CONSTRAINTS_AFTER_LOAD);
  private final IntegerProperty jobs = new SimpleIntegerProperty();
  private final IntegerProperty batchRows = new SimpleIntegerProperty();
  private final LongProperty chunkRows = new SimpleLongProperty();
  private final LongProperty errorBudget = new SimpleLongProperty();
  private final BooleanProperty validate = new SimpleBooleanProperty(true);
  private final BooleanProperty cleanText = new SimpleBooleanProperty(false);
  private final BooleanProperty strictOrphans = new SimpleBooleanProperty(false);
  private final ReadOnlyStringWrapper ddl = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
  private final ObservableList<RehearsedStatement> rehearsal = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper rehearsalSummary = new ReadOnlyStringWrapper(NOT_REHEARSED);
  private final ReadOnlyIntegerWrapper refused = new ReadOnlyIntegerWrapper();
  private final ReadOnlyObjectWrapper<Outcome> rehearsalOutcome =
      new ReadOnlyObjectWrapper<>(Outcome.NONE);
  // edited column types the target does not know: type → why, with the closest names
  private final javafx.collections.ObservableMap<String, String> unknownTypes =
      FXCollections.observableHashMap();
  private final StringBinding problem;
  private final BooleanBinding valid;
  private MigrationPlan base;

  public PlanViewModel(MigrationSession session, TaskExecutor executor) {
    this.session = session;
    this.executor = executor;
    problem =
        Bindings.createStringBinding(
            this::check,
            tables,
            edits,
            session.planProperty(),
            jobs,
            batchRows,
            chunkRows,
            errorBudget,
            unknownTypes);
    valid = problem.isEmpty();
    // a rehearsal speaks for the plan it ran on, not for one edited since
    edits.addListener((o, a, b) -> forgetRehearsal(STALE));
    ifExists.addListener((o, a, b) -> forgetRehearsal(STALE));
    session.targetProperty().addListener((o, a, b) -> forgetRehearsal(NOT_REHEARSED));
    session
        .planProperty()
        .addListener(
            (o, a, b) -> {
              if (b == null) {
                base = null;
                tables.clear();
                ddl.set("");
              }
            });
  }

  /** Shows the session's plan (from Assess), unless the DBA is already editing it. */
  public void showSessionPlan() {
    MigrationPlan p = session.planProperty().get();
    if (p != null && (base == null || !samePlanSource(p))) {
      show(p);
    }
  }

  private boolean samePlanSource(MigrationPlan p) {
    return base != null
        && base.sources().equals(p.sources())
        && base.tables().size() == p.tables().size();
  }

  private void show(MigrationPlan p) {
    base = p;
    Map<String, Long> rows = new HashMap<>();
    Assessment a = session.assessmentProperty().get();
    if (a != null) {
      for (TableInventory t : a.tables()) {
        rows.put(
            t.source() + ":" + (t.schema() == null ? "" : t.schema() + ".") + t.table(), t.rows());
      }
    }
    List<TableRow> rowsList = new ArrayList<>();
    for (TablePlan tp : p.tables()) {
      TableRow r = new TableRow(tp, rows.getOrDefault(tp.id().label(), -1L));
      r.include.addListener(o -> edits.set(edits.get() + 1));
      r.target.addListener(o -> edits.set(edits.get() + 1));
      for (ColumnRow c : r.columns) {
        c.type.addListener(
            o -> {
              edits.set(edits.get() + 1);
              checkTypes();
            });
        c.transform.addListener(o -> edits.set(edits.get() + 1));
      }
      rowsList.add(r);
    }
    tables.setAll(rowsList);
    Settings s = p.settings();
    ifExists.set(s.ifExists());
    loadOrder.set(s.loadOrder());
    jobs.set(s.jobs());
    batchRows.set(s.batchRows());
    chunkRows.set(s.chunkRows());
    errorBudget.set(s.errorBudget());
    validate.set(s.validate());
    cleanText.set(s.cleanText());
    strictOrphans.set(s.strictOrphans());
    session.waivers().setAll(p.waivers());
    ddl.set("");
    forgetRehearsal(NOT_REHEARSED);
  }

  private void forgetRehearsal(String why) {
    if (!rehearsal.isEmpty() || !rehearsalSummary.get().equals(NOT_REHEARSED)) {
      rehearsal.clear();
      refused.set(0);
      rehearsalOutcome.set(Outcome.NONE);
      rehearsalSummary.set(why);
    }
  }

  private String check() {
    if (base == null) {
      return "Run the assessment first: it makes the default plan.";
    }
    List<TableRow> included = tables.stream().filter(t -> t.include.get()).toList();
    if (included.isEmpty()) {
      return "Include at least one table.";
    }
    Map<String, TableRow> byTarget = new HashMap<>();
    for (TableRow t : included) {
      String name = t.target.get().strip();
      if (name.isEmpty()) {
        return "Table " + t.source() + " has no target name.";
      }
      if (name.getBytes(StandardCharsets.UTF_8).length > 63) {
        return "Target name '" + name + "' is longer than PostgreSQL's 63 bytes.";
      }
      TableRow first = byTarget.putIfAbsent(name, t);
      if (first != null && !first.toPlan().sameTargetColumns(t.toPlan().columns())) {
        return "Tables "
            + first.source()
            + " and "
            + t.source()
            + " both load into '"
            + name
            + "' but their columns differ: give one another target name.";
      }
      for (ColumnRow c : t.columns) {
        if (c.type.get() == null || c.type.get().isBlank()) {
          return "Column " + t.source() + "." + c.name() + " has no target type.";
        }
        String unknown = unknownTypes.get(c.type.get().strip());
        if (unknown != null) {
          return "Column " + t.source() + "." + c.name() + ": " + unknown + ".";
        }
      }
    }
    if (jobs.get() < 1 || batchRows.get() < 1 || chunkRows.get() < 1 || errorBudget.get() < 0) {
      return "Jobs, batch rows and chunk rows must be at least 1, the error budget at least 0.";
    }
    return "";
  }

  /**
   * Checks the edited column types on the target as they are typed, in the background: a type it
   * does not know holds the plan (Next disabled, the closest names offered) instead of failing the
   * schema phase half-way. Types the plan had before the edit (its own enums among them) are not
   * checked; without a target nothing is checked (the rehearsal on Migrate still is).
   */
  private void checkTypes() {
    if (base == null || session.targetProperty().get() == null) {
      unknownTypes.clear();
      return;
    }
    Set<String> planned = new java.util.HashSet<>();
    base.tables().forEach(tp -> tp.columns().forEach(c -> planned.add(c.type())));
    Set<String> typed = new java.util.TreeSet<>();
    for (TableRow t : tables) {
      for (ColumnRow c : t.columns) {
        String type = c.type.get() == null ? "" : c.type.get().strip();
        if (!type.isEmpty() && !planned.contains(type)) {
          typed.add(type);
        }
      }
    }
    if (typed.isEmpty()) {
      unknownTypes.clear();
      return;
    }
    MigrationPlan p = base;
    var ferry = session.ferry();
    BackgroundTask.wrap(() -> ferry.unknownTargetTypes(p, typed))
        .onSuccess(
            found -> {
              unknownTypes.clear();
              found.forEach((type, why) -> unknownTypes.put(type.strip(), why));
            })
        .onFailure(
            e ->
                status.set(
                    "✗ Cannot check the edited types on the target: " + FerryException.describe(e)))
        .executeWith(executor);
  }

  /** The plan as edited. */
  public MigrationPlan currentPlan() {
    Settings.Builder b = base.settings().toBuilder();
    b.ifExists = ifExists.get();
    b.loadOrder = loadOrder.get();
    b.jobs = jobs.get();
    b.batchRows = batchRows.get();
    b.chunkRows = chunkRows.get();
    b.errorBudget = errorBudget.get();
    b.validate = validate.get();
    b.cleanText = cleanText.get();
    b.strictOrphans = strictOrphans.get();
    return new MigrationPlan(
        base.version(),
        base.sources(),
        base.target(),
        b.build(),
        tables.stream().map(TableRow::toPlan).toList(),
        List.copyOf(session.waivers()));
  }

  /** Hands the edited plan to the next steps (what Next does). */
  public void apply() {
    MigrationPlan p = currentPlan();
    base = p;
    session.planProperty().set(p);
    session.settingsProperty().set(p.settings());
  }

  /**
   * The DDL preview, computed in the background: rehearsed on the target when one is connected,
   * else only built.
   */
  public void refreshDdl() {
    if (!valid.get()) {
      ddl.set("-- the plan is not valid: " + problem.get());
      return;
    }
    if (session.targetProperty().get() != null) {
      rehearse();
      return;
    }
    MigrationPlan p = currentPlan();
    var ferry = session.ferry();
    BackgroundTask.wrap(
            () ->
                ferry.ddl(p).all().stream()
                    .map(Ddl::sql)
                    .map(PlanViewModel::terminated)
                    .collect(Collectors.joining("\n\n")))
        .onRunning(() -> busy.set(true))
        .onSuccess(ddl::set)
        .onFailure(e -> ddl.set("-- cannot build the DDL: " + FerryException.describe(e)))
        .onFinished(() -> busy.set(false))
        .executeWith(executor);
  }

  /**
   * Runs the plan's whole DDL on the target in a transaction that is rolled back, in the
   * background, and shows each statement accepted or REFUSED with PostgreSQL's reason.
   */
  public void rehearse() {
    if (!valid.get()) {
      ddl.set("-- the plan is not valid: " + problem.get());
      return;
    }
    if (session.targetProperty().get() == null) {
      forgetRehearsal(NOT_REHEARSED);
      return;
    }
    MigrationPlan p = currentPlan();
    var ferry = session.ferry();
    BackgroundTask.wrap(() -> ferry.rehearse(p))
        .onRunning(
            () -> {
              busy.set(true);
              rehearsalSummary.set("Rehearsing the DDL on the target (rolled back)…");
            })
        .onSuccess(this::showRehearsal)
        .onFailure(
            e -> {
              rehearsal.clear();
              refused.set(0);
              rehearsalOutcome.set(Outcome.FAILURE);
              rehearsalSummary.set(
                  "✗ Cannot rehearse on the target: " + FerryException.describe(e));
              ddl.set("-- cannot rehearse the DDL: " + FerryException.describe(e));
            })
        .onFinished(() -> busy.set(false))
        .executeWith(executor);
  }

  private void showRehearsal(List<Rehearsal.Outcome> outcomes) {
    List<RehearsedStatement> rows =
        outcomes.stream()
            .map(o -> new RehearsedStatement(o.ddl().description(), o.ddl().sql(), o.error()))
            .toList();
    rehearsal.setAll(rows);
    int no = (int) rows.stream().filter(r -> !r.accepted()).count();
    refused.set(no);
    rehearsalOutcome.set(no == 0 ? Outcome.SUCCESS : Outcome.FAILURE);
    String summary =
        no == 0
            ? "✓ Rehearsed on the target and rolled back: all "
                + rows.size()
                + " statements accepted."
            : "✗ Rehearsed on the target and rolled back: "
                + no
                + " of "
                + rows.size()
                + (rows.size() == 1 ? " statement" : " statements")
                + " REFUSED — the run would refuse to start until each is fixed or waived.";
    rehearsalSummary.set(summary);
    StringBuilder text =
        new StringBuilder("-- ").append(summary.substring(2)).append(" Nothing was written.\n\n");
    for (RehearsedStatement r : rows) {
      text.append("-- ").append(r.object()).append('\n');
      text.append(r.accepted() ? "-- accepted" : "-- REFUSED: " + r.error()).append('\n');
      text.append(terminated(r.sql())).append("\n\n");
    }
    ddl.set(text.toString().strip());
  }

  private static String terminated(String sql) {
    return sql.endsWith(";") ? sql : sql + ";";
  }

  public void save(Path file) {
    MigrationPlan p = currentPlan();
    BackgroundTask.wrap(
            () -> {
              PlanFile.write(p, file);
              return file;
            })
        .onSuccess(f -> status.set("Saved " + f + " — run it with: ferry migrate --plan " + f))
        .onFailure(e -> status.set("✗ Cannot save " + file + ": " + FerryException.describe(e)))
        .executeWith(executor);
  }

  /** Loads a plan file made for the same sources (a plan for other sources is refused). */
  public void load(Path file) {
    BackgroundTask.wrap(() -> PlanFile.read(file))
        .onSuccess(
            p -> {
              Set<String> mine =
                  session.sourcesProperty().get().stream()
                      .map(s -> s.name())
                      .collect(Collectors.toSet());
              Set<String> theirs =
                  p.sources().stream().map(s -> s.name()).collect(Collectors.toSet());
              if (!mine.equals(theirs)) {
                status.set(
                    "✗ "
                        + file.getFileName()
                        + " is a plan for sources "
                        + theirs
                        + ", not for the connected "
                        + mine
                        + ".");
                return;
              }
              show(p.withTarget(base == null ? p.target() : base.target()));
              status.set("Loaded " + file + ".");
            })
        .onFailure(e -> status.set("✗ Cannot load " + file + ": " + FerryException.describe(e)))
        .executeWith(executor);
  }

  public ObservableList<TableRow> tables() {
    return tables;
  }

  public ObjectProperty<IfExists> ifExistsProperty() {
    return ifExists;
  }

  public ObjectProperty<LoadOrder> loadOrderProperty() {
    return loadOrder;
  }

  public IntegerProperty jobsProperty() {
    return jobs;
  }

  public IntegerProperty batchRowsProperty() {
    return batchRows;
  }

  public LongProperty chunkRowsProperty() {
    return chunkRows;
  }

  public LongProperty errorBudgetProperty() {
    return errorBudget;
  }

  public BooleanProperty validateProperty() {
    return validate;
  }

  public BooleanProperty cleanTextProperty() {
    return cleanText;
  }

  /** Validation fails tables for orphan rows the source holds too (ferry migrate --strict). */
  public BooleanProperty strictOrphansProperty() {
    return strictOrphans;
  }

  public ReadOnlyStringProperty ddlProperty() {
    return ddl.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The last rehearsal's statements, in the order they ran; empty before one (or after edits). */
  public ObservableList<RehearsedStatement> rehearsal() {
    return rehearsal;
  }

  public ReadOnlyStringProperty rehearsalSummaryProperty() {
    return rehearsalSummary.getReadOnlyProperty();
  }

  /** SUCCESS when the target accepted every statement, FAILURE when it refused one. */
  public ReadOnlyObjectProperty<Outcome> rehearsalOutcomeProperty() {
    return rehearsalOutcome.getReadOnlyProperty();
  }

  /** How many statements the last rehearsal's target refused. */
  public ReadOnlyIntegerProperty refusedProperty() {
    return refused.getReadOnlyProperty();
  }

  /** Rehearse on target: a valid plan, a connected target, nothing running. */
  public BooleanBinding canRehearseBinding() {
    return valid.and(session.targetProperty().isNotNull()).and(busy.not());
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** Why the plan cannot run; empty when it can. */
  public StringBinding problemBinding() {
    return problem;
  }

  public BooleanBinding validBinding() {
    return valid;
  }
}
