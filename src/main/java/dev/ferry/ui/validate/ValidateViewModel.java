package dev.ferry.ui.validate;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.KeyDifference;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.core.ValidationReport;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.Outcome;
import dev.ferry.ui.common.TaskExecutor;
import dev.ferry.ui.common.Times;
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
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Validate step: the report of the run's validation (or of "Validate again"), a grid per table
 * coloured by outcome (orphans the source holds too as notes, not differences), and for a selected
 * mismatch the differing keys with source and target values side by side, one line per differing
 * column; and the run's schema section: its planned objects read back from the target, each problem
 * listed, with the ledger of what became of every object.
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
  private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>(Outcome.NONE);
  private final BooleanProperty strict = new SimpleBooleanProperty(false);
  private final ObservableList<String> schemaProblems = FXCollections.observableArrayList();
  private final ObservableList<LedgerEntry> ledger = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper schemaSummary = new ReadOnlyStringWrapper(NO_RUN);
  private final ReadOnlyObjectWrapper<Outcome> schemaOutcome =
      new ReadOnlyObjectWrapper<>(Outcome.NONE);

  static final String NO_RUN =
      "No run yet: the schema section reads a run's planned objects back from the target.";

  public ValidateViewModel(MigrationSession session, TaskExecutor executor) {
    this.session = session;
    this.executor = executor;
    report.addListener((o, a, b) -> show(b));
    selected.addListener((o, a, b) -> differences.setAll(b == null ? List.of() : flatten(b)));
    session.resultProperty().addListener((o, a, b) -> showSchema(b));
    session
        .planProperty()
        .addListener((o, a, b) -> strict.set(b != null && b.settings().strictOrphans()));
    showSchema(session.resultProperty().get());
  }

  /**
   * The run's schema section: the objects its ledger says failed and those validation found missing
   * from the target's catalog, and the whole ledger.
   */
  private void showSchema(MigrationResult r) {
    if (r == null) {
      ledger.clear();
      schemaProblems.clear();
      schemaSummary.set(NO_RUN);
      schemaOutcome.set(Outcome.NONE);
      return;
    }
    ledger.setAll(r.ledger());
    List<String> problems = new ArrayList<>();
    for (LedgerEntry e : r.failedObjects()) {
      problems.add(e.object() + ": FAILED — " + e.detail());
    }
    if (r.validation() != null) {
      problems.addAll(r.validation().schema());
    }
    schemaProblems.setAll(problems);
    int planned = r.ledger().size();
    long folded = r.ledger().stream().filter(e -> e.state() == ObjectState.FOLDED).count();
    long kept = r.ledger().stream().filter(e -> e.state() == ObjectState.KEPT).count();
    if (!problems.isEmpty()) {
      schemaSummary.set(
          "✗ "
              + problems.size()
              + " of "
              + planned
              + " planned objects are not in the target as planned: "
              + r.failedObjects().size()
              + " failed when created"
              + (r.validation() == null
                  ? ""
                  : ", " + r.validation().schema().size() + " missing when read back")
              + ".");
      schemaOutcome.set(Outcome.FAILURE);
    } else if (r.validation() == null) {
      schemaSummary.set(
          "Validation was skipped: the "
              + planned
              + " planned objects were created, but not read back from the target.");
      schemaOutcome.set(Outcome.WARNING);
    } else {
      schemaSummary.set(
          "✓ All "
              + planned
              + " planned objects present in the target"
              + (kept + folded == 0
                  ? ""
                  : " ("
                      + (kept == 0 ? "" : kept + " kept as they were")
                      + (kept > 0 && folded > 0 ? ", " : "")
                      + (folded == 0 ? "" : folded + " folded into another object")
                      + ")")
              + ".");
      schemaOutcome.set(Outcome.SUCCESS);
    }
  }

  private void show(ValidationReport r) {
    selected.set(null);
    if (r == null) {
      tables.clear();
      status.set("No validation yet.");
      outcome.set(Outcome.NONE);
      return;
    }
    tables.setAll(r.tables());
    // a schema-section problem fails the validation as much as a table that differs
    status.set(
        (r.ok() ? "✓ " : "✗ ")
            + r.summary()
            + String.format(" (%.1f s)", r.seconds())
            + superseded(session.resultProperty().get()));
    outcome.set(r.ok() ? Outcome.SUCCESS : Outcome.FAILURE);
    r.tables().stream().filter(t -> !t.ok()).findFirst().ifPresent(selected::set);
  }

  /** What the newest validation replaced, with its time: " — replaces …" or nothing. */
  static String superseded(MigrationResult r) {
    if (r == null || r.validations().size() < 2) {
      return "";
    }
    var before = r.validations().get(r.validations().size() - 2);
    return " — replaces the validation by "
        + before.by()
        + " at "
        + Times.local(before.at())
        + " ("
        + (before.ok() ? "it found all matching" : "it found differences")
        + ")";
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

  /**
   * Validates the plan's tables again, reading both sides; strictly (orphans the source holds too
   * fail) when {@link #strictProperty()} is set. The schema section stays the run's.
   */
  public void validateAgain() {
    MigrationPlan planned = session.planProperty().get();
    var settings = planned.settings().toBuilder();
    settings.strictOrphans = strict.get();
    MigrationPlan plan = planned.withSettings(settings.build());
    Ferry ferry = session.ferry();
    MigrationResult run = session.resultProperty().get();
    BackgroundTask.wrap(
            () -> {
              ValidationReport r =
                  ferry.validate(plan, MigrationListener.NONE, new AtomicBoolean());
              // the run's result as this validation now says: every screen and export reads it
              MigrationResult now = run == null ? null : ferry.result(run.runId()).orElse(run);
              return new Revalidated(r, now);
            })
        .onRunning(
            () -> {
              running.set(true);
              status.set("Validating: reading and comparing both sides…");
            })
        .onSuccess(
            v -> {
              // the result first: the report's status line names what it replaced
              if (v.result() != null && v.result() != run) {
                session.resultProperty().set(v.result());
              }
              report.set(v.report());
            })
        .onFailure(e -> status.set("✗ Validation failed to run: " + FerryException.describe(e)))
        .onFinished(() -> running.set(false))
        .executeWith(executor);
  }

  private record Revalidated(ValidationReport report, MigrationResult result) {}

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

  /** SUCCESS when every table matches and the schema section found nothing, else FAILURE. */
  public ReadOnlyObjectProperty<Outcome> outcomeProperty() {
    return outcome.getReadOnlyProperty();
  }

  /** Validate again fails tables for orphans the source holds too (ferry validate --strict). */
  public BooleanProperty strictProperty() {
    return strict;
  }

  /** The run's schema problems: objects that failed, and planned objects the target lacks. */
  public ObservableList<String> schemaProblems() {
    return schemaProblems;
  }

  /** The run's ledger: every planned object and what became of it. */
  public ObservableList<LedgerEntry> ledger() {
    return ledger;
  }

  public ReadOnlyStringProperty schemaSummaryProperty() {
    return schemaSummary.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Outcome> schemaOutcomeProperty() {
    return schemaOutcome.getReadOnlyProperty();
  }

  /** What the table's orphans are, in words: pre-existing ones are not a difference. */
  static String orphans(TableValidation v) {
    long n = v.orphans().values().stream().mapToLong(Long::longValue).sum();
    if (n == 0) {
      return "0";
    }
    return n <= v.sourceOrphans()
        ? n + " (in the source too)"
        : n + " (" + v.sourceOrphans() + " in the source)";
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
