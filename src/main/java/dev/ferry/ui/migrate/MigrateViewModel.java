package dev.ferry.ui.migrate;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableResult;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.schema.Analyze;
import dev.ferry.ui.chart.ThroughputSample;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.Outcome;
import dev.ferry.ui.common.TaskExecutor;
import dev.ferry.ui.common.Times;
import dev.ferry.ui.session.MigrationSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Migrate step: Start, Pause (stops at the next safe point; committed chunks stay), Resume,
 * Cancel. The engine's events arrive on worker threads; they are summed into counters there and
 * pushed to the properties on the UI thread at most every {@link #UI_INTERVAL_MS} ms, so a fast
 * load cannot flood the FX thread.
 */
public final class MigrateViewModel {
  static final long UI_INTERVAL_MS = 200;

  /** Where the run is. */
  public enum RunState {
    IDLE,
    RUNNING,
    PAUSING,
    PAUSED,
    CANCELLED,
    DONE,
    FAILED
  }

  private final MigrationSession session;
  private final TaskExecutor executor;
  private final LongSupplier clock;
  private final ObservableList<TableProgressRow> tables = FXCollections.observableArrayList();
  private final Map<String, TableProgressRow> byTable = new LinkedHashMap<>();
  private final ObservableList<ThroughputSample> samples = FXCollections.observableArrayList();
  private final ObservableList<MigrationEvent.Span> spans = FXCollections.observableArrayList();
  private final java.util.Queue<MigrationEvent.Span> pendingSpans =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final ObservableList<String> log = FXCollections.observableArrayList();
  private final BooleanProperty backupFirst = new SimpleBooleanProperty(false);
  private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(RunState.IDLE);
  private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
  private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
  private final ReadOnlyLongWrapper rejected = new ReadOnlyLongWrapper();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready to start.");
  private final ReadOnlyStringWrapper runId = new ReadOnlyStringWrapper();
  private final ObjectProperty<MigrationResult> result = new SimpleObjectProperty<>();
  private final ReadOnlyBooleanWrapper resumable = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>(Outcome.NONE);
  private final ObservableList<LedgerEntry> failedObjects = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper pastBanner = new ReadOnlyStringWrapper("");

  // written by engine threads, read when the UI is refreshed
  private final ConcurrentHashMap<String, long[]> live = new ConcurrentHashMap<>();

  /** What each table's keys are building now (an index, a key, a foreign key being validated). */
  private final ConcurrentHashMap<String, String> building = new ConcurrentHashMap<>();

  private final ConcurrentLinkedQueue<String> pendingLog = new ConcurrentLinkedQueue<>();
  private final AtomicLong rowsDone = new AtomicLong();
  private final AtomicLong bytesDone = new AtomicLong();
  private final AtomicLong rejectedLive = new AtomicLong();
  private final AtomicBoolean refreshPending = new AtomicBoolean();
  private volatile Phase livePhase;
  private volatile long totalRows;
  private AtomicBoolean cancel = new AtomicBoolean();
  private long startedNanos;
  private long lastSampleNanos;
  private long lastSampleRows;
  private long lastSampleBytes;
  private boolean cancelRequested;

  public MigrateViewModel(MigrationSession session, TaskExecutor executor) {
    this(session, executor, System::nanoTime);
  }

  MigrateViewModel(MigrationSession session, TaskExecutor executor, LongSupplier clock) {
    this.session = session;
    this.executor = executor;
    this.clock = clock;
  }

  // ------------------------------------------------------------------ commands

  public BooleanBinding canStartBinding() {
    return Bindings.createBooleanBinding(
        () -> state.get() == RunState.IDLE && session.planProperty().get() != null,
        state,
        session.planProperty());
  }

  public void start() {
    MigrationPlan plan = session.planProperty().get();
    Ferry ferry = session.ferry();
    reset(plan);
    boolean backup = backupFirst.get();
    launch(
        () -> {
          if (backup) {
            List<String> lines = new ArrayList<>();
            for (var b : ferry.backUp(plan)) {
              lines.add(
                  "backup of "
                      + b.database()
                      + ": "
                      + b.file()
                      + String.format(
                          " (%,d bytes, SHA-256 %s…)", b.bytes(), b.sha256().substring(0, 16)));
            }
            executor.runOnUiThread(() -> log.addAll(lines));
          }
          return ferry.migrate(plan, listener(), cancel);
        },
        backup ? "Backing up, then migrating" : "Migrating");
  }

  /** Whether Start backs up the SQLite sources and the target before writing. */
  public BooleanProperty backupFirstProperty() {
    return backupFirst;
  }

  /**
   * Shows the tables the plan will load, before Start: the DBA sees what is coming, and the window
   * builds its rows while nothing else runs rather than in the middle of the load.
   */
  public void prepare() {
    MigrationPlan plan = session.planProperty().get();
    if (state.get() == RunState.IDLE && plan != null) {
      reset(plan);
      status.set(
          "Ready: " + plan.targetTables().size() + " tables to load. Start when you are ready.");
    }
  }

  /** Stops at the next safe point: chunks in flight roll back, committed ones stay. */
  public void pause() {
    if (state.get() == RunState.RUNNING) {
      state.set(RunState.PAUSING);
      status.set("Pausing: chunks in flight roll back, committed chunks stay…");
      cancel.set(true);
    }
  }

  /**
   * A failed or interrupted run can be discarded (its objects dropped) so that Start runs the plan
   * as it is now — the way out when the plan itself was wrong, since Resume replays the plan saved
   * with the run.
   */
  public BooleanBinding canDiscardBinding() {
    return Bindings.createBooleanBinding(
        () ->
            resumable.get()
                && runId.get() != null
                && (state.get() == RunState.FAILED
                    || state.get() == RunState.PAUSED
                    || state.get() == RunState.CANCELLED),
        resumable,
        runId,
        state);
  }

  /**
   * Works out what discarding the run drops, in the background, and hands it to {@code confirm} (on
   * the UI thread), which calls {@link #discard} when the DBA agrees.
   */
  public void planDiscard(java.util.function.Consumer<dev.ferry.engine.DiscardPlan> confirm) {
    String id = runId.get();
    Ferry ferry = session.ferry();
    BackgroundTask.wrap(() -> ferry.discardPlan(id))
        .onSuccess(confirm::accept)
        .onFailure(
            e -> status.set("✗ Cannot discard run " + id + ": " + FerryException.describe(e)))
        .executeWith(executor);
  }

  /** Drops what the confirmed plan says and makes Start run the session's plan afresh. */
  public void discard(dev.ferry.engine.DiscardPlan plan) {
    Ferry ferry = session.ferry();
    BackgroundTask.wrap(
            () -> {
              ferry.discard(plan);
              return plan;
            })
        .onRunning(() -> status.set("Discarding run " + plan.runId() + "…"))
        .onSuccess(
            p -> {
              reset(session.planProperty().get());
              state.set(RunState.IDLE);
              status.set(
                  "Run "
                      + p.runId()
                      + " discarded: what it made on the target was dropped. Start runs the plan"
                      + " as it is now.");
            })
        .onFailure(
            e -> {
              outcome.set(Outcome.FAILURE);
              status.set("✗ " + FerryException.describe(e));
            })
        .executeWith(executor);
  }

  public void resume() {
    String id = runId.get();
    if (id == null || !resumable.get()) {
      return;
    }
    Ferry ferry = session.ferry();
    cancel = new AtomicBoolean();
    cancelRequested = false;
    launch(() -> ferry.resume(id, listener(), cancel), "Resuming " + id);
  }

  /**
   * Shows a past run read-only: each table's rows from the run's result, the throughput the journal
   * recorded, and a banner saying so.
   */
  public void showPast(
      MigrationResult r,
      java.time.Instant ended,
      List<dev.ferry.engine.journal.ThroughputSample> throughput) {
    reset(session.planProperty().get());
    // what each table holds by the run's result, not the live counters of a run that is not here
    Map<String, long[]> byTarget = new LinkedHashMap<>();
    for (TableResult t : r.tables()) {
      long[] v = byTarget.computeIfAbsent(t.target(), k -> new long[4]);
      v[0] += t.rowsLoaded();
      v[1] += t.rowsRead();
      v[2] += t.rowsRejected();
      v[3] += (long) (t.seconds() * 1000);
    }
    long loaded = 0;
    long read = 0;
    for (var e : byTarget.entrySet()) {
      TableProgressRow row = byTable.get(e.getKey());
      long[] v = e.getValue();
      loaded += v[0];
      read += v[1];
      if (row == null) {
        continue;
      }
      row.rowsDoneProperty().set(v[0]);
      row.rowsTotalProperty().set(v[1]);
      row.rejectedProperty().set(v[2]);
      row.rowsPerSecondProperty().set(v[3] <= 0 ? 0 : v[0] * 1000.0 / v[3]);
    }
    rowsDone.set(loaded);
    totalRows = read;
    rejected.set(r.rowsRejected());
    progress.set(
        read == 0 ? (r.status() == RunStatus.INTERRUPTED ? 0 : 1) : (double) loaded / read);
    progressText.set(
        String.format(
            "%,d of %,d rows (%.0f%%) · recorded when the run ended",
            loaded, read, progress.get() * 100));
    samples.setAll(pastSamples(throughput));
    finished(r);
    if (state.get() == RunState.PAUSED) {
      status.set("Run " + r.runId() + " was interrupted: Resume continues it.");
    }
    pastBanner.set(
        "Read-only: run "
            + r.runId()
            + " opened from History"
            + (ended == null ? "" : ", ended " + Times.local(ended))
            + ". Figures and charts are what the journal recorded; nothing here runs again"
            + (resumable.get() ? " until you press Resume." : "."));
  }

  /** The recorded windows as chart points, in seconds since the first began. */
  static List<ThroughputSample> pastSamples(
      List<dev.ferry.engine.journal.ThroughputSample> recorded) {
    List<ThroughputSample> out = new ArrayList<>();
    if (recorded.isEmpty()) {
      return out;
    }
    var first = recorded.get(0);
    java.time.Instant origin = first.at().minusNanos((long) (first.seconds() * 1e9));
    for (var s : recorded) {
      out.add(
          new ThroughputSample(
              java.time.Duration.between(origin, s.at()).toMillis() / 1000.0,
              s.rowsPerSecond(),
              s.megabytesPerSecond(),
              s.phase()));
    }
    return out;
  }

  /** Says that what is shown is a past run, read-only; empty for a run of this session. */
  public ReadOnlyStringProperty pastBannerProperty() {
    return pastBanner.getReadOnlyProperty();
  }

  /** Resumes a run of the journal (from History), with the session holding its plan. */
  public void resumeRun(String id) {
    reset(session.planProperty().get());
    runId.set(id);
    resumable.set(true);
    state.set(RunState.PAUSED);
    resume();
  }

  /** Stops the run for good in this session (it can still be resumed from History or the CLI). */
  public void cancel() {
    cancelRequested = true;
    if (state.get() == RunState.RUNNING || state.get() == RunState.PAUSING) {
      state.set(RunState.PAUSING);
      status.set("Cancelling…");
      cancel.set(true);
    } else if (state.get() == RunState.PAUSED) {
      finishCancelled();
    }
  }

  private void finishCancelled() {
    resumable.set(false);
    status.set(
        "Cancelled. Run "
            + runId.get()
            + " can still be resumed later: ferry migrate --resume "
            + runId.get());
    state.set(RunState.CANCELLED);
  }

  private void launch(Callable<MigrationResult> work, String what) {
    BackgroundTask.wrap(work)
        .onRunning(
            () -> {
              state.set(RunState.RUNNING);
              startedNanos = clock.getAsLong();
              lastSampleNanos = startedNanos;
              lastSampleRows = rowsDone.get();
              lastSampleBytes = bytesDone.get();
              status.set(what + "…");
            })
        .onSuccess(this::finished)
        .onFailure(
            e -> {
              flush();
              outcome.set(Outcome.FAILURE);
              state.set(RunState.FAILED);
              status.set("✗ " + FerryException.describe(e));
            })
        .executeWith(executor);
  }

  private void finished(MigrationResult r) {
    flush();
    result.set(r);
    runId.set(r.runId());
    loadTimeline(r.runId());
    RunStatus s = r.status();
    resumable.set(s == RunStatus.INTERRUPTED || s == RunStatus.FAILED);
    if (s == RunStatus.INTERRUPTED) {
      if (cancelRequested) {
        finishCancelled();
      } else {
        status.set(
            "Paused: "
                + String.format("%,d", r.rowsLoaded())
                + " rows committed. Resume continues from there.");
        state.set(RunState.PAUSED);
      }
      return;
    }
    for (TableProgressRow row : tables) {
      if (s != RunStatus.FAILED) {
        row.stateProperty().set("done");
      }
    }
    failedObjects.setAll(r.failedObjects());
    outcome.set(
        switch (s) {
          case SUCCEEDED -> r.warnings().isEmpty() ? Outcome.SUCCESS : Outcome.WARNING;
          case SUCCEEDED_WITH_REJECTS -> Outcome.WARNING;
          default -> Outcome.FAILURE;
        });
    status.set(
        switch (s) {
          case SUCCEEDED ->
              r.warnings().isEmpty()
                  ? "✓ Done: " + String.format("%,d", r.rowsLoaded()) + " rows loaded."
                  : "Done with "
                      + r.warnings().size()
                      + (r.warnings().size() == 1 ? " warning" : " warnings")
                      + ": "
                      + String.format("%,d", r.rowsLoaded())
                      + " rows loaded; read the warnings in the log below.";
          case OBJECTS_FAILED ->
              "✗ OBJECTS_FAILED: "
                  + String.format("%,d", r.rowsLoaded())
                  + " rows loaded, but "
                  + r.failedObjects().size()
                  + (r.failedObjects().size() == 1 ? " object" : " objects")
                  + " of the schema failed (listed below, with PostgreSQL's reason).";
          case SUCCEEDED_WITH_REJECTS ->
              "Done with rejects: "
                  + String.format("%,d", r.rowsLoaded())
                  + " rows loaded, "
                  + String.format("%,d", r.rowsRejected())
                  + " rejected (see "
                  + r.rejectsDirectory()
                  + ").";
          case VALIDATION_FAILED ->
              "✗ VALIDATION_FAILED: loaded, but validation failed ("
                  + r.message()
                  + "): see Validate.";
          default -> "✗ " + r.message();
        });
    // the state last: whoever waits for it sees the rest already set
    state.set(s == RunStatus.FAILED ? RunState.FAILED : RunState.DONE);
  }

  /** Replaces the live timeline with the journal's record of the run (also for a past run). */
  private void loadTimeline(String id) {
    if (id == null) {
      return;
    }
    Ferry ferry = session.ferry();
    BackgroundTask.wrap(() -> ferry.timeline(id))
        .onSuccess(
            list -> {
              if (id.equals(runId.get())) {
                spans.setAll(list);
              }
            })
        .onFailure(e -> log.add("⚠ the run's timeline could not be read: " + e.getMessage()))
        .executeWith(executor);
  }

  // ------------------------------------------------------------------ events

  private void reset(MigrationPlan plan) {
    cancel = new AtomicBoolean();
    cancelRequested = false;
    tables.clear();
    byTable.clear();
    live.clear();
    samples.clear();
    spans.clear();
    pendingSpans.clear();
    log.clear();
    rowsDone.set(0);
    bytesDone.set(0);
    rejectedLive.set(0);
    rejected.set(0);
    progress.set(0);
    result.set(null);
    runId.set(null);
    resumable.set(false);
    outcome.set(Outcome.NONE);
    failedObjects.clear();
    pastBanner.set("");
    var a = session.assessmentProperty().get();
    Map<String, Long> rows = new LinkedHashMap<>();
    if (a != null) {
      a.tables().forEach(t -> rows.merge(t.target(), t.rows(), Long::sum));
    }
    long total = 0;
    List<TableProgressRow> list = new ArrayList<>();
    for (var tp : plan.targetTables()) {
      TableProgressRow row = new TableProgressRow(tp.target());
      long n = rows.getOrDefault(tp.target(), 0L);
      row.rowsTotalProperty().set(n);
      total += n;
      byTable.put(tp.target(), row);
      list.add(row);
    }
    // one change: the table builds its rows once
    tables.setAll(list);
    totalRows = total;
  }

  /** Where the engine's events reach this model (package-private: tests feed it events). */
  MigrationListener listener() {
    return e -> {
      switch (e) {
        case MigrationEvent.PhaseStarted p -> {
          livePhase = p.phase();
          if (p.phase() == Phase.DATA && p.work() > 0) {
            totalRows = p.work();
          }
          pendingLog.add(p.phase().name().toLowerCase() + " started");
        }
        case MigrationEvent.PhaseFinished p ->
            pendingLog.add(
                p.phase().name().toLowerCase()
                    + (p.ok() ? " finished in " : " failed after ")
                    + seconds(p.took()));
        case MigrationEvent.TableProgress p when p.phase() == Phase.DATA -> {
          live.compute(
              p.table(),
              (k, v) -> {
                long[] a = v == null ? new long[4] : v;
                a[0] = p.rowsDone();
                a[1] = p.rowsTotal();
                return a;
              });
          rowsDone.addAndGet(p.rowsDelta());
          bytesDone.addAndGet(p.bytesDelta());
        }
        case MigrationEvent.TableFinished f when f.phase() == Phase.DATA -> {
          live.compute(
              f.table(),
              (k, v) -> {
                long[] a = v == null ? new long[4] : v;
                a[0] = f.rows();
                a[2] = f.rejected();
                a[3] = 1;
                return a;
              });
          pendingLog.add(
              f.table()
                  + ": "
                  + String.format("%,d", f.rows())
                  + " rows in "
                  + seconds(f.took())
                  + (f.rejected() > 0 ? ", " + f.rejected() + " rejected" : ""));
        }
        case MigrationEvent.WorkStarted w
            when w.phase() == Phase.CONSTRAINTS && w.table() != null -> {
          building.put(w.table(), w.what());
          keyState(w.table(), KEYS_BUILDING);
        }
        case MigrationEvent.Span span -> {
          pendingSpans.add(span);
          if (span.phase() == Phase.CONSTRAINTS
              && span.table() != null
              && building.remove(span.table(), span.what())) {
            keyState(span.table(), KEYS_BUILT);
          }
        }
        case MigrationEvent.Warning w ->
            pendingLog.add("⚠ " + (w.object() == null ? "" : w.object() + ": ") + w.message());
        case MigrationEvent.RowRejected r -> {
          rejectedLive.incrementAndGet();
          pendingLog.add("✗ rejected " + r.table() + " " + r.key() + ": " + r.reason());
        }
        default -> {}
      }
      scheduleRefresh();
    };
  }

  private static final int KEYS_BUILDING = 2;
  private static final int KEYS_BUILT = 3;

  /** A table's keys and indexes began or finished building (also while others still load). */
  private void keyState(String table, int state) {
    live.compute(
        table,
        (k, v) -> {
          long[] a = v == null ? new long[4] : v;
          a[3] = state;
          return a;
        });
  }

  private void scheduleRefresh() {
    if (refreshPending.compareAndSet(false, true)) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  Thread.sleep(UI_INTERVAL_MS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                refreshPending.set(false);
                executor.runOnUiThread(this::flush);
              });
    }
  }

  /** Copies the engine's counters into the properties (UI thread). */
  synchronized void flush() {
    phase.set(livePhase);
    live.forEach(
        (table, a) -> {
          TableProgressRow row = byTable.get(table);
          if (row == null) {
            row = new TableProgressRow(table);
            byTable.put(table, row);
            tables.add(row);
          }
          long elapsed = Math.max(1, clock.getAsLong() - startedNanos);
          row.rowsDoneProperty().set(a[0]);
          if (a[1] > 0) {
            row.rowsTotalProperty().set(a[1]);
          }
          row.rejectedProperty().set(a[2]);
          row.rowsPerSecondProperty().set(a[0] / (elapsed / 1e9));
          if (!"done".equals(row.stateProperty().get())) {
            row.stateProperty()
                .set(
                    switch ((int) a[3]) {
                      case 0 -> "loading";
                      case 1 -> "loaded";
                      case KEYS_BUILDING -> {
                        String what = building.get(table);
                        yield what == null
                            ? "building keys"
                            : what.equals(Analyze.VACUUM_WHAT) ? what : "building keys: " + what;
                      }
                      default -> "keys built";
                    });
          }
        });
    long done = rowsDone.get();
    long total = totalRows;
    progress.set(total <= 0 ? 0 : Math.min(1.0, (double) done / total));
    long now = clock.getAsLong();
    double secs = (now - startedNanos) / 1e9;
    double rate = secs <= 0 ? 0 : done / secs;
    String eta =
        rate > 0 && total > done && livePhase == Phase.DATA
            ? ", ETA " + seconds(Duration.ofMillis((long) ((total - done) / rate * 1000)))
            : "";
    progressText.set(
        String.format(
            "%,d of %,d rows (%.0f%%) · %,.0f rows/s%s",
            done, total, progress.get() * 100, rate, eta));
    rejected.set(rejectedLive.get());
    double window = (now - lastSampleNanos) / 1e9;
    if (window >= 0.1 && livePhase != null) {
      samples.add(
          new ThroughputSample(
              secs,
              (done - lastSampleRows) / window,
              (bytesDone.get() - lastSampleBytes) / window / 1e6,
              livePhase));
      lastSampleNanos = now;
      lastSampleRows = done;
      lastSampleBytes = bytesDone.get();
    }
    List<MigrationEvent.Span> newSpans = new ArrayList<>();
    for (MigrationEvent.Span s = pendingSpans.poll(); s != null; s = pendingSpans.poll()) {
      newSpans.add(s);
    }
    if (!newSpans.isEmpty()) {
      spans.addAll(newSpans);
    }
    List<String> lines = new ArrayList<>();
    for (String s = pendingLog.poll(); s != null; s = pendingLog.poll()) {
      lines.add(s);
    }
    log.addAll(lines);
  }

  static String seconds(Duration d) {
    double s = d.toMillis() / 1000.0;
    return s < 60
        ? String.format("%.1f s", s)
        : String.format("%d min %02d s", (long) s / 60, (long) s % 60);
  }

  // ------------------------------------------------------------------ properties

  public ObservableList<TableProgressRow> tables() {
    return tables;
  }

  /** The run's timeline: each table's load and each DDL statement, with their times. */
  public ObservableList<MigrationEvent.Span> spans() {
    return spans;
  }

  public ObservableList<ThroughputSample> samples() {
    return samples;
  }

  public ObservableList<String> log() {
    return log;
  }

  public ReadOnlyObjectProperty<RunState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Phase> phaseProperty() {
    return phase.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty progressTextProperty() {
    return progressText.getReadOnlyProperty();
  }

  public ReadOnlyLongProperty rejectedProperty() {
    return rejected.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty runIdProperty() {
    return runId.getReadOnlyProperty();
  }

  public ObjectProperty<MigrationResult> resultProperty() {
    return result;
  }

  /** How the run ended at a glance: a run with failed objects or a failed validation is FAILURE. */
  public ReadOnlyObjectProperty<Outcome> outcomeProperty() {
    return outcome.getReadOnlyProperty();
  }

  /** The planned objects the target refused, each with PostgreSQL's reason (empty otherwise). */
  public ObservableList<LedgerEntry> failedObjects() {
    return failedObjects;
  }

  public ReadOnlyBooleanProperty resumableProperty() {
    return resumable.getReadOnlyProperty();
  }

  /** Next: the run finished (validation results are in Validate). */
  public BooleanBinding completeBinding() {
    return state.isEqualTo(RunState.DONE);
  }

  public StringBinding blockedReasonBinding() {
    return Bindings.createStringBinding(
        () ->
            switch (state.get()) {
              case IDLE -> "Start the migration.";
              case RUNNING, PAUSING -> "The migration is running.";
              case PAUSED -> "Paused: resume or cancel.";
              case CANCELLED -> "Cancelled.";
              case FAILED -> "The run failed: fix the cause, then Resume.";
              case DONE -> "";
            },
        state);
  }
}
