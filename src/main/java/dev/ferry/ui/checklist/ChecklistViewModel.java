package dev.ferry.ui.checklist;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.checklist.Checklist;
import dev.ferry.engine.checklist.Evidence;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.journal.SignOff;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.report.RunReport;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.TaskExecutor;
import dev.ferry.ui.session.MigrationSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Checklists step: the pre-, during- and post-migration checklist of the run. Items Ferry can
 * prove tick themselves with the evidence (asked of the run's result and of the target); the others
 * need an operator's sign-off (name, time, note), kept in the run journal.
 */
public final class ChecklistViewModel {
  private final MigrationSession session;
  private final TaskExecutor executor;
  private final ObservableList<Checklist> templates = FXCollections.observableArrayList();
  private final ObjectProperty<Checklist> checklist = new SimpleObjectProperty<>();
  private final ObservableList<RunReport.ItemState> items = FXCollections.observableArrayList();
  private final ObjectProperty<Map<String, Evidence>> evidence =
      new SimpleObjectProperty<>(Map.of());
  private final ObjectProperty<List<SignOff>> signOffs = new SimpleObjectProperty<>(List.of());
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);

  public ChecklistViewModel(MigrationSession session, TaskExecutor executor) {
    this.session = session;
    this.executor = executor;
    checklist.addListener((o, a, b) -> rebuild());
    session
        .resultProperty()
        .addListener(
            (o, a, b) -> {
              evidence.set(Map.of());
              signOffs.set(List.of());
              rebuild();
            });
  }

  /** Loads the templates (workspace copies or the shipped one) and collects the evidence. */
  public void refresh() {
    MigrationResult r = session.resultProperty().get();
    MigrationPlan plan = session.planProperty().get();
    Ferry ferry = session.ferry();
    BackgroundTask.wrap(
            () ->
                new Loaded(
                    Checklist.available(session.workspace()),
                    r == null || plan == null ? Map.of() : ferry.evidence(r, plan),
                    r == null ? List.of() : ferry.signOffs(r.runId())))
        .onRunning(() -> busy.set(true))
        .onSuccess(
            l -> {
              Checklist keep = checklist.get();
              templates.setAll(l.templates());
              evidence.set(l.evidence());
              signOffs.set(l.signOffs());
              checklist.set(
                  keep != null && l.templates().contains(keep) ? keep : l.templates().get(0));
              rebuild();
            })
        .onFailure(e -> status.set("✗ " + FerryException.describe(e)))
        .onFinished(() -> busy.set(false))
        .executeWith(executor);
  }

  private record Loaded(
      List<Checklist> templates, Map<String, Evidence> evidence, List<SignOff> signOffs) {}

  private void rebuild() {
    RunReport view = report();
    items.setAll(view == null ? List.of() : view.items());
    long proved = items.stream().filter(i -> i.state().equals("proved")).count();
    long signed = items.stream().filter(i -> i.state().equals("signed")).count();
    status.set(
        items.isEmpty()
            ? "Run a migration first: the checklist belongs to a run."
            : String.format(
                "%d items: %d proved by Ferry, %d signed, %d open",
                items.size(), proved, signed, items.size() - proved - signed));
  }

  /** The report's view of this checklist for the current run (null before a run). */
  public RunReport report() {
    MigrationResult r = session.resultProperty().get();
    if (r == null || checklist.get() == null) {
      return null;
    }
    return new RunReport(r, checklist.get(), evidence.get(), signOffs.get(), Instant.now());
  }

  /** Signs an item off for the run, recorded in the journal. */
  public void signOff(RunReport.ItemState item, String operator, String note) {
    MigrationResult r = session.resultProperty().get();
    Ferry ferry = session.ferry();
    SignOff s = new SignOff(r.runId(), item.item().id(), operator.strip(), Instant.now(), note);
    BackgroundTask.wrap(
            () -> {
              ferry.signOff(s);
              return ferry.signOffs(r.runId());
            })
        .onSuccess(
            list -> {
              signOffs.set(list);
              rebuild();
            })
        .onFailure(e -> status.set("✗ The sign-off was not saved: " + FerryException.describe(e)))
        .executeWith(executor);
  }

  public ObservableList<Checklist> templates() {
    return templates;
  }

  public ObjectProperty<Checklist> checklistProperty() {
    return checklist;
  }

  public ObservableList<RunReport.ItemState> items() {
    return items;
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** Next is open once a run exists; open items are carried into the report as open. */
  public BooleanBinding completeBinding() {
    return session.resultProperty().isNotNull();
  }

  public StringBinding blockedReasonBinding() {
    return Bindings.createStringBinding(
        () -> session.resultProperty().get() == null ? "Run a migration first." : "",
        session.resultProperty());
  }
}
