package dev.ferry.ui.assess;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.assess.Assessment;
import dev.ferry.engine.assess.Estimate;
import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.assess.TableInventory;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.Waiver;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.TaskExecutor;
import dev.ferry.ui.session.MigrationSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Assess step: builds the default plan and runs the pre-checks in the background, then holds
 * the findings (filterable by severity and text), the inventory with totals, the foreign-key levels
 * and the estimate. A BLOCKER can be waived with a reason; Next needs every blocker waived.
 */
public final class AssessViewModel {
  private final MigrationSession session;
  private final TaskExecutor executor;
  private final ObservableList<Finding> findings = FXCollections.observableArrayList();
  private final FilteredList<Finding> visibleFindings = new FilteredList<>(findings);
  private final ObjectProperty<Severity> severityFilter = new SimpleObjectProperty<>();
  private final StringProperty textFilter = new SimpleStringProperty("");
  private final ObservableList<TableInventory> inventory = FXCollections.observableArrayList();
  private final ObservableList<String> levels = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper totals = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper estimate = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not run yet.");
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
  private final IntegerBinding openBlockers;
  private final BooleanBinding complete;
  private final StringBinding blockedReason;

  public AssessViewModel(MigrationSession session, TaskExecutor executor) {
    this.session = session;
    this.executor = executor;
    visibleFindings
        .predicateProperty()
        .bind(
            Bindings.createObjectBinding(
                () -> {
                  Severity s = severityFilter.get();
                  String text = textFilter.get().strip().toLowerCase(Locale.ROOT);
                  return f ->
                      (s == null || f.severity() == s)
                          && (text.isEmpty()
                              || (f.object() + " " + f.message() + " " + f.id())
                                  .toLowerCase(Locale.ROOT)
                                  .contains(text));
                },
                severityFilter,
                textFilter));
    openBlockers =
        Bindings.createIntegerBinding(
            () -> (int) findings.stream().filter(this::isOpenBlocker).count(),
            findings,
            session.waivers());
    complete =
        session.assessmentProperty().isNotNull().and(openBlockers.isEqualTo(0)).and(running.not());
    blockedReason =
        Bindings.createStringBinding(
            () -> {
              if (running.get()) {
                return "The assessment is running.";
              }
              if (session.assessmentProperty().get() == null) {
                return "Run the assessment first.";
              }
              int n = openBlockers.get();
              return n == 0
                  ? ""
                  : n + " BLOCKER finding" + (n == 1 ? " is" : "s are") + " open: fix or waive.";
            },
            running,
            session.assessmentProperty(),
            openBlockers);
    session
        .assessmentProperty()
        .addListener(
            (o, a, b) -> {
              if (b == null) {
                clear();
              }
            });
  }

  public boolean isOpenBlocker(Finding f) {
    return f.severity() == Severity.BLOCKER
        && session.waivers().stream().noneMatch(w -> w.covers(f.id(), f.object()));
  }

  /** Whether an assessment of the current connections exists. */
  public boolean hasRun() {
    return session.assessmentProperty().get() != null;
  }

  public boolean isWaived(Finding f) {
    return session.waivers().stream().anyMatch(w -> w.covers(f.id(), f.object()));
  }

  private record Planned(MigrationPlan plan, Assessment assessment) {}

  /** Runs the assessment when the step is shown and none exists for these connections. */
  public void runIfNeeded() {
    if (!running.get() && !hasRun()) {
      run();
    }
  }

  /** Plans and assesses in the background. */
  public void run() {
    Ferry ferry = session.ferry();
    BackgroundTask.wrap(
            () -> {
              MigrationPlan plan = ferry.plan();
              return new Planned(plan, ferry.assess(plan, false));
            })
        .onRunning(
            () -> {
              running.set(true);
              status.set("Assessing: reading catalogs, profiling columns, checking both servers…");
            })
        .onSuccess(
            r -> {
              session.planProperty().set(r.plan());
              show(r.assessment());
            })
        .onFailure(e -> status.set("✗ The assessment failed: " + FerryException.describe(e)))
        .onFinished(() -> running.set(false))
        .executeWith(executor);
  }

  private void show(Assessment a) {
    session.waivers().clear();
    session.assessmentProperty().set(a);
    findings.setAll(
        a.findings().stream().sorted((x, y) -> x.severity().compareTo(y.severity())).toList());
    inventory.setAll(a.tables());
    Assessment.Totals t = a.totals();
    totals.set(
        String.format(
            "%d source%s, %d tables, %,d rows, %s",
            t.sources(), t.sources() == 1 ? "" : "s", t.tables(), t.rows(), size(t.sizeBytes())));
    Map<Integer, List<String>> byLevel = new TreeMap<>();
    for (TableInventory ti : a.tables()) {
      byLevel.computeIfAbsent(ti.level(), k -> new ArrayList<>()).add(ti.target());
    }
    List<String> lines = new ArrayList<>();
    byLevel.forEach(
        (level, names) ->
            lines.add(
                (level == 0 ? "Independent" : "Level " + level)
                    + " ("
                    + names.size()
                    + "): "
                    + String.join(", ", names)));
    for (List<String> cycle : a.cycles()) {
      lines.add("Cycle: " + String.join(" → ", cycle) + " (foreign keys added after the load)");
    }
    levels.setAll(lines);
    estimate.set(estimateText(a.estimate()));
    long blockers = a.blockers();
    status.set(
        String.format(
            "%d findings: %d blocker%s, %d warnings, %d info.",
            a.findings().size(),
            blockers,
            blockers == 1 ? "" : "s",
            count(a, Severity.WARNING),
            count(a, Severity.INFO)));
  }

  private static long count(Assessment a, Severity s) {
    return a.findings().stream().filter(f -> f.severity() == s).count();
  }

  /** Accepts a BLOCKER with a reason; it goes into the plan's waivers and the run journal. */
  public void waive(Finding f, String reason, String by) {
    Waiver w =
        new Waiver(f.id(), f.object(), reason.strip(), by == null || by.isBlank() ? null : by);
    session.waivers().removeIf(x -> x.covers(f.id(), f.object()));
    session.waivers().add(w);
    MigrationPlan plan = session.planProperty().get();
    if (plan != null) {
      session.planProperty().set(plan.withWaivers(List.copyOf(session.waivers())));
    }
  }

  private void clear() {
    findings.clear();
    inventory.clear();
    levels.clear();
    totals.set("");
    estimate.set("");
    status.set("Not run yet.");
  }

  static String size(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format("%,d kB", bytes / 1024);
    }
    return String.format("%,.1f MB", bytes / 1024.0 / 1024.0);
  }

  /**
   * The estimate in words whose parts add up: each part rounded once (to a tenth of a second, or of
   * a minute), the downtime the sum of the rounded data, constraints and validation, and the total
   * that sum plus preparation.
   */
  static String estimateText(Estimate e) {
    if (e == null || e.sampledTable() == null) {
      return "No estimate (no target, or nothing to sample).";
    }
    double prep = round(e.preparationSeconds());
    double data = round(e.dataSeconds());
    double constraints = round(e.constraintsSeconds());
    double validation = round(e.validationSeconds());
    double downtime = data + constraints + validation;
    return String.format(
        "Preparation %s + data %s + constraints %s + validation %s = %s in all; the source must"
            + " not change for the last three, %s  (measured on %,d rows of %s: read %,.0f rows/s,"
            + " write %,.0f rows/s)",
        secs(prep),
        secs(data),
        secs(constraints),
        secs(validation),
        secs(prep + downtime),
        secs(downtime),
        e.sampleRows(),
        e.sampledTable(),
        e.readRowsPerSecond(),
        e.writeRowsPerSecond());
  }

  /** Seconds as shown: a tenth of a second below a minute, a tenth of a minute above. */
  private static double round(double s) {
    return s < 60 ? Math.round(s * 10) / 10.0 : Math.round(s / 6) * 6.0;
  }

  static String secs(double s) {
    return s < 60 ? String.format("%.1f s", s) : String.format("%.1f min", s / 60);
  }

  public ObservableList<Finding> findings() {
    return findings;
  }

  public FilteredList<Finding> visibleFindings() {
    return visibleFindings;
  }

  public ObjectProperty<Severity> severityFilterProperty() {
    return severityFilter;
  }

  public StringProperty textFilterProperty() {
    return textFilter;
  }

  public ObservableList<TableInventory> inventory() {
    return inventory;
  }

  /** The latest assessment (null before one ran), for the foreign-key graph. */
  public javafx.beans.value.ObservableValue<Assessment> assessment() {
    return session.assessmentProperty();
  }

  public ObservableList<String> levels() {
    return levels;
  }

  public ReadOnlyStringProperty totalsProperty() {
    return totals.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty estimateProperty() {
    return estimate.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  public IntegerBinding openBlockersBinding() {
    return openBlockers;
  }

  public BooleanBinding completeBinding() {
    return complete;
  }

  public StringBinding blockedReasonBinding() {
    return blockedReason;
  }
}
