package dev.ferry.ui.changes;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.TrialRestore;
import dev.ferry.engine.change.CatalogSnapshot;
import dev.ferry.engine.change.ChangeControl;
import dev.ferry.engine.change.ChangeReport;
import dev.ferry.engine.change.DryRun;
import dev.ferry.engine.change.MigrationRow;
import dev.ferry.engine.change.SchemaChanges;
import dev.ferry.engine.change.StatementRisk;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.journal.JournalEvent;
import dev.ferry.report.ChangeReportWriter;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.TaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The console's "Schema changes" area: a Flyway project against a PostgreSQL target, with the same
 * steps as {@code ferry change} — migrations and their state, dry run, lock and risk analysis,
 * approvals, backups, migrate, verification, undo and the report. All database work runs on the
 * executor; the lists are filled on the UI thread.
 */
public final class ChangesViewModel {
  /** One verification line: SQL check, row-level security or internal view. */
  public record Check(String kind, String name, String result, String detail) {}

  private final TaskExecutor executor;
  private final Path workspace;
  private final StringProperty targetUrl = new SimpleStringProperty("");
  private final StringProperty targetPassword = new SimpleStringProperty("");
  private final StringProperty folder = new SimpleStringProperty("");
  private final StringProperty schema = new SimpleStringProperty("public");
  private final StringProperty lockTimeout = new SimpleStringProperty("");
  private final StringProperty statementTimeout = new SimpleStringProperty("");
  private final ObjectProperty<String> toVersion = new SimpleObjectProperty<>();
  private final ReadOnlyObjectWrapper<ChangeControl> control = new ReadOnlyObjectWrapper<>();
  private final ObservableList<MigrationRow> migrations = FXCollections.observableArrayList();
  private final ObservableList<DryRun.Script> dryScripts = FXCollections.observableArrayList();
  private final ObservableList<CatalogSnapshot.Change> dryChanges =
      FXCollections.observableArrayList();
  private final ObservableList<StatementRisk> risks = FXCollections.observableArrayList();
  private final ObservableList<ChangeControl.Approval> approvals =
      FXCollections.observableArrayList();
  private final ObservableList<Check> checks = FXCollections.observableArrayList();
  private final ObservableList<Backup> backups = FXCollections.observableArrayList();
  private final ObservableList<JournalEvent> history = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper status =
      new ReadOnlyStringWrapper("Choose a target and a folder of Flyway migrations, then Open.");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyObjectWrapper<Path> reportFile = new ReadOnlyObjectWrapper<>();
  private final StringBinding migrateBlockedReason;
  private final StringBinding openBlockedReason;

  public ChangesViewModel(TaskExecutor executor, Path workspace) {
    this.executor = executor;
    this.workspace = workspace;
    openBlockedReason =
        Bindings.createStringBinding(
            () -> {
              if (targetUrl.get().isBlank()) {
                return "Enter the target PostgreSQL (a JDBC URL or host=… dbname=… user=…).";
              }
              if (folder.get().isBlank() || !Files.isDirectory(Path.of(folder.get()))) {
                return "Choose the folder of Flyway migrations (V<version>__<name>.sql).";
              }
              return busy.get() ? "Busy…" : "";
            },
            targetUrl,
            folder,
            busy);
    migrateBlockedReason =
        Bindings.createStringBinding(
            () -> {
              if (control.get() == null) {
                return "Open a project first.";
              }
              if (busy.get()) {
                return "Busy…";
              }
              if (migrations.stream().noneMatch(m -> m.state().equals("Pending"))) {
                return "Nothing pending.";
              }
              List<String> missing =
                  approvals.stream()
                      .filter(a -> !a.approved())
                      .map(ChangeControl.Approval::role)
                      .toList();
              return missing.isEmpty()
                  ? ""
                  : "Needs approval by " + String.join(", ", missing) + " first.";
            },
            control,
            busy,
            migrations,
            approvals);
  }

  /** Connects and loads the project's state: migrations, approvals, backups, history. */
  public void open() {
    ChangeControl c;
    try {
      ConnectionSpec t =
          ConnectionSpec.parse(targetUrl.get().strip()).withPassword(targetPassword.get());
      if (t.kind() != DatabaseKind.POSTGRESQL) {
        error.set("Schema changes run on a PostgreSQL target; " + t + " is not one.");
        return;
      }
      SchemaChanges changes =
          new SchemaChanges(t, Path.of(folder.get().strip()), schema.get().strip())
              .timeouts(blankToNull(lockTimeout.get()), blankToNull(statementTimeout.get()));
      c = new ChangeControl(t, changes, workspace);
    } catch (RuntimeException e) {
      error.set(FerryException.describe(e));
      return;
    }
    ChangeControl opened = c;
    run(
        "Reading Flyway's history…",
        () -> State.of(opened, toVersion.get()),
        s -> {
          control.set(opened);
          show(s);
          dryScripts.clear();
          dryChanges.clear();
          risks.clear();
          checks.clear();
          long pending = s.migrations.stream().filter(m -> m.state().equals("Pending")).count();
          status.set(
              s.migrations.size()
                  + " migrations, "
                  + pending
                  + " pending, on "
                  + opened.target()
                  + (s.approvals.isEmpty()
                      ? ""
                      : "; approvals asked: "
                          + String.join(
                              ", ",
                              s.approvals.stream().map(ChangeControl.Approval::role).toList())));
        });
  }

  /** What {@link #open} and every change reload. */
  private record State(
      List<MigrationRow> migrations,
      List<ChangeControl.Approval> approvals,
      List<Backup> backups,
      List<JournalEvent> history) {
    static State of(ChangeControl c, String to) throws Exception {
      return new State(c.changes().info(), c.approvals(to), c.backups(), c.history());
    }
  }

  private void show(State s) {
    migrations.setAll(s.migrations);
    approvals.setAll(s.approvals);
    backups.setAll(s.backups);
    history.setAll(s.history.reversed());
  }

  public void dryRun() {
    ChangeControl c = control.get();
    String to = toVersion.get();
    run(
        "Dry run: the pending scripts in one transaction, rolled back…",
        () -> c.changes().dryRun(to),
        r -> {
          dryScripts.setAll(r.scripts());
          dryChanges.setAll(r.changes());
          status.set(
              r.scripts().isEmpty()
                  ? "Dry run: nothing pending."
                  : r.ok()
                      ? "Dry run passed: "
                          + r.changes().size()
                          + " catalog changes; everything was rolled back."
                      : "Dry run FAILED in "
                          + r.scripts().stream()
                              .filter(s -> s.error() != null)
                              .map(DryRun.Script::script)
                              .findFirst()
                              .orElse("?")
                          + "; everything was rolled back.");
        });
  }

  public void analyseRisk() {
    ChangeControl c = control.get();
    String to = toVersion.get();
    run(
        "Analysing locks and table sizes…",
        () -> c.changes().risk(to),
        r -> {
          risks.setAll(r);
          StatementRisk.Impact worst =
              r.stream()
                  .map(StatementRisk::impact)
                  .max(Enum::compareTo)
                  .orElse(StatementRisk.Impact.LOW);
          status.set(
              r.isEmpty()
                  ? "Risk: nothing pending."
                  : r.size() + " pending statements; highest impact " + worst + ".");
        });
  }

  public void verify() {
    ChangeControl c = control.get();
    run(
        "Verifying: SQL checks, row-level security, internal views…",
        () -> {
          List<Check> out = new ArrayList<>();
          for (String[] s : c.changes().verify()) {
            out.add(new Check("SQL", s[0], s[1], s[2]));
          }
          for (var a : c.changes().rlsAudit()) {
            out.add(
                new Check(
                    "Row-level security",
                    a.table() + " (" + a.policies() + " policies)",
                    a.ok() ? "PASS" : "FAIL",
                    a.probe()));
          }
          for (var v : c.changes().internalAccess()) {
            out.add(
                new Check(
                    "Internal view",
                    v.view(),
                    v.ok() ? "PASS" : "FAIL",
                    v.ok()
                        ? "readable by "
                            + (v.readers().isEmpty()
                                ? "owner and superusers only"
                                : String.join(", ", v.readers()))
                        : String.join("; ", v.problems())));
          }
          for (var p : c.comparePerformance()) {
            out.add(new Check("Performance", p.name(), p.result(), p.detail()));
          }
          return out;
        },
        r -> {
          checks.setAll(r);
          long failed = r.stream().filter(x -> !x.result().equals("PASS")).count();
          status.set(
              r.isEmpty()
                  ? "Nothing to verify: no verify/*.sql, tenant tables or internal views."
                  : failed == 0
                      ? r.size() == 1
                          ? "Verified: the one check passes."
                          : "Verified: all " + r.size() + " checks pass."
                      : failed + " of " + r.size() + " checks FAILED.");
        });
  }

  public void approve(String role, String operator, String note) {
    ChangeControl c = control.get();
    String to = toVersion.get();
    change(
        "Recording the approval…",
        () -> c.approve(role, operator, note, to),
        s -> "Approved as " + role + " by " + s.operator() + ".");
  }

  public void migrate() {
    migrate(false);
  }

  /** Applies the pending migrations, after a pg_dump backup of the target when asked. */
  public void migrate(boolean backupFirst) {
    ChangeControl c = control.get();
    String to = toVersion.get();
    change(
        backupFirst
            ? "Backing up, then applying the pending migrations…"
            : "Applying the pending migrations…",
        () -> {
          Backup b = backupFirst ? c.backup(null) : null;
          int n = c.migrate(to);
          return (b == null ? "" : "Backed up to " + Path.of(b.file()).getFileName() + "; ")
              + n
              + " migrations applied.";
        },
        msg -> msg);
  }

  /**
   * Whether Migrate should offer a backup first: no backup of the target in the workspace, or none
   * since the last recorded change.
   */
  public boolean backupAdvised() {
    if (backups.isEmpty()) {
      return true;
    }
    Instant newest = backups.get(0).at();
    return history.stream()
        .filter(
            e ->
                e.kind().startsWith("migrate")
                    || e.kind().startsWith("undo")
                    || e.kind().equals("restore"))
        .anyMatch(e -> e.at().isAfter(newest));
  }

  /** Flyway's validate: applied scripts edited since they ran, missing or failed ones. */
  public void validate() {
    ChangeControl c = control.get();
    run(
        "Validating the applied scripts against the folder…",
        () -> c.changes().validate(),
        problems ->
            status.set(
                problems.isEmpty()
                    ? "Valid: the applied scripts match the folder."
                    : "Not valid: " + String.join("; ", problems)));
  }

  /** Flyway's repair: removes failed entries and realigns checksums in the history table. */
  public void repair() {
    ChangeControl c = control.get();
    change(
        "Repairing Flyway's history table…",
        () -> {
          c.changes().repair();
          return "";
        },
        x -> "History table repaired: failed entries removed, checksums realigned.");
  }

  /** The applied versions one can undo back to (older than the newest applied one). */
  public List<String> undoTargets() {
    List<String> applied =
        migrations.stream()
            .filter(m -> m.state().equals("Success") && m.version() != null)
            .map(MigrationRow::version)
            .toList();
    return applied.isEmpty() ? List.of() : applied.subList(0, applied.size() - 1);
  }

  public void undo(String to, boolean staged) {
    ChangeControl c = control.get();
    change(
        "Undoing back to version " + to + "…",
        () -> c.undo(to, staged),
        steps ->
            steps.isEmpty()
                ? "Nothing to undo above version " + to + "."
                : "Undone: "
                    + String.join(", ", steps.stream().map(s -> "V" + s.version()).toList())
                    + (staged ? "; new tables kept in " + c.changes().lastBackupSchema() : "."));
  }

  public void backup(boolean trial) {
    ChangeControl c = control.get();
    change(
        trial ? "Backing up and restoring into a scratch database…" : "Backing up with pg_dump…",
        () -> {
          Backup b = c.backup(null);
          TrialRestore t = trial ? c.trialRestore(b) : null;
          return new Object[] {b, t};
        },
        r -> {
          Backup b = (Backup) r[0];
          TrialRestore t = (TrialRestore) r[1];
          String base = "Backup " + Path.of(b.file()).getFileName() + " (" + b.bytes() + " bytes)";
          if (t == null) {
            return base + ".";
          }
          return t.ok()
              ? base + "; the trial restore matches every table."
              : base
                  + "; trial restore FAILED: "
                  + String.join("; ", t.problems())
                  + t.tables().stream()
                      .filter(x -> !x.matches())
                      .map(x -> " " + x.table() + " " + x.origin() + "≠" + x.restored())
                      .reduce("", String::concat);
        });
  }

  public void restore(Backup b) {
    ChangeControl c = control.get();
    change(
        "Restoring " + Path.of(b.file()).getFileName() + "…",
        () -> {
          c.restore(Path.of(b.file()));
          return b;
        },
        x -> "Restored " + Path.of(x.file()).getFileName() + ".");
  }

  /** Writes change-report.html/json into the workspace and hands the HTML to {@code shown}. */
  public void writeReport(Consumer<Path> shown) {
    ChangeControl c = control.get();
    String to = toVersion.get();
    run(
        "Writing the report…",
        () -> {
          ChangeReport r = c.report(to);
          Path dir =
              workspace.resolve("changes").resolve(c.target().name() + "-" + LocalDate.now());
          return ChangeReportWriter.write(r, dir).html();
        },
        html -> {
          reportFile.set(html);
          status.set("Report written: " + html);
          shown.accept(html);
        });
  }

  /** A change to the target or the journal, after which the state is read again. */
  private <T> void change(String doing, Callable<T> work, Function<T, String> done) {
    ChangeControl c = control.get();
    String to = toVersion.get();
    run(
        doing,
        () -> {
          T v = work.call();
          return new Object[] {v, State.of(c, to)};
        },
        r -> {
          @SuppressWarnings("unchecked")
          T v = (T) r[0];
          show((State) r[1]);
          status.set(done.apply(v));
        });
  }

  private <T> void run(String doing, Callable<T> work, Consumer<T> done) {
    BackgroundTask.wrap(work)
        .onRunning(
            () -> {
              busy.set(true);
              error.set(null);
              status.set(doing);
            })
        .onSuccess(done)
        .onFailure(
            e -> {
              String msg = FerryException.describe(e);
              status.set("Failed: " + msg);
              error.set(msg);
            })
        .onFinished(() -> busy.set(false))
        .executeWith(executor);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  public StringProperty targetUrlProperty() {
    return targetUrl;
  }

  public StringProperty targetPasswordProperty() {
    return targetPassword;
  }

  public StringProperty folderProperty() {
    return folder;
  }

  public StringProperty schemaProperty() {
    return schema;
  }

  public StringProperty lockTimeoutProperty() {
    return lockTimeout;
  }

  public StringProperty statementTimeoutProperty() {
    return statementTimeout;
  }

  public ObjectProperty<String> toVersionProperty() {
    return toVersion;
  }

  public ReadOnlyObjectProperty<ChangeControl> controlProperty() {
    return control.getReadOnlyProperty();
  }

  public ObservableList<MigrationRow> migrations() {
    return migrations;
  }

  public ObservableList<DryRun.Script> dryScripts() {
    return dryScripts;
  }

  public ObservableList<CatalogSnapshot.Change> dryChanges() {
    return dryChanges;
  }

  public ObservableList<StatementRisk> risks() {
    return risks;
  }

  public ObservableList<ChangeControl.Approval> approvals() {
    return approvals;
  }

  public ObservableList<Check> checks() {
    return checks;
  }

  public ObservableList<Backup> backups() {
    return backups;
  }

  public ObservableList<JournalEvent> history() {
    return history;
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The last failure's message (null when the last action succeeded); the view shows a dialog. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Path> reportFileProperty() {
    return reportFile.getReadOnlyProperty();
  }

  public StringBinding migrateBlockedReasonBinding() {
    return migrateBlockedReason;
  }

  public StringBinding openBlockedReasonBinding() {
    return openBlockedReason;
  }
}
