package dev.ferry.ui.changes;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.change.ChangeControl;
import dev.ferry.engine.change.MigrationRow;
import dev.ferry.engine.change.SchemaChanges;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.journal.JournalEvent;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.TaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
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
 * What every tab of the Schema changes area shares: the project as typed (target, folder, schema,
 * timeouts, the version to go to), the project once opened, the target's state that every change
 * reads again (migrations, approvals, backups, history), and the one status line, error and busy
 * flag. Tabs run their work through {@link #run} and {@link #change}, so a change made in one tab
 * shows in all of them.
 */
public final class ProjectViewModel {
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
  private final ObservableList<ChangeControl.Approval> approvals =
      FXCollections.observableArrayList();
  private final ObservableList<Backup> backups = FXCollections.observableArrayList();
  private final ObservableList<JournalEvent> history = FXCollections.observableArrayList();
  // what the tabs see: only a reload changes these lists
  private final ObservableList<MigrationRow> migrationsShown =
      FXCollections.unmodifiableObservableList(migrations);
  private final ObservableList<ChangeControl.Approval> approvalsShown =
      FXCollections.unmodifiableObservableList(approvals);
  private final ObservableList<Backup> backupsShown =
      FXCollections.unmodifiableObservableList(backups);
  private final ObservableList<JournalEvent> historyShown =
      FXCollections.unmodifiableObservableList(history);
  private final ReadOnlyStringWrapper status =
      new ReadOnlyStringWrapper("Choose a target and a folder of Flyway migrations, then Open.");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
  private final StringBinding openBlockedReason;
  private final BooleanBinding cannotAct;

  public ProjectViewModel(TaskExecutor executor, Path workspace) {
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
    cannotAct = control.isNull().or(busy);
  }

  /** Connects and loads the project's state: migrations, approvals, backups, history. */
  public void open() {
    ChangeControl c;
    try {
      ConnectionSpec t =
          ConnectionSpec.parse(targetUrl.get().strip()).withPassword(targetPassword.get());
      if (!t.canBeTarget()) {
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
          // the tabs clear what they showed of the previous project when this changes
          control.set(opened);
          show(s);
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

  /**
   * A change to the target or the journal, after which the state is read again; {@code done} says
   * in the status line what came of it.
   */
  <T> void change(String doing, Callable<T> work, Function<T, String> done) {
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

  /**
   * Work on the executor: busy while it runs, {@code doing} in the status line, and on failure the
   * one-line reason in the status line and the error (the view shows it in a dialog).
   */
  <T> void run(String doing, Callable<T> work, Consumer<T> done) {
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

  /** A tab's own line in the status, once its work succeeded. */
  void showStatus(String message) {
    status.set(message);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  Path workspace() {
    return workspace;
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

  /** Flyway's view of the target, as last read. */
  public ObservableList<MigrationRow> migrations() {
    return migrationsShown;
  }

  public ObservableList<ChangeControl.Approval> approvals() {
    return approvalsShown;
  }

  public ObservableList<Backup> backups() {
    return backupsShown;
  }

  /** The target's recorded changes, newest first. */
  public ObservableList<JournalEvent> history() {
    return historyShown;
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

  public StringBinding openBlockedReasonBinding() {
    return openBlockedReason;
  }

  /** True while no project is open or work is running: the tabs' buttons are disabled. */
  public BooleanBinding cannotActBinding() {
    return cannotAct;
  }
}
