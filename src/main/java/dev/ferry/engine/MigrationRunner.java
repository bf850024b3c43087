package dev.ferry.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.ForeignKeyLevels;
import dev.ferry.engine.catalog.Sequence;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.copy.Checkpoints;
import dev.ferry.engine.copy.Chunk;
import dev.ferry.engine.copy.ChunkLoader;
import dev.ferry.engine.copy.ErrorBudgetExceededException;
import dev.ferry.engine.copy.LoadTask;
import dev.ferry.engine.copy.RejectLog;
import dev.ferry.engine.copy.RowSources;
import dev.ferry.engine.copy.SnapshotCoordinator;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableResult;
import dev.ferry.engine.core.ValidationReport;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanCheck;
import dev.ferry.engine.plan.PlanFile;
import dev.ferry.engine.plan.SourceRef;
import dev.ferry.engine.plan.TablePlan;
import dev.ferry.engine.schema.Ddl;
import dev.ferry.engine.schema.SchemaBuilder;
import dev.ferry.engine.schema.SchemaScript;
import dev.ferry.engine.validate.LoadDigest;
import dev.ferry.engine.validate.RowHasher;
import dev.ferry.engine.validate.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a migration plan: schema, data, constraints, validation — journaled so that a run killed at
 * any point resumes where it stopped. One instance per run.
 */
final class MigrationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final MigrationPlan plan;
  private final Map<String, ConnectionSpec> sources;
  private final ConnectionSpec target;
  private final Path workspace;
  private final MigrationListener listener;
  private final AtomicBoolean cancelled;
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Double> phaseSeconds = new LinkedHashMap<>();
  private final AtomicLong zeroDates = new AtomicLong();
  private final AtomicLong cleaned = new AtomicLong();
  private String runId;
  private RunJournal journal;

  MigrationRunner(
      MigrationPlan plan,
      Map<String, ConnectionSpec> sources,
      ConnectionSpec target,
      Path workspace,
      MigrationListener listener,
      AtomicBoolean cancelled) {
    this.plan = plan;
    this.sources = sources;
    this.target = target;
    this.workspace = workspace;
    this.listener = listener;
    this.cancelled = cancelled;
  }

  static String newRunId() {
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + "-"
        + Long.toString(System.nanoTime() & 0xfffff, 36);
  }

  /** The catalogs of all sources, introspected fresh. */
  Map<String, SourceCatalog> introspect() throws SQLException {
    Map<String, SourceCatalog> catalogs = new LinkedHashMap<>();
    for (SourceRef ref : plan.sources()) {
      ConnectionSpec spec = spec(ref.name());
      try (Connection c = Sessions.openSource(spec)) {
        catalogs.put(ref.name(), Dialects.of(spec.kind()).introspect(c, ref.name(), ref.schemas()));
      }
    }
    PlanCheck.requireMatches(plan, catalogs);
    return catalogs;
  }

  private ConnectionSpec spec(String sourceName) {
    ConnectionSpec spec = sources.get(sourceName);
    if (spec == null) {
      throw new IllegalStateException("No connection for source '" + sourceName + "' of the plan");
    }
    return spec;
  }

  SchemaScript schema(Map<String, SourceCatalog> catalogs) {
    return new SchemaBuilder(plan, catalogs, this::warn).build();
  }

  /**
   * @param known the sources' catalogs, already introspected and checked against the plan, or null
   *     to introspect them now
   */
  MigrationResult run(String resumeRunId, Set<Phase> donePhases, Map<String, SourceCatalog> known)
      throws SQLException, IOException {
    Map<String, SourceCatalog> catalogs = known != null ? known : introspect();
    SchemaScript script = schema(catalogs);
    Path runDir;
    Set<Phase> done = donePhases;
    try (Connection admin = Sessions.openTarget(target, plan.target().schema());
        RunJournal j = RunJournal.open(workspace)) {
      this.journal = j;
      if (resumeRunId == null) {
        checkTargetPolicy(admin);
        runId = newRunId();
        j.createRun(runId, PlanFile.toYaml(plan));
        for (var w : plan.waivers()) {
          j.event(
              runId,
              "waiver",
              w.finding() + " " + w.object(),
              w.reason() + (w.by() == null ? "" : " (by " + w.by() + ")"));
        }
      } else {
        runId = resumeRunId;
        j.claim(runId);
        done = j.phasesDone(runId);
      }
      runDir = workspace.resolve("runs").resolve(runId);
      Files.createDirectories(runDir);
      RunStatus status = RunStatus.FAILED;
      String message = null;
      ValidationReport validation = null;
      List<TableResult> tableResults = List.of();
      try (RejectLog rejects =
          new RejectLog(runDir.resolve("rejects"), plan.settings().errorBudget(), listener)) {
        try {
          if (!done.contains(Phase.SCHEMA)) {
            timed(
                Phase.SCHEMA,
                script.prelude().size() + script.tables().size(),
                () -> createSchema(admin, script, catalogs));
          }
          tableResults =
              timedValue(Phase.DATA, totalRows(catalogs), () -> loadData(admin, catalogs, rejects));
          if (!done.contains(Phase.CONSTRAINTS)) {
            timed(
                Phase.CONSTRAINTS,
                script.keys().size() + script.indexes().size() + script.foreignKeys().size(),
                () -> createConstraints(admin, script, catalogs));
          }
          if (plan.settings().validate()) {
            validation =
                timedValue(
                    Phase.VALIDATE,
                    totalRows(catalogs),
                    () ->
                        new Validator(plan, sources, target, catalogs, listener, cancelled)
                            .validate(rejects.directory(), Checkpoints.digests(admin, runId)));
          }
          Checkpoints.clear(admin, runId);
          status = rejects.total() > 0 ? RunStatus.SUCCEEDED_WITH_REJECTS : RunStatus.SUCCEEDED;
          if (validation != null && !validation.ok()) {
            status = RunStatus.VALIDATION_FAILED;
            message = validation.summary();
          }
        } catch (InterruptedException e) {
          status = RunStatus.INTERRUPTED;
          message = "cancelled; resume with: ferry migrate --resume " + runId;
        } catch (ErrorBudgetExceededException e) {
          status = RunStatus.FAILED;
          message = e.getMessage();
        } catch (SQLException | RuntimeException e) {
          status = cancelled.get() ? RunStatus.INTERRUPTED : RunStatus.FAILED;
          message = FerryException.describe(e) + "; resume with: ferry migrate --resume " + runId;
          LOG.error("run {} failed", runId, e);
        }
        MigrationResult result =
            new MigrationResult(
                runId,
                status,
                message,
                tableResults,
                phaseSeconds,
                List.copyOf(warnings),
                rejects.total(),
                cleaned.get(),
                zeroDates.get(),
                rejects.total() > 0 ? rejects.directory().toString() : null,
                script.all().stream().map(Ddl::sql).toList(),
                plan.waivers(),
                validation);
        String json = JSON.writeValueAsString(result);
        Files.writeString(runDir.resolve("result.json"), json);
        j.finish(runId, status, message, json);
        return result;
      }
    }
  }

  private long totalRows(Map<String, SourceCatalog> catalogs) {
    long n = 0;
    for (TablePlan tp : plan.includedTables()) {
      n += table(catalogs, tp).rows();
    }
    return n;
  }

  private static Table table(Map<String, SourceCatalog> catalogs, TablePlan tp) {
    return catalogs.get(tp.source()).table(tp.id()).orElseThrow();
  }

  // ---------------------------------------------------------------- schema

  private void checkTargetPolicy(Connection admin) throws SQLException {
    List<String> existing = existingTables(admin);
    if (existing.isEmpty()) {
      return;
    }
    if (plan.settings().ifExists() == IfExists.FAIL) {
      throw new RefusedException(
          "Target tables already exist in schema "
              + plan.target().schema()
              + ": "
              + String.join(", ", existing)
              + ". Choose what to do with them: --if-exists truncate (empty them, then load) or --if-exists append"
              + " (keep their rows), or load into another --target-schema.");
    }
  }

  private List<String> existingTables(Connection admin) throws SQLException {
    Set<String> planned = new LinkedHashSet<>();
    for (TablePlan tp : plan.includedTables()) {
      planned.add(tp.target());
    }
    List<String> existing = new ArrayList<>();
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') ORDER BY 1")) {
      ps.setString(1, plan.target().schema());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (planned.contains(rs.getString(1))) {
            existing.add(rs.getString(1));
          }
        }
      }
    }
    return existing;
  }

  private void createSchema(
      Connection admin, SchemaScript script, Map<String, SourceCatalog> catalogs)
      throws SQLException {
    admin.setAutoCommit(true);
    List<String> existing = existingTables(admin);
    for (Ddl d : script.prelude()) {
      execute(admin, d, Phase.SCHEMA);
    }
    if (!existing.isEmpty() && plan.settings().ifExists() == IfExists.TRUNCATE) {
      StringBuilder sql = new StringBuilder("TRUNCATE ");
      for (int i = 0; i < existing.size(); i++) {
        sql.append(i == 0 ? "" : ", ")
            .append(Identifiers.qualified(plan.target().schema(), existing.get(i)));
      }
      execute(
          admin,
          Ddl.of(null, "empty existing tables " + String.join(", ", existing), sql.toString()),
          Phase.SCHEMA);
    }
    for (Ddl d : script.tables()) {
      if (existing.contains(d.table())) {
        warn(
            "table "
                + d.table()
                + " exists: kept ("
                + plan.settings().ifExists().name().toLowerCase()
                + "), its keys and indexes are not re-created");
        journal.event(runId, "kept", d.table(), "existing table kept");
      } else {
        execute(admin, d, Phase.SCHEMA);
        journal.event(runId, "created", d.table(), d.description());
      }
    }
    if (plan.settings().loadOrder() == LoadOrder.DEPENDENCY_ORDER) {
      // keys and foreign keys first, so each level is checked as it loads
      Set<String> created = createdTables();
      ForeignKeyLevels levels = levels(catalogs);
      for (Ddl d : script.keys()) {
        if (created.contains(d.table())) {
          execute(admin, d, Phase.SCHEMA);
        }
      }
      for (Ddl d : script.foreignKeys()) {
        if (created.contains(d.table()) && !deferredForeignKey(d, levels)) {
          execute(admin, d, Phase.SCHEMA);
          journal.event(runId, "fk-before-load", d.table(), d.description());
        }
      }
    }
    journal.phase(runId, Phase.SCHEMA, "DONE");
  }

  private boolean deferredForeignKey(Ddl fk, ForeignKeyLevels levels) {
    // a self-reference or a foreign key inside a cycle cannot be satisfied while loading; it goes
    // on afterwards
    TablePlan child = planByTarget(fk.table());
    TablePlan parent = planByTarget(fk.references());
    if (child == null || parent == null) {
      return true;
    }
    return child.target().equals(parent.target()) || levels.inSameCycle(child.id(), parent.id());
  }

  private TablePlan planByTarget(String target) {
    return plan.includedTables().stream()
        .filter(t -> t.target().equals(target))
        .findFirst()
        .orElse(null);
  }

  private ForeignKeyLevels levels(Map<String, SourceCatalog> catalogs) {
    List<Table> tables = new ArrayList<>();
    for (TablePlan tp : plan.includedTables()) {
      tables.add(table(catalogs, tp));
    }
    return new ForeignKeyLevels(tables);
  }

  /** Tables this run created (and so owns the keys of), from the journal: survives a resume. */
  private Set<String> createdTables() throws SQLException {
    return journal.events(runId, "created", true);
  }

  private Set<String> doneEvents(String kind) throws SQLException {
    return journal.events(runId, kind, false);
  }

  /** Runs a DDL statement; an optional one that fails becomes a warning instead of an error. */
  private boolean execute(Connection c, Ddl d, Phase phase) throws SQLException {
    LOG.debug("{}: {}", d.description(), d.sql());
    try (Statement st = c.createStatement()) {
      for (String sql : d.statements()) {
        try {
          st.execute(sql);
        } catch (SQLException e) {
          if (isAlreadyThere(e)) {
            continue; // a resumed run meets what it created before it stopped
          }
          throw e;
        }
      }
      listener.onEvent(new MigrationEvent.StepDone(phase, d.description()));
      return true;
    } catch (SQLException e) {
      if (d.optional() || phase == Phase.CONSTRAINTS) {
        warn(d.description() + " was not created: " + FerryException.describe(e));
        return false;
      }
      throw new FerryException(
          "Creating "
              + d.description()
              + " failed: "
              + FerryException.describe(e)
              + "\nSQL: "
              + d.sql(),
          e);
    }
  }

  private static boolean isAlreadyThere(SQLException e) {
    String s = e.getSQLState();
    return "42P07".equals(s)
        || "42710".equals(s)
        || "42P16".equals(s) && e.getMessage().contains("multiple primary keys");
  }

  // ---------------------------------------------------------------- data

  private List<TableResult> loadData(
      Connection admin, Map<String, SourceCatalog> catalogs, RejectLog rejects)
      throws SQLException, InterruptedException {
    admin.setAutoCommit(true);
    Checkpoints.ensure(admin);
    Checkpoints.Committed committed = Checkpoints.committed(admin, runId);
    Map<String, Set<Integer>> doneChunks = committed.chunks();
    Map<String, Long> doneRows = committed.rows();
    try {
      rejects.pruneUncommitted(doneChunks);
    } catch (IOException e) {
      throw new FerryException(
          "Cannot tidy the reject files in " + rejects.directory() + ": " + e.getMessage(), e);
    }
    ForeignKeyLevels levels = levels(catalogs);
    boolean byLevel = plan.settings().loadOrder() == LoadOrder.DEPENDENCY_ORDER;
    List<LoadTask> tasks = new ArrayList<>();
    Map<String, TableCounters> counters = new LinkedHashMap<>();
    for (TablePlan lead : plan.targetTables()) {
      // merged sources load into one target table: one set of counters, chunk numbers kept apart
      List<TablePlan> members = plan.loadingInto(lead.target());
      long total = 0;
      for (TablePlan m : members) {
        total += table(catalogs, m).rows();
      }
      TableCounters tc = new TableCounters(lead, members, total);
      tc.loaded.addAndGet(doneRows.getOrDefault(lead.target(), 0L));
      counters.put(lead.target(), tc);
      Set<Integer> skip = doneChunks.getOrDefault(lead.target(), Set.of());
      for (int m = 0; m < members.size(); m++) {
        TablePlan tp = members.get(m);
        Table t = table(catalogs, tp);
        for (Chunk c : chunks(catalogs, tp, t)) {
          Chunk ch =
              m == 0
                  ? c
                  : new Chunk(m * CHUNKS_PER_MERGED_SOURCE + c.number(), c.key(), c.lo(), c.hi());
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
    journal.phase(runId, Phase.DATA, "DONE");
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

  private List<Chunk> chunks(Map<String, SourceCatalog> catalogs, TablePlan tp, Table t)
      throws SQLException {
    long chunkRows = plan.settings().chunkRows();
    if (t.splitKey() == null || t.rows() <= chunkRows) {
      return List.of(Chunk.whole());
    }
    ConnectionSpec spec = spec(tp.source());
    long[] bounds;
    try (Connection c = Sessions.openSource(spec)) {
      bounds = Dialects.of(spec.kind()).keyBounds(c, t, t.splitKey());
    }
    if (bounds == null) {
      return List.of(Chunk.whole());
    }
    long n = (t.rows() + chunkRows - 1) / chunkRows;
    long span = bounds[1] - bounds[0] + 1;
    long width = Math.max(1, (span + n - 1) / n);
    List<Chunk> out = new ArrayList<>();
    long lo = bounds[0];
    int no = 1;
    while (lo <= bounds[1]) {
      long hi = lo + width;
      // the first and last chunk are open-ended, so rows added after the bounds were read are not
      // missed
      long from = out.isEmpty() ? Long.MIN_VALUE : lo;
      out.add(new Chunk(no++, t.splitKey(), from, hi > bounds[1] ? Long.MAX_VALUE : hi));
      if (hi > bounds[1]) {
        break;
      }
      lo = hi;
    }
    return out;
  }

  /** Chunk numbers of the n-th source merged into a table start at n × this (stable on resume). */
  private static final int CHUNKS_PER_MERGED_SOURCE = 1_000_000;

  private final class TableCounters {
    final TablePlan plan;
    final List<TablePlan> members;
    final long total;
    final AtomicLong read = new AtomicLong();
    final AtomicLong loaded = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong nanos = new AtomicLong();
    final AtomicLong chunksPending = new AtomicLong();

    TableCounters(TablePlan plan, List<TablePlan> members, long total) {
      this.plan = plan;
      this.members = members;
      this.total = total;
    }
  }

  private void runTasks(
      List<LoadTask> tasks, RejectLog rejects, Map<String, TableCounters> counters)
      throws SQLException, InterruptedException {
    if (tasks.isEmpty()) {
      return;
    }
    int jobs = Math.min(plan.settings().jobs(), tasks.size());
    Map<Thread, Connection> targetConnections = new ConcurrentHashMap<>();
    AtomicBoolean abort = new AtomicBoolean();
    ExecutorService pool =
        Executors.newFixedThreadPool(jobs, Thread.ofPlatform().name("ferry-load-", 1).factory());
    SnapshotCoordinator snapshots = new SnapshotCoordinator(sources, plan);
    try {
      snapshots.start();
      List<Future<?>> futures = new ArrayList<>();
      for (LoadTask task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  Connection tc = targetConnections.get(Thread.currentThread());
                  if (tc == null || tc.isClosed()) {
                    tc = Sessions.openTarget(target, plan.target().schema());
                    targetConnections.put(Thread.currentThread(), tc);
                  }
                  loadChunk(
                      task, tc, rejects, counters.get(task.plan().target()), snapshots, abort);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          abort.set(true);
          for (Future<?> other : futures) {
            other.cancel(false);
          }
          Throwable cause = e.getCause();
          if (cause instanceof InterruptedException ie) {
            throw ie;
          }
          if (cause instanceof SQLException se) {
            throw se;
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new FerryException("loading failed: " + cause, cause);
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(60, TimeUnit.SECONDS);
      snapshots.close();
      for (Connection c : targetConnections.values()) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing after the work is done or failed; nothing to save
        }
      }
    }
  }

  private void loadChunk(
      LoadTask task,
      Connection targetConn,
      RejectLog rejects,
      TableCounters tc,
      SnapshotCoordinator snapshots,
      AtomicBoolean abort)
      throws SQLException, InterruptedException {
    if (cancelled.get() || abort.get()) {
      throw new InterruptedException("cancelled");
    }
    TablePlan tp = task.plan();
    Table t = task.table();
    ConnectionSpec spec = spec(tp.source());
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
          return RowSources.open(spec.kind(), sourceConn[0], select, cols, zeroDates);
        };
    try {
      ChunkLoader.Result r =
          ChunkLoader.load(
              job,
              rows,
              targetConn,
              rejects,
              () -> cancelled.get() || abort.get(),
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
      journal.chunkDone(runId, tp.target(), ch.number(), r.rowsLoaded());
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

  // ---------------------------------------------------------------- constraints

  private void createConstraints(
      Connection admin, SchemaScript script, Map<String, SourceCatalog> catalogs)
      throws SQLException, InterruptedException {
    admin.setAutoCommit(true);
    Set<String> created = createdTables();
    boolean byLevel = plan.settings().loadOrder() == LoadOrder.DEPENDENCY_ORDER;
    Set<String> fksBefore = byLevel ? doneEvents("fk-before-load") : Set.of();
    // primary keys, unique constraints and indexes of different tables are built in parallel
    Map<String, List<Ddl>> perTable = new LinkedHashMap<>();
    if (!byLevel) {
      for (Ddl d : script.keys()) {
        perTable.computeIfAbsent(d.table(), k -> new ArrayList<>()).add(d);
      }
    }
    for (Ddl d : script.indexes()) {
      perTable.computeIfAbsent(d.table(), k -> new ArrayList<>()).add(d);
    }
    perTable.keySet().retainAll(created);
    int jobs = Math.max(1, Math.min(plan.settings().jobs(), perTable.size()));
    ExecutorService pool =
        Executors.newFixedThreadPool(jobs, Thread.ofPlatform().name("ferry-index-", 1).factory());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (List<Ddl> ddls : perTable.values()) {
        futures.add(
            pool.submit(
                () -> {
                  try (Connection c = Sessions.openTarget(target, plan.target().schema())) {
                    try (Statement st = c.createStatement()) {
                      st.execute("SET maintenance_work_mem = '256MB'");
                    }
                    for (Ddl d : ddls) {
                      if (cancelled.get()) {
                        throw new InterruptedException("cancelled");
                      }
                      execute(c, d, Phase.CONSTRAINTS);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof InterruptedException ie) {
            throw ie;
          }
          throw new FerryException(
              "building indexes failed: " + FerryException.describe(e.getCause()), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    for (Ddl d : script.checks()) {
      if (created.contains(d.table())) {
        execute(admin, d, Phase.CONSTRAINTS);
      }
    }
    for (Ddl d : script.foreignKeys()) {
      if (created.contains(d.table()) && !fksBefore.contains(d.description())) {
        if (!execute(admin, d, Phase.CONSTRAINTS)) {
          continue;
        }
      }
    }
    for (Ddl d : script.triggers()) {
      if (created.contains(d.table())) {
        execute(admin, d, Phase.CONSTRAINTS);
      }
    }
    for (Ddl d : script.views()) {
      execute(admin, d, Phase.CONSTRAINTS);
    }
    resetIdentities(admin, catalogs, created);
    for (TablePlan tp : plan.targetTables()) {
      try (Statement st = admin.createStatement()) {
        st.execute("ANALYZE " + Identifiers.qualified(plan.target().schema(), tp.target()));
      }
    }
    journal.phase(runId, Phase.CONSTRAINTS, "DONE");
  }

  private void resetIdentities(
      Connection admin, Map<String, SourceCatalog> catalogs, Set<String> created)
      throws SQLException {
    for (TablePlan tp : plan.targetTables()) {
      for (ColumnPlan cp : tp.columns()) {
        if (!cp.identity()) {
          continue;
        }
        // the highest counter of every source table loading into this one (SQLite AUTOINCREMENT)
        long counter =
            plan.loadingInto(tp.target()).stream()
                .flatMap(
                    m ->
                        catalogs.get(m.source()).sequences().stream()
                            .filter(s -> s.name().equals(m.name())))
                .mapToLong(Sequence::lastValue)
                .max()
                .orElse(0);
        String table = Identifiers.qualified(plan.target().schema(), tp.target());
        String sql =
            "SELECT setval(pg_get_serial_sequence(?, ?), GREATEST(coalesce(max("
                + Identifiers.quote(cp.target())
                + "), 0), ?) + 1, false) FROM "
                + table;
        try (PreparedStatement ps = admin.prepareStatement(sql)) {
          ps.setString(1, table);
          ps.setString(2, cp.target());
          ps.setLong(3, counter);
          ps.executeQuery().close();
          listener.onEvent(
              new MigrationEvent.StepDone(
                  Phase.CONSTRAINTS,
                  "identity " + tp.target() + "." + cp.target() + " reset past the highest value"));
        } catch (SQLException e) {
          warn(
              "identity "
                  + tp.target()
                  + "."
                  + cp.target()
                  + " was not reset: "
                  + FerryException.describe(e));
        }
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private void warn(String message) {
    warnings.add(message);
    listener.onEvent(new MigrationEvent.Warning(null, message));
    if (journal != null && runId != null) {
      try {
        journal.event(runId, "warning", null, message);
      } catch (SQLException e) {
        LOG.warn("could not journal a warning: {}", e.getMessage());
      }
    }
    LOG.warn(message);
  }

  @FunctionalInterface
  private interface PhaseWork<T> {
    T run() throws SQLException, InterruptedException;
  }

  @FunctionalInterface
  private interface PhaseAction {
    void run() throws SQLException, InterruptedException;
  }

  private void timed(Phase phase, long work, PhaseAction action)
      throws SQLException, InterruptedException {
    timedValue(
        phase,
        work,
        () -> {
          action.run();
          return null;
        });
  }

  private <T> T timedValue(Phase phase, long work, PhaseWork<T> action)
      throws SQLException, InterruptedException {
    listener.onEvent(new MigrationEvent.PhaseStarted(phase, work));
    journal.phase(runId, phase, "RUNNING");
    long t0 = System.nanoTime();
    boolean ok = false;
    try {
      T v = action.run();
      ok = true;
      return v;
    } finally {
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      phaseSeconds.merge(phase.name().toLowerCase(), took.toMillis() / 1000.0, Double::sum);
      listener.onEvent(new MigrationEvent.PhaseFinished(phase, took, ok));
      if (!ok) {
        journal.phase(runId, phase, "FAILED");
      }
    }
  }
}
