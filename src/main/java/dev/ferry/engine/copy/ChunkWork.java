package dev.ferry.engine.copy;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.SqlStates;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import dev.ferry.engine.validate.LoadDigest;
import dev.ferry.engine.validate.RowHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Loads one chunk: its SELECT on the source (through the run's shared snapshot), its COPY into the
 * target, the commit marker and digest that make it resumable and validatable, the progress events
 * and the journal record. A chunk that fails is rolled back whole (its rejected rows taken back);
 * after a transient error it is loaded again from its start, after any other it stops the run with
 * the cause.
 */
final class ChunkWork {
  private final MigrationPlan plan;
  private final String runId;
  private final RunJournal journal;
  private final MigrationListener listener;
  private final AtomicLong cleaned = new AtomicLong();
  private final AtomicLong nulled = new AtomicLong();

  /**
   * The pauses before loading a chunk again after a transient error (deadlock, serialization
   * failure, lock timeout, lost connection); after the last, the run stops with the cause.
   */
  static final List<Duration> RETRY_DELAYS =
      List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));

  ChunkWork(MigrationPlan plan, String runId, RunJournal journal, MigrationListener listener) {
    this.plan = plan;
    this.runId = runId;
    this.journal = journal;
    this.listener = listener;
  }

  /** Values changed by {@code --clean-text} so far. */
  long cleanedValues() {
    return cleaned.get();
  }

  /** Source values with no target equivalent that became NULL (MySQL zero dates) so far. */
  long nulledValues() {
    return nulled.get();
  }

  void load(
      LoadTask task,
      ConnectionSpec spec,
      TargetSession target,
      RejectLog rejects,
      TableCounters tc,
      SnapshotCoordinator snapshots,
      BooleanSupplier stop)
      throws SQLException, InterruptedException {
    if (stop.getAsBoolean()) {
      throw new InterruptedException("cancelled");
    }
    TablePlan tp = task.plan();
    Table t = task.table();
    Dialect dialect = Dialects.of(spec.kind());
    List<ColumnPlan> cols = tp.columns();
    List<String> sourceCols = cols.stream().map(ColumnPlan::name).toList();
    List<String> targetCols = cols.stream().map(ColumnPlan::target).toList();
    StringBuilder copy =
        new StringBuilder("COPY ")
            .append(Identifiers.qualified(plan.target().schema(), tp.target()))
            .append(" (");
    for (int i = 0; i < targetCols.size(); i++) {
      copy.append(i == 0 ? "" : ", ").append(Identifiers.quote(targetCols.get(i)));
    }
    copy.append(") FROM STDIN");
    List<String> sourceKey = t.primaryKey() == null ? List.of() : t.primaryKey().columns();
    List<String> targetKey =
        sourceKey.stream().map(k -> tp.column(k).map(ColumnPlan::target).orElse(k)).toList();
    ChunkLoader.Job job =
        new ChunkLoader.Job(
            t.id().label(),
            tp.target(),
            task.chunk().number(),
            copy.toString(),
            sourceCols,
            targetCols,
            sourceKey,
            targetKey,
            plan.settings().batchRows(),
            plan.settings().batchBytes(),
            plan.settings().cleanText(),
            new RowHasher(cols)::hash,
            plan.settings().validate() ? () -> new LoadDigest(cols) : null);
    Chunk ch = task.chunk();
    String select = dialect.selectChunk(t, cols, ch.key(), ch.lo(), ch.hi());
    String where = "table " + tp.target() + " (from " + t.id().label() + "), chunk " + ch.number();
    long started = System.nanoTime();
    tc.firstStart.compareAndSet(null, Instant.now());
    try {
      for (int attempt = 1; ; attempt++) {
        long[] sent = new long[2];
        AtomicLong attemptNulled = new AtomicLong();
        Connection[] sourceConn = new Connection[1];
        ChunkLoader.RowSourceFactory rows =
            () -> {
              sourceConn[0] = snapshots.open(tp.source());
              return dialect.openRows(sourceConn[0], select, cols, attemptNulled);
            };
        ChunkLoader.Result r;
        try {
          r =
              ChunkLoader.load(
                  job,
                  rows,
                  target.get(),
                  target.watch(),
                  rejects,
                  stop,
                  Checkpoints.marker(runId, tp.target(), ch.number()),
                  (n, bytes) -> {
                    sent[0] += n;
                    sent[1] += bytes;
                    progress(tc, tp.target(), n, bytes);
                  });
        } catch (SQLException e) {
          // the chunk's transaction is rolled back: what it sent and rejected is taken back
          progress(tc, tp.target(), -sent[0], -sent[1]);
          OptionalLong committed = committedAnyway(target, e, tp.target(), ch.number());
          if (committed == null) {
            // the target cannot say whether the chunk committed: a resume finds out (its marker)
            throw stopped(where, attempt, e);
          }
          if (committed.isPresent()) {
            r = new ChunkLoader.Result(committed.getAsLong(), committed.getAsLong(), 0, 0, 0);
            progress(tc, tp.target(), committed.getAsLong(), 0);
          } else {
            discardRejects(rejects, tp.target(), ch.number());
            if (!SqlStates.isTransient(e) || attempt > RETRY_DELAYS.size()) {
              throw stopped(where, attempt, e);
            }
            Duration pause = RETRY_DELAYS.get(attempt - 1);
            listener.onEvent(
                new MigrationEvent.Warning(
                    tp.target(),
                    where
                        + ": "
                        + FerryException.describe(e)
                        + "; rolled back, loading it again in "
                        + pause.toMillis()
                        + " ms (attempt "
                        + (attempt + 1)
                        + " of "
                        + (RETRY_DELAYS.size() + 1)
                        + ")"));
            pause(pause, stop, where, attempt, e);
            continue;
          }
        } finally {
          if (sourceConn[0] != null) {
            snapshots.release(tp.source(), sourceConn[0]);
          }
        }
        tc.read.addAndGet(r.rowsRead());
        cleaned.addAndGet(r.cleanedValues());
        nulled.addAndGet(attemptNulled.get());
        journal.chunkDone(runId, tp.target(), ch.number(), r.rowsLoaded(), r.rowsRead());
        if (tc.chunksPending.decrementAndGet() == 0) {
          listener.onEvent(
              new MigrationEvent.TableFinished(
                  Phase.DATA,
                  tp.target(),
                  tc.loaded.get(),
                  rejects.count(tp.target()),
                  Duration.ofNanos(tc.nanos.get() + System.nanoTime() - started)));
          listener.onEvent(
              new MigrationEvent.Span(
                  Phase.DATA,
                  tp.target(),
                  MigrationEvent.Span.LOAD,
                  "load",
                  tc.firstStart.get(),
                  Instant.now(),
                  true));
        }
        return;
      }
    } finally {
      tc.nanos.addAndGet(System.nanoTime() - started);
    }
  }

  private void progress(TableCounters tc, String table, long rows, long bytes) {
    long done = tc.loaded.addAndGet(rows);
    tc.bytes.addAndGet(bytes);
    listener.onEvent(
        new MigrationEvent.TableProgress(Phase.DATA, table, rows, bytes, done, tc.total));
  }

  /**
   * Whether the failed chunk committed all the same (its marker is there: the commit went through
   * but its reply was lost): its rows if so, empty if not, null when the target cannot say.
   */
  private OptionalLong committedAnyway(
      TargetSession target, SQLException e, String table, int chunk) {
    try {
      if (SqlStates.isConnectionLost(e)) {
        target.discard();
      }
      return Checkpoints.committedRows(target.get(), runId, table, chunk);
    } catch (SQLException unknown) {
      e.addSuppressed(unknown);
      return null;
    }
  }

  private static void discardRejects(RejectLog rejects, String table, int chunk) {
    try {
      rejects.discard(table, chunk);
    } catch (IOException io) {
      throw new UncheckedIOException("Cannot take back chunk " + chunk + "'s rejected rows", io);
    }
  }

  /** Waits before the next attempt, giving up when the run is cancelled or stopping. */
  private static void pause(
      Duration pause, BooleanSupplier stop, String where, int attempt, SQLException e)
      throws InterruptedException {
    long until = System.nanoTime() + pause.toNanos();
    while (System.nanoTime() < until) {
      if (stop.getAsBoolean()) {
        throw stopped(where, attempt, e);
      }
      Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
  }

  /** The chunk's real cause, where it happened and how often it was tried; no row was rejected. */
  private static FerryException stopped(String where, int attempts, SQLException e) {
    return new FerryException(
        "Loading "
            + where
            + " stopped"
            + (attempts > 1 ? " after " + attempts + " attempts" : "")
            + ": "
            + FerryException.describe(e)
            + ". The chunk was rolled back and no row of it was rejected"
            + remedy(SqlStates.of(e)),
        e);
  }

  private static String remedy(String state) {
    if (state == null) {
      return "";
    }
    if (state.equals("42501")) {
      return "; grant the role Ferry connects as what the load needs (INSERT on the table)";
    }
    if (state.startsWith("42")) {
      return "; the target table does not match the plan: compare them (ferry assess)";
    }
    if (state.equals("55P03") || state.startsWith("40")) {
      return "; another session held a conflicting lock: find it in pg_locks and pg_stat_activity";
    }
    if (state.startsWith("53")) {
      return "; the target server ran out of a resource (disk space, memory, connections)";
    }
    return "";
  }

  /**
   * The worker's target connection; a lost one is discarded and the next {@code get} opens anew.
   */
  interface TargetSession {
    Connection get() throws SQLException;

    /**
     * Closes the worker's lost connection and makes sure its server session is gone too (a stalled
     * link can leave it holding its transaction and locks, and a late COMMIT could still reach it),
     * so that whether the chunk committed can be read and a new attempt cannot meet an old one.
     */
    void discard() throws SQLException;

    /** Drops this worker's connection when a call on it stalls. */
    StallWatch watch();
  }
}
