package dev.ferry.ui.online;

import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.online.Cutover;
import dev.ferry.engine.online.CutoverOptions;
import dev.ferry.engine.online.OnlineMigration;
import dev.ferry.engine.online.OnlineRun;
import dev.ferry.engine.online.OnlineRuns;
import dev.ferry.engine.online.OnlineStatus;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.TaskExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
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
 * The Online page's state: the two PostgreSQL connections and the schema; the pre-checks' findings;
 * the run (started here, or the workspace's newest one picked up again after the console was
 * closed); each table's sync state and the lag samples for the charts, read from the servers by
 * {@link #refresh()}; cutover and abort. All server work runs on the executor.
 */
public final class OnlineViewModel {
  /** One reading of the replication's lag, {@code at} seconds after the page began watching. */
  public record LagSample(double at, long bytes, double seconds, long retainedBytes) {}

  private final TaskExecutor executor;
  private final Path workspace;
  private final StringProperty sourceUrl = new SimpleStringProperty("");
  private final StringProperty sourcePassword = new SimpleStringProperty("");
  private final StringProperty targetUrl = new SimpleStringProperty("");
  private final StringProperty targetPassword = new SimpleStringProperty("");
  private final StringProperty schema = new SimpleStringProperty("public");
  private final StringProperty conninfo = new SimpleStringProperty("");
  private final ObservableList<Finding> findings = FXCollections.observableArrayList();
  private final ObservableList<OnlineStatus.TableSync> tables = FXCollections.observableArrayList();
  private final ObservableList<LagSample> lag = FXCollections.observableArrayList();
  private final ObjectProperty<OnlineRun> run = new SimpleObjectProperty<>();
  private final ReadOnlyObjectWrapper<Cutover> cutover = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

  /**
   * An action of the DBA failed or was refused: its reason stays in the status until the next
   * action (the readings every 2 s no longer replace it; they went on updating tables and lag).
   */
  private boolean failureShown;

  private final ReadOnlyBooleanWrapper fallbackOpen = new ReadOnlyBooleanWrapper();
  private long watchingSince = System.nanoTime();

  public OnlineViewModel(TaskExecutor executor, Path workspace) {
    this.executor = executor;
    this.workspace = workspace;
  }

  /** Why Pre-check and Start cannot run; empty when they can. */
  public BooleanBinding cannotStartBinding() {
    return Bindings.createBooleanBinding(
        () -> busy.get() || sourceUrl.get().isBlank() || targetUrl.get().isBlank() || active(),
        busy,
        sourceUrl,
        targetUrl,
        run);
  }

  /** Whether a run is under way (started, not yet done or aborted). */
  private boolean active() {
    OnlineRun r = run.get();
    return r != null && r.replicating();
  }

  public BooleanBinding activeBinding() {
    return Bindings.createBooleanBinding(this::active, run);
  }

  private OnlineMigration migration() {
    ConnectionSpec source =
        ConnectionSpec.parse(sourceUrl.get().strip()).withPassword(sourcePassword.get());
    ConnectionSpec target =
        ConnectionSpec.parse(targetUrl.get().strip()).withPassword(targetPassword.get());
    String info = conninfo.get() == null || conninfo.get().isBlank() ? null : conninfo.get();
    return new OnlineMigration(source, target, schema.get().strip(), info, workspace);
  }

  /** The pre-checks, read from both servers; nothing changes. */
  public void check() {
    OnlineMigration m = migration(); // the form read here, on the FX thread
    run(
        "Checking both servers…",
        m::preChecks,
        f -> {
          findings.setAll(f);
          long blockers = f.stream().filter(x -> x.severity() == Severity.BLOCKER).count();
          status.set(
              blockers == 0
                  ? "Pre-checks passed: " + f.size() + " findings, no blocker."
                  : blockers + " blocker(s): resolve them before starting.");
        });
  }

  /** Starts: pre-checks, schema, publication, subscription; then the page watches it. */
  public void start() {
    OnlineMigration m = migration();
    run(
        "Starting: pre-checks, tables and keys on the target, publication, subscription…",
        () -> {
          List<Finding> f = m.preChecks();
          return new Object[] {f, m.start()};
        },
        r -> {
          @SuppressWarnings("unchecked")
          List<Finding> f = (List<Finding>) r[0];
          findings.setAll(f);
          OnlineRun started = (OnlineRun) r[1];
          run.set(started);
          lag.clear();
          watchingSince = System.nanoTime();
          status.set(
              "Started "
                  + started.id()
                  + ": "
                  + started.tables().size()
                  + " tables copying on the servers.");
          refresh();
        });
  }

  /**
   * The workspace's newest run that is still under way, picked up again (a console closed and
   * opened); its URLs fill the form — passwords are typed again.
   */
  public void reopen() {
    OnlineRuns runs = new OnlineRuns(workspace);
    if (runs.all().isEmpty()) {
      return;
    }
    OnlineRun newest = runs.load(null);
    if (!newest.replicating()) {
      return;
    }
    run.set(newest);
    sourceUrl.set(newest.source());
    targetUrl.set(newest.target());
    schema.set(newest.schema());
    status.set(
        "Online run "
            + newest.id()
            + " is under way (started "
            + dev.ferry.ui.common.Times.local(newest.startedAt())
            + "): type the passwords if the servers need them, then Refresh.");
  }

  /** Reads the run's state, tables and lag from the servers (the page calls it every 2 s). */
  public void refresh() {
    OnlineRun r = run.get();
    if (r == null || busy.get()) {
      return;
    }
    OnlineMigration m = migration();
    run(
        null,
        () -> m.status(m.runs().load(r.id())),
        s -> {
          tables.setAll(s.tables());
          state.set(s.state());
          warning.set(String.join("; ", s.warnings()));
          fallbackOpen.set(
              s.warnings().stream().anyMatch(w -> w.startsWith("fallback window open")));
          if (s.lagBytes() != null) {
            lag.add(
                new LagSample(
                    (System.nanoTime() - watchingSince) / 1e9,
                    s.lagBytes(),
                    s.lagSeconds() == null ? 0 : s.lagSeconds(),
                    s.retainedWalBytes() == null ? 0 : s.retainedWalBytes()));
            if (lag.size() > 1800) {
              lag.remove(0);
            }
          }
          if (failureShown) {
            return;
          }
          status.set(
              s.state()
                  + ": "
                  + s.ready()
                  + " of "
                  + s.tables().size()
                  + " tables ready"
                  + (s.lagBytes() == null ? "" : String.format(", lag %,d bytes", s.lagBytes()))
                  + (s.lagSeconds() == null ? "" : String.format(" / %.1f s", s.lagSeconds()))
                  + ".");
        });
  }

  /**
   * The part of the cutover done while writes still flow — indexes, checks and foreign keys built
   * beside the stream — then {@code thenAsk} (on the FX thread) asks the DBA to stop writes.
   */
  public void prepareCutover(Runnable thenAsk) {
    OnlineRun r = run.get();
    OnlineMigration m = migration();
    run(
        "Building indexes, checks and foreign keys beside the stream (writes still flowing)…",
        () -> m.prepareCutover(m.runs().load(r.id())),
        prepared -> {
          run.set(prepared);
          status.set("Indexes, checks and foreign keys are built: stop writes to cut over.");
          thenAsk.run();
        });
  }

  /**
   * Cuts over with {@code options}; the caller has had it confirmed (with {@code --writes
   * confirmed}: that writes on the source are stopped). Each step shows in the status as it
   * happens, among them the moment the applications may switch to the target.
   */
  public void cutover(CutoverOptions options) {
    OnlineRun r = run.get();
    OnlineMigration m = migration();
    run(
        "Cutting over…",
        () -> {
          OnlineRun now = m.runs().load(r.id());
          Cutover c =
              m.cutover(
                  now,
                  options,
                  () -> true,
                  step ->
                      javafx.application.Platform.runLater(() -> status.set("Cutover: " + step)));
          return new Object[] {c, m.runs().load(r.id())};
        },
        x -> {
          Cutover c = (Cutover) x[0];
          cutover.set(c);
          run.set((OnlineRun) x[1]);
          state.set(OnlineRun.State.DONE.word());
          fallbackOpen.set(
              c.timeline().stream().anyMatch(t -> t.what().startsWith("fallback window")));
          status.set(
              "Cut over at LSN "
                  + c.lsn()
                  + (c.matches()
                      ? ": " + c.tables().size() + " tables match on both sides"
                      : ": " + String.join(", ", c.differing()) + " DIFFER — look at them")
                  + (c.comparedBeforeSwitch() ? "" : " (compared after the switch, on snapshots)")
                  + ", "
                  + c.sequences().size()
                  + " sequences set; writes were stopped for "
                  + c.writeDowntime().toMillis()
                  + " ms. The applications use the target."
                  + (c.writesStoppedBy() == CutoverOptions.Writes.FERRY
                      ? " The source keeps refusing writes to the tables (ferry online release "
                          + r.id()
                          + " lifts it)."
                      : ""));
        });
  }

  /**
   * Writes the run's report — the cutover as a checklist with its evidence, and every event — into
   * {@code <workspace>/online/<id>-report}.
   */
  public void report() {
    OnlineRun r = run.get();
    OnlineRuns runs = new OnlineRuns(workspace);
    Path dir = workspace.resolve("online").resolve(r.id() + "-report");
    run(
        "Writing the report…",
        () -> dev.ferry.report.OnlineReportWriter.write(runs.load(r.id()), dir),
        w -> status.set("Report written: " + w.html()));
  }

  /**
   * Switches back to the old primary during the fallback window (the caller has had it confirmed):
   * writes stopped on the target, the old primary caught up, its sequences set, its write stop
   * lifted.
   */
  public void fallback() {
    OnlineRun r = run.get();
    OnlineMigration m = migration();
    run(
        "Switching back to the old primary…",
        () -> {
          Duration d =
              m.fallback(
                  m.runs().load(r.id()),
                  Duration.ofSeconds(60),
                  step ->
                      javafx.application.Platform.runLater(
                          () -> status.set("Switch back: " + step)));
          return new Object[] {d, m.runs().load(r.id())};
        },
        x -> {
          run.set((OnlineRun) x[1]);
          state.set(OnlineRun.State.FELL_BACK.word());
          fallbackOpen.set(false);
          status.set(
              "Switched back: the old primary takes writes again (writes were stopped for "
                  + ((Duration) x[0]).toMillis()
                  + " ms); the target refuses writes. Switch the applications back.");
        });
  }

  /** Ends the fallback window: the reverse replication dropped. */
  public void finishFallback() {
    OnlineRun r = run.get();
    OnlineMigration m = migration();
    run(
        "Ending the fallback window…",
        () -> m.finish(m.runs().load(r.id())),
        ended -> {
          run.set(ended);
          fallbackOpen.set(false);
          status.set("Fallback window ended: the old primary no longer follows the target.");
        });
  }

  public ReadOnlyBooleanProperty fallbackOpenProperty() {
    return fallbackOpen.getReadOnlyProperty();
  }

  /** Drops the run's subscription, slot and publication; the source stays the primary. */
  public void abort() {
    OnlineRun r = run.get();
    OnlineMigration m = migration();
    run(
        "Aborting: dropping the subscription, its slot and the publication…",
        () -> m.abort(m.runs().load(r.id())),
        a -> {
          run.set(a);
          state.set(OnlineRun.State.ABORTED.word());
          status.set(
              "Aborted: the subscription, its slot and the publication are gone; the source is"
                  + " untouched.");
        });
  }

  private <T> void run(String doing, Callable<T> work, Consumer<T> done) {
    BackgroundTask.wrap(work)
        .onRunning(
            () -> {
              busy.set(true);
              if (doing != null) {
                failureShown = false;
                status.set(doing);
              }
            })
        .onSuccess(done)
        .onFailure(
            e -> {
              failureShown = doing != null;
              status.set("Failed: " + FerryException.describe(e));
            })
        .onFinished(() -> busy.set(false))
        .executeWith(executor);
  }

  public StringProperty sourceUrlProperty() {
    return sourceUrl;
  }

  public StringProperty sourcePasswordProperty() {
    return sourcePassword;
  }

  public StringProperty targetUrlProperty() {
    return targetUrl;
  }

  public StringProperty targetPasswordProperty() {
    return targetPassword;
  }

  public StringProperty schemaProperty() {
    return schema;
  }

  public StringProperty conninfoProperty() {
    return conninfo;
  }

  public ObservableList<Finding> findings() {
    return findings;
  }

  public ObservableList<OnlineStatus.TableSync> tables() {
    return tables;
  }

  public ObservableList<LagSample> lag() {
    return lag;
  }

  public ObjectProperty<OnlineRun> runProperty() {
    return run;
  }

  public ReadOnlyObjectProperty<Cutover> cutoverProperty() {
    return cutover.getReadOnlyProperty();
  }

  /** {@code initial-copy}, {@code streaming}, {@code done}, … as the servers say. */
  public ReadOnlyStringProperty stateProperty() {
    return state.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The servers' warnings (a slot keeping much WAL); empty when none. */
  public ReadOnlyStringProperty warningProperty() {
    return warning.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }
}
