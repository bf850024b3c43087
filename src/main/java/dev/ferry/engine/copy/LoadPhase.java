package dev.ferry.engine.copy;

import dev.ferry.engine.catalog.ForeignKeyLevels;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.TableResult;
import dev.ferry.engine.core.Workers;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.SourceTables;
import dev.ferry.engine.plan.TablePlan;
import dev.ferry.engine.schema.TargetPolicy;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The load phase: every planned table cut into chunks, the chunks committed by the previous attempt
 * skipped, the rest loaded by {@code jobs} workers — largest tables first, or level by level in
 * dependency order — each on its own target connection.
 */
public final class LoadPhase {
  private final SourceTables tables;
  private final Map<String, ConnectionSpec> sources;
  private final ConnectionSpec target;
  private final String runId;
  private final AtomicBoolean cancelled;
  private final ChunkWork work;
  private final RunJournal journal;
  private volatile boolean suspendTriggers;

  public LoadPhase(
      SourceTables tables,
      Map<String, ConnectionSpec> sources,
      ConnectionSpec target,
      String runId,
      RunJournal journal,
      MigrationListener listener,
      AtomicBoolean cancelled) {
    this.tables = tables;
    this.sources = sources;
    this.target = target;
    this.runId = runId;
    this.cancelled = cancelled;
    this.journal = journal;
    this.work = new ChunkWork(tables.plan(), runId, journal, listener);
  }

  /** Values changed by {@code --clean-text} (so far, also when the load failed). */
  public long cleanedValues() {
    return work.cleanedValues();
  }

  /** Source values that became NULL for want of a target equivalent (MySQL zero dates). */
  public long nulledValues() {
    return work.nulledValues();
  }

  /** Loads what is not loaded yet; returns each target table's rows read, loaded and rejected. */
  public List<TableResult> run(Connection admin, RejectLog rejects)
      throws SQLException, InterruptedException {
    MigrationPlan plan = tables.plan();
    admin.setAutoCommit(true);
    Checkpoints.ensure(admin);
    Checkpoints.Committed committed = Checkpoints.committed(admin, runId);
    Map<String, Set<Integer>> doneChunks = committed.chunks();
    Map<String, Long> doneRows = committed.rows();
    // a kept table keeps its triggers and foreign keys: they must not act on the rows Ferry loads
    suspendTriggers =
        !TargetPolicy.firingDuringLoad(admin, plan, journal.events(runId, "kept", true)).isEmpty();
    try {
      rejects.pruneUncommitted(doneChunks);
    } catch (IOException e) {
      throw new FerryException(
          "Cannot tidy the reject files in " + rejects.directory() + ": " + e.getMessage(), e);
    }
    ForeignKeyLevels levels = tables.levels();
    boolean byLevel = plan.settings().loadOrder() == LoadOrder.DEPENDENCY_ORDER;
    ChunkPlanner planner = new ChunkPlanner(plan.settings().chunkRows());
    List<LoadTask> tasks = new ArrayList<>();
    Map<String, TableCounters> counters = new LinkedHashMap<>();
    for (TablePlan lead : plan.targetTables()) {
      // merged sources load into one target table: one set of counters, chunk numbers kept apart
      List<TablePlan> members = plan.loadingInto(lead.target());
      long total = 0;
      for (TablePlan m : members) {
        total += tables.table(m).rows();
      }
      TableCounters tc = new TableCounters(lead, members, total);
      tc.loaded.addAndGet(doneRows.getOrDefault(lead.target(), 0L));
      counters.put(lead.target(), tc);
      Set<Integer> skip = doneChunks.getOrDefault(lead.target(), Set.of());
      for (int m = 0; m < members.size(); m++) {
        TablePlan tp = members.get(m);
        Table t = tables.table(tp);
        for (Chunk c : planner.chunks(source(tp.source()), t)) {
          Chunk ch = ChunkPlanner.forMember(m, c);
          if (!skip.contains(ch.number())) {
            tasks.add(new LoadTask(tp, t, ch, byLevel ? levels.level(t.id()) : 0));
            tc.chunksPending.incrementAndGet();
          }
        }
      }
    }
    // largest tables first, so the longest load starts at once and small ones fill the gaps
    tasks.sort(
        Comparator.comparingInt(LoadTask::level)
            .thenComparing(Comparator.comparingLong((LoadTask lt) -> lt.table().rows()).reversed())
            .thenComparingInt(lt -> lt.chunk().number()));
    if (!byLevel) {
      runTasks(tasks, rejects, counters);
    } else {
      for (int level = 0; level <= levels.maxLevel(); level++) {
        final int l = level;
        runTasks(tasks.stream().filter(t -> t.level() == l).toList(), rejects, counters);
      }
    }
    List<TableResult> results = new ArrayList<>();
    for (TableCounters tc : counters.values()) {
      results.add(
          new TableResult(
              String.join(" + ", tc.members.stream().map(m -> m.id().label()).toList()),
              tc.plan.target(),
              tc.read.get(),
              tc.loaded.get(),
              rejects.count(tc.plan.target()),
              tc.bytes.get(),
              tc.nanos.get() / 1e9));
    }
    return results;
  }

  private ConnectionSpec source(String sourceName) {
    ConnectionSpec spec = sources.get(sourceName);
    if (spec == null) {
      throw new IllegalStateException("No connection for source '" + sourceName + "' of the plan");
    }
    return spec;
  }

  /** A load session on the target: its settings, and kept tables' triggers suspended. */
  private Connection openTarget() throws SQLException {
    Connection c = Sessions.openTarget(target, tables.plan().target().schema());
    if (suspendTriggers) {
      try (Statement st = c.createStatement()) {
        st.execute("SET session_replication_role = replica");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  private void runTasks(
      List<LoadTask> tasks, RejectLog rejects, Map<String, TableCounters> counters)
      throws SQLException, InterruptedException {
    if (tasks.isEmpty()) {
      return;
    }
    WorkerSessions sessions = new WorkerSessions();
    AtomicBoolean abort = new AtomicBoolean();
    SnapshotCoordinator snapshots = new SnapshotCoordinator(sources, tables.plan());
    List<Callable<Void>> jobs = new ArrayList<>();
    for (LoadTask task : tasks) {
      jobs.add(
          () -> {
            work.load(
                task,
                source(task.plan().source()),
                sessions,
                rejects,
                counters.get(task.plan().target()),
                snapshots,
                () -> cancelled.get() || abort.get());
            return null;
          });
    }
    try {
      snapshots.start();
      Workers.runAll("ferry-load", tables.plan().settings().jobs(), jobs, () -> abort.set(true));
    } catch (ExecutionException e) {
      throw Workers.rethrow(e, cause -> new FerryException("loading failed: " + cause, cause));
    } finally {
      snapshots.close();
      sessions.closeAll();
    }
  }

  /** Each worker thread's target connection, opened when first needed or after one was lost. */
  private final class WorkerSessions implements ChunkWork.TargetSession {
    private final Map<Thread, Connection> open = new ConcurrentHashMap<>();

    @Override
    public Connection get() throws SQLException {
      Connection c = open.get(Thread.currentThread());
      if (c == null || c.isClosed()) {
        c = openTarget();
        open.put(Thread.currentThread(), c);
      }
      return c;
    }

    @Override
    public void discard() {
      close(open.remove(Thread.currentThread()));
    }

    void closeAll() {
      open.values().forEach(WorkerSessions::close);
      open.clear();
    }

    private static void close(Connection c) {
      if (c == null) {
        return;
      }
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing after the work is done, failed or the connection was lost; nothing to save
      }
    }
  }
}
