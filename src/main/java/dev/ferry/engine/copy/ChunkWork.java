package dev.ferry.engine.copy;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
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
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Loads one chunk: its SELECT on the source (through the run's shared snapshot), its COPY into the
 * target, the commit marker and digest that make it resumable and validatable, the progress events
 * and the journal record.
 */
final class ChunkWork {
  private final MigrationPlan plan;
  private final String runId;
  private final RunJournal journal;
  private final MigrationListener listener;
  private final AtomicLong cleaned = new AtomicLong();
  private final AtomicLong nulled = new AtomicLong();

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
      Connection targetConn,
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
    long started = System.nanoTime();
    Connection[] sourceConn = new Connection[1];
    ChunkLoader.RowSourceFactory rows =
        () -> {
          sourceConn[0] = snapshots.open(tp.source());
          return dialect.openRows(sourceConn[0], select, cols, nulled);
        };
    try {
      ChunkLoader.Result r =
          ChunkLoader.load(
              job,
              rows,
              targetConn,
              rejects,
              stop,
              Checkpoints.marker(runId, tp.target(), ch.number()),
              (n, bytes) -> {
                long done = tc.loaded.addAndGet(n);
                tc.bytes.addAndGet(bytes);
                listener.onEvent(
                    new MigrationEvent.TableProgress(
                        Phase.DATA, tp.target(), n, bytes, done, tc.total));
              });
      tc.read.addAndGet(r.rowsRead());
      cleaned.addAndGet(r.cleanedValues());
      journal.chunkDone(runId, tp.target(), ch.number(), r.rowsLoaded(), r.rowsRead());
      if (tc.chunksPending.decrementAndGet() == 0) {
        listener.onEvent(
            new MigrationEvent.TableFinished(
                Phase.DATA,
                tp.target(),
                tc.loaded.get(),
                rejects.count(tp.target()),
                Duration.ofNanos(tc.nanos.get() + System.nanoTime() - started)));
      }
    } finally {
      tc.nanos.addAndGet(System.nanoTime() - started);
      if (sourceConn[0] != null) {
        snapshots.release(tp.source(), sourceConn[0]);
      }
    }
  }
}
