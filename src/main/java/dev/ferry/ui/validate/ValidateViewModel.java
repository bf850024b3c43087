package dev.ferry.ui.validate;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.KeyDifference;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.core.ValidationReport;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.TaskExecutor;
import dev.ferry.ui.session.MigrationSession;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * The Validate step: the report of the run's validation (or of "Validate again"), a grid per table
 * coloured by outcome, and for a selected mismatch the differing keys with source and target values
 * side by side, one line per differing column.
 */
public final class ValidateViewModel {
  /** One differing value: which row, which column, what each side holds. */
  public record Difference(String kind, String key, String column, String source, String target) {}

  private final MigrationSession session;
  private final TaskExecutor executor;
  private final ObjectProperty<ValidationReport> report = new SimpleObjectProperty<>();
  private final ObservableList<TableValidation> tables = FXCollections.observableArrayList();
  private final ObjectProperty<TableValidation> selected = new SimpleObjectProperty<>();
  private final ObservableList<Difference> differences = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("No validation yet.");
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);

  public ValidateViewModel(MigrationSession session, TaskExecutor executor) {
    this.session = session;
    this.executor = executor;
    report.addListener((o, a, b) -> show(b));
    selected.addListener((o, a, b) -> differences.setAll(b == null ? List.of() : flatten(b)));
  }

  private void show(ValidationReport r) {
    selected.set(null);
    if (r == null) {
      tables.clear();
      status.set("No validation yet.");
      return;
    }
    tables.setAll(r.tables());
    long bad = r.tables().stream().filter(t -> !t.ok()).count();
    status.set((bad == 0 ? "✓ " : "✗ ") + r.summary() + String.format(" (%.1f s)", r.seconds()));
    r.tables().stream().filter(t -> !t.ok()).findFirst().ifPresent(selected::set);
  }

  static List<Difference> flatten(TableValidation t) {
    List<Difference> out = new ArrayList<>();
    for (KeyDifference d : t.differences()) {
      String key = d.key().toString();
      Map<String, String> src = d.source() == null ? Map.of() : d.source();
      Map<String, String> tgt = d.target() == null ? Map.of() : d.target();
      if (d.source() == null || d.target() == null) {
        out.add(
            new Difference(
                d.kind(),
                key,
                "(whole row)",
                d.source() == null ? "—" : src.toString(),
                d.target() == null ? "—" : tgt.toString()));
        continue;
      }
      Set<String> cols = new LinkedHashSet<>(src.keySet());
      cols.addAll(tgt.keySet());
      for (String c : cols) {
        if (!Objects.equals(src.get(c), tgt.get(c))) {
          out.add(new Difference(d.kind(), key, c, show(src.get(c)), show(tgt.get(c))));
        }
      }
    }
    return out;
  }

  private static String show(String v) {
    return v == null ? "NULL" : v;
  }

  /** Validates the plan's tables again, reading both sides. */
  public void validateAgain() {
    MigrationPlan plan = session.planProperty().get();
    Ferry ferry = session.ferry();
    BackgroundTask.wrap(() -> ferry.validate(plan, MigrationListener.NONE, new AtomicBoolean()))
        .onRunning(
            () -> {
              running.set(true);
              status.set("Validating: reading and comparing both sides…");
            })
        .onSuccess(report::set)
        .onFailure(e -> status.set("✗ Validation failed to run: " + FerryException.describe(e)))
        .onFinished(() -> running.set(false))
        .executeWith(executor);
  }

  public ObjectProperty<ValidationReport> reportProperty() {
    return report;
  }

  public ObservableList<TableValidation> tables() {
    return tables;
  }

  public ObjectProperty<TableValidation> selectedProperty() {
    return selected;
  }

  public ObservableList<Difference> differences() {
    return differences;
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  public BooleanBinding canValidateBinding() {
    return session.planProperty().isNotNull().and(running.not());
  }

  /** Next: a validation exists (a mismatch is recorded, not hidden: the checklist will say so). */
  public BooleanBinding completeBinding() {
    return report.isNotNull().and(running.not());
  }

  public StringBinding blockedReasonBinding() {
    return Bindings.createStringBinding(
        () ->
            running.get()
                ? "Validating…"
                : report.get() == null ? "Validate the migrated tables first." : "",
        running,
        report);
  }
}
