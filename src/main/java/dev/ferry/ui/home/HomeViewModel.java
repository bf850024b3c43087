package dev.ferry.ui.home;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.connect.Secret;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.demo.DemoData;
import dev.ferry.engine.demo.EmbeddedPostgres;
import dev.ferry.engine.journal.RunRecord;
import dev.ferry.engine.journal.ThroughputSample;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanFile;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.TaskExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The start page: a new migration, the demo (seed 004's five SQLite files into an embedded
 * PostgreSQL), and the history of past runs from the journal — open one read-only, or resume it.
 */
public final class HomeViewModel {
  /** A past run as the history shows it. */
  public record RunRow(RunRecord run, String status) {
    public boolean resumable() {
      return run.status() == RunStatus.INTERRUPTED
          || run.status() == RunStatus.FAILED
          || run.isAbandoned();
    }
  }

  /** What the demo prepared: its source files and its target. */
  public record Demo(List<Path> files, String targetUrl, Secret targetPassword, String schema) {}

  /** A run of the journal opened from History, with what it moved window by window. */
  public record PastRun(
      RunRecord run,
      MigrationPlan plan,
      Optional<MigrationResult> result,
      List<ThroughputSample> throughput) {}

  private final Path workspace;
  private final TaskExecutor executor;
  private final ObservableList<RunRow> runs = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
  private EmbeddedPostgres demoServer;

  /** Where this console's demo files are (null until the demo first runs). */
  private Path demoFiles;

  public HomeViewModel(Path workspace, TaskExecutor executor) {
    this.workspace = workspace;
    this.executor = executor;
  }

  public void refresh() {
    BackgroundTask.wrap(() -> Ferry.configure().workspace(workspace).load().runs())
        .onSuccess(
            list ->
                runs.setAll(
                    list.stream()
                        .map(
                            r ->
                                new RunRow(
                                    r, r.isAbandoned() ? "KILLED (resumable)" : r.status().name()))
                        .toList()))
        .onFailure(e -> status.set("✗ Cannot read the journal: " + FerryException.describe(e)))
        .executeWith(executor);
  }

  /**
   * Writes the demo's SQLite files and starts the embedded PostgreSQL (once), then hands both to
   * {@code ready}.
   */
  public void startDemo(Consumer<Demo> ready) {
    BackgroundTask.wrap(
            () -> {
              // this console's own folder: another console on the same workspace has its own
              if (demoFiles == null) {
                Path parent = workspace.resolve("demo");
                java.nio.file.Files.createDirectories(parent);
                demoFiles = java.nio.file.Files.createTempDirectory(parent, "console-");
              }
              List<Path> files = DemoData.generate(demoFiles, 1);
              if (demoServer == null) {
                demoServer = EmbeddedPostgres.start(workspace.resolve("embedded-postgres"));
              }
              String url = demoServer.jdbcUrl("postgres");
              try (Connection c = demoServer.connection("postgres").open();
                  Statement st = c.createStatement()) {
                // the demo's own private server: the demo schema starts afresh
                st.execute("DROP SCHEMA IF EXISTS mingus CASCADE");
              }
              return new Demo(files, url, demoServer.password(), "mingus");
            })
        .onRunning(
            () -> {
              busy.set(true);
              status.set("Preparing the demo: writing five SQLite files, starting PostgreSQL…");
            })
        .onSuccess(
            d -> {
              status.set(
                  "Demo ready: five SQLite files and an embedded PostgreSQL on " + d.targetUrl());
              ready.accept(d);
            })
        .onFailure(e -> status.set("✗ The demo could not start: " + FerryException.describe(e)))
        .onFinished(() -> busy.set(false))
        .executeWith(executor);
  }

  /** Loads a past run's plan and result (if it got that far). */
  public void load(RunRow row, Consumer<PastRun> then) {
    BackgroundTask.wrap(
            () -> {
              Ferry ferry = Ferry.configure().workspace(workspace).load();
              String id = row.run().runId();
              return new PastRun(
                  row.run(),
                  PlanFile.fromYaml(row.run().planYaml()),
                  ferry.result(id),
                  ferry.throughput(id));
            })
        .onSuccess(then)
        .onFailure(
            e ->
                status.set(
                    "✗ Cannot open run " + row.run().runId() + ": " + FerryException.describe(e)))
        .executeWith(executor);
  }

  /** Stops the demo's server (when the console closes). */
  public void close() {
    if (demoServer != null) {
      demoServer.close();
      demoServer = null;
    }
  }

  public ObservableList<RunRow> runs() {
    return runs;
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }
}
