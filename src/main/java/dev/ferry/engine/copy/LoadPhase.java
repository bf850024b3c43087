package dev.ferry.engine.copy;

import dev.ferry.engine.catalog.ForeignKeyLevels;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.core.TableResult;
import dev.ferry.engine.core.Workers;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.plan.SourceChange;
import dev.ferry.engine.plan.SourceTables;
import dev.ferry.engine.plan.TablePlan;
import dev.ferry.engine.schema.TargetPolicy;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
  private final MigrationListener listener;
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
    this.listener = listener;
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
    ChunkPlanner planner = new ChunkPlanner(plan.settings().chunkRows());
    if (!doneChunks.isEmpty()) {
      // a resume: what was loaded must still be what the source holds there
      for (String target : sourceChanged(doneChunks)) {
        reload(admin, target);
        doneChunks.remove(target);
        doneRows.remove(target);
      }
    }
    try {
      rejects.pruneUncommitted(doneChunks);
    } catch (IOException e) {
      throw new FerryException(
          "Cannot tidy the reject files in " + rejects.directory() + ": " + e.getMessage(), e);
    }
    ForeignKeyLevels levels = tables.levels();
    boolean byLevel = plan.settings().loadOrder() == LoadOrder.DEPENDENCY_ORDER;
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
        for (Chunk ch : chunks(planner, lead.target(), m, tp, t)) {
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
    // one snapshot of each source for the whole load, also level by level: every chunk of every
    // table reads the same state of the source
    try (SnapshotCoordinator snapshots = new SnapshotCoordinator(sources, plan)) {
      if (!tasks.isEmpty()) {
        for (String warning : snapshots.start()) {
          listener.onEvent(new MigrationEvent.Warning(null, warning));
        }
      }
      if (!byLevel) {
        runTasks(tasks, rejects, counters, snapshots);
      } else {
        for (int level = 0; level <= levels.maxLevel(); level++) {
          final int l = level;
          runTasks(
              tasks.stream().filter(t -> t.level() == l).toList(), rejects, counters, snapshots);
        }
      }
    }
    durable(admin);
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

  /** What an earlier, finished load of this run put in each table, from the journal. */
  public List<TableResult> loaded(Connection admin, RejectLog rejects) throws SQLException {
    // the markers' table, which the end of a run drops, is where validation looks for digests
    Checkpoints.ensure(admin);
    Map<String, long[]> rows = journal.loadedRows(runId);
    List<TableResult> out = new ArrayList<>();
    for (TablePlan lead : tables.plan().targetTables()) {
      long[] r = rows.getOrDefault(lead.target(), new long[2]);
      out.add(
          new TableResult(
              String.join(
                  " + ",
                  tables.plan().loadingInto(lead.target()).stream()
                      .map(m -> m.id().label())
                      .toList()),
              lead.target(),
              r[1],
              r[0],
              rejects.count(lead.target()),
              0,
              0));
    }
    return out;
  }

  /**
   * The chunks of one source table of a target table: as the run decided them (kept in the journal,
   * so a resume loads exactly the same key ranges), or decided now and kept.
   */
  private List<Chunk> chunks(ChunkPlanner planner, String target, int member, TablePlan tp, Table t)
      throws SQLException {
    List<RunJournal.StoredChunk> stored = journal.chunkPlan(runId, target, tp.id().label());
    if (!stored.isEmpty()) {
      return stored.stream().map(c -> new Chunk(c.number(), c.key(), c.lo(), c.hi())).toList();
    }
    List<Chunk> planned =
        planner.chunks(source(tp.source()), t).stream()
            .map(c -> ChunkPlanner.forMember(member, c))
            .toList();
    journal.saveChunkPlan(
        runId,
        target,
        tp.id().label(),
        planned.stream()
            .map(c -> new RunJournal.StoredChunk(c.number(), c.key(), c.lo(), c.hi()))
            .toList());
    return planned;
  }

  /**
   * The target tables whose source rows changed, since they were loaded, in the chunks a resume
   * would skip: each committed chunk's range is counted in the source again and compared with what
   * the load read there. Refused (naming table, chunk, range and counts) unless the plan says to
   * reload them.
   */
  private List<String> sourceChanged(Map<String, Set<Integer>> done) throws SQLException {
    MigrationPlan plan = tables.plan();
    Map<String, List<String>> changes = new LinkedHashMap<>();
    for (TablePlan lead : plan.targetTables()) {
      Set<Integer> committed = done.getOrDefault(lead.target(), Set.of());
      Map<Integer, Long> read = journal.rowsRead(runId, lead.target());
      if (committed.isEmpty() || read.isEmpty()) {
        continue;
      }
      for (TablePlan tp : plan.loadingInto(lead.target())) {
        Table t = tables.table(tp);
        ConnectionSpec spec = source(tp.source());
        try (Connection c = Sessions.openSource(spec)) {
          Dialect d = Dialects.of(spec.kind());
          for (RunJournal.StoredChunk ch :
              journal.chunkPlan(runId, lead.target(), tp.id().label())) {
            Long before = read.get(ch.number());
            if (before == null || !committed.contains(ch.number())) {
              continue;
            }
            long now = d.countChunk(c, t, ch.key(), ch.lo(), ch.hi());
            if (now != before) {
              changes
                  .computeIfAbsent(lead.target(), k -> new ArrayList<>())
                  .add(
                      t.id().label()
                          + " chunk "
                          + ch.number()
                          + (ch.key() == null
                              ? " (the whole table)"
                              : " ("
                                  + ch.key()
                                  + " from "
                                  + end(ch.lo())
                                  + " to "
                                  + end(ch.hi())
                                  + ")")
                          + ": "
                          + before
                          + " rows when loaded, "
                          + now
                          + " now");
            }
          }
        }
      }
    }
    if (changes.isEmpty()) {
      return List.of();
    }
    StringBuilder what = new StringBuilder();
    changes.forEach(
        (table, list) ->
            what.append("\n  ").append(table).append(": ").append(String.join("; ", list)));
    if (plan.settings().onSourceChange() != SourceChange.RELOAD) {
      throw new RefusedException(
          "The source changed since these tables were loaded, in ranges the resume would skip:"
              + what
              + "\nResume with --on-source-change reload to load those tables again from the start,"
              + " or start a new run.");
    }
    Set<String> created = journal.events(runId, "created", true);
    for (String table : changes.keySet()) {
      if (!created.contains(table)) {
        throw new RefusedException(
            "The source changed since table "
                + table
                + " was loaded, and the table existed before this run (kept): Ferry will not empty"
                + " it to load it again."
                + what);
      }
    }
    listener.onEvent(
        new MigrationEvent.Warning(
            String.join(", ", changes.keySet()),
            "the source changed since these tables were loaded; they are loaded again:" + what));
    return List.copyOf(changes.keySet());
  }

  private static String end(Long bound) {
    return bound == null ? "the end" : String.valueOf(bound);
  }

  /** Empties a table this run created, and forgets its chunks: it loads again from the start. */
  private void reload(Connection admin, String target) throws SQLException {
    String table = Identifiers.qualified(tables.plan().target().schema(), target);
    // foreign keys this run added while loading (both tables were done) stop a TRUNCATE: they go,
    // and are added again once the table is loaded again
    List<String> drops = new ArrayList<>();
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname)"
                + " FROM pg_constraint WHERE contype = 'f'"
                + " AND (conrelid = to_regclass(?) OR confrelid = to_regclass(?))")) {
      ps.setString(1, table);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          drops.add(rs.getString(1));
        }
      }
    }
    try (Statement st = admin.createStatement()) {
      for (String drop : drops) {
        st.execute(drop);
      }
      st.execute("TRUNCATE " + table);
    }
    Checkpoints.forget(admin, runId, target);
    journal.forgetChunks(runId, target);
  }

  private ConnectionSpec source(String sourceName) {
    ConnectionSpec spec = sources.get(sourceName);
    if (spec == null) {
      throw new IllegalStateException("No connection for source '" + sourceName + "' of the plan");
    }
    return spec;
  }

  /**
   * A load session on the target: commits without waiting for the WAL flush (a chunk's rows and its
   * marker commit together, so a server crash loses both and a resume loads that chunk again;
   * {@link #durable} closes the window at the end of the load), kept tables' triggers suspended,
   * and a bounded wait for locks (see {@link #lockTimeout}).
   */
  private Connection openTarget() throws SQLException {
    Connection c = Sessions.openTarget(target, tables.plan().target().schema());
    try (Statement st = c.createStatement()) {
      st.execute("SET synchronous_commit = off");
      String lock = lockTimeout(st, tables.plan().settings().lockTimeoutSeconds());
      if (lock != null) {
        st.execute("SET lock_timeout = '" + lock + "'");
      }
      if (suspendTriggers) {
        st.execute("SET session_replication_role = replica");
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * The lock_timeout a load session sets: the plan's when it has one; else none when the server
   * already sets one for the role or database (the DBA's choice stands); else {@link
   * Settings#DEFAULT_LOCK_TIMEOUT_SECONDS}, so a session holding a lock on a target table makes the
   * chunk fail, retry and at last stop with the cause instead of waiting for ever.
   */
  static String lockTimeout(Statement st, Integer planSeconds) throws SQLException {
    if (planSeconds != null) {
      return planSeconds + "s";
    }
    try (ResultSet rs = st.executeQuery("SELECT current_setting('lock_timeout')")) {
      rs.next();
      String server = rs.getString(1);
      return server.equals("0") ? Settings.DEFAULT_LOCK_TIMEOUT_SECONDS + "s" : null;
    }
  }

  /**
   * Waits until every chunk committed so far is on disk: a transaction that commits with
   * synchronous_commit on flushes the WAL up to its commit record, which follows every earlier
   * (asynchronous) chunk commit. Before the journal may say the data is loaded.
   */
  private static void durable(Connection admin) throws SQLException {
    try (Statement st = admin.createStatement()) {
      st.execute("SET synchronous_commit = on");
      st.execute("SELECT txid_current()");
    }
  }

  private void runTasks(
      List<LoadTask> tasks,
      RejectLog rejects,
      Map<String, TableCounters> counters,
      SnapshotCoordinator snapshots)
      throws SQLException, InterruptedException {
    if (tasks.isEmpty()) {
      return;
    }
    WorkerSessions sessions =
        new WorkerSessions(
            new StallWatch(Duration.ofSeconds(tables.plan().settings().stallSeconds())));
    AtomicBoolean abort = new AtomicBoolean();
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
      Workers.runAll("ferry-load", tables.plan().settings().jobs(), jobs, () -> abort.set(true));
    } catch (ExecutionException e) {
      throw Workers.rethrow(e, cause -> new FerryException("loading failed: " + cause, cause));
    } finally {
      sessions.closeAll();
    }
  }

  /** Each worker thread's target connection, opened when first needed or after one was lost. */
  private final class WorkerSessions implements ChunkWork.TargetSession {
    private final Map<Thread, Connection> open = new ConcurrentHashMap<>();
    private final Map<Connection, ServerSession> sessions = new ConcurrentHashMap<>();
    private final StallWatch watch;

    WorkerSessions(StallWatch watch) {
      this.watch = watch;
    }

    @Override
    public StallWatch watch() {
      return watch;
    }

    @Override
    public Connection get() throws SQLException {
      Connection c = open.get(Thread.currentThread());
      if (c == null || c.isClosed()) {
        c = openTarget();
        sessions.put(c, ServerSession.of(c));
        open.put(Thread.currentThread(), c);
      }
      return c;
    }

    @Override
    public void discard() throws SQLException {
      Connection lost = open.remove(Thread.currentThread());
      if (lost == null) {
        return;
      }
      ServerSession session = sessions.remove(lost);
      close(lost);
      if (session != null) {
        session.end(get());
      }
    }

    void closeAll() {
      watch.close();
      open.values().forEach(WorkerSessions::close);
      open.clear();
      sessions.clear();
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
