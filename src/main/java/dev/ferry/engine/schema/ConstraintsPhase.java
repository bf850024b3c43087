package dev.ferry.engine.schema;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.SqlStates;
import dev.ferry.engine.core.Workers;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.engine.plan.MigrationPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The constraints phase, after the data: primary keys, unique constraints and indexes (different
 * tables' in parallel), then checks, foreign keys, triggers, views, and row-level security,
 * policies, comments and privileges — each only on tables this run created. What fails becomes a
 * warning: the data is loaded and stays.
 */
public final class ConstraintsPhase {
  /** Statements run and those that failed (each failure also a warning). */
  public record Result(int created, int failed) {}

  private final MigrationPlan plan;
  private final ConnectionSpec target;
  private final RunJournal journal;
  private final String runId;
  private final DdlRunner ddl;
  private final AtomicBoolean cancelled;

  public ConstraintsPhase(
      MigrationPlan plan,
      ConnectionSpec target,
      RunJournal journal,
      String runId,
      DdlRunner ddl,
      AtomicBoolean cancelled) {
    this.plan = plan;
    this.target = target;
    this.journal = journal;
    this.runId = runId;
    this.ddl = ddl;
    this.cancelled = cancelled;
  }

  /** The tables this run created (and so owns the keys of), from the journal: survives a resume. */
  public Set<String> createdTables() throws SQLException {
    return journal.events(runId, "created", true);
  }

  /**
   * @param built tables whose keys and indexes were built while the others loaded ({@link
   *     OverlappedKeys}): not built again
   * @param foreignKeysDone foreign keys (by description) added or tried while the others loaded:
   *     not tried again
   */
  public Result run(
      Connection admin, SchemaScript script, Set<String> built, Set<String> foreignKeysDone)
      throws SQLException, InterruptedException {
    stopIfCancelled(cancelled);
    admin.setAutoCommit(true);
    Set<String> created = createdTables();
    boolean byLevel = plan.settings().loadOrder() == LoadOrder.DEPENDENCY_ORDER;
    Set<String> fksBefore = byLevel ? journal.events(runId, "fk-before-load", false) : Set.of();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Map<String, List<Ddl>> perTable = keysAndIndexes(plan, script, created);
    perTable.keySet().removeAll(built);
    buildKeysAndIndexes(perTable, ok, failed);
    List<Ddl> after = new ArrayList<>();
    for (Ddl d : script.checks()) {
      if (created.contains(d.table())) {
        after.add(d);
      }
    }
    for (Ddl d : script.foreignKeys()) {
      if (created.contains(d.table())
          && !fksBefore.contains(d.description())
          && !foreignKeysDone.contains(d.description())) {
        after.add(d);
      }
    }
    for (Ddl d : script.triggers()) {
      if (created.contains(d.table())) {
        after.add(d);
      }
    }
    after.addAll(script.views());
    for (Ddl d : script.finishing()) {
      // a kept table's security, comments and privileges are the DBA's
      if (d.table() == null || created.contains(d.table())) {
        after.add(d);
      }
    }
    for (Ddl d : after) {
      stopIfCancelled(cancelled);
      count(ddl.execute(admin, d, Phase.CONSTRAINTS), ok, failed);
    }
    return new Result(ok.get(), failed.get());
  }

  /**
   * Each created table's primary key and unique constraints (unless the dependency order made them
   * before the load) and indexes, in the order they are built.
   */
  static Map<String, List<Ddl>> keysAndIndexes(
      MigrationPlan plan, SchemaScript script, Set<String> created) {
    Map<String, List<Ddl>> perTable = new LinkedHashMap<>();
    if (plan.settings().loadOrder() != LoadOrder.DEPENDENCY_ORDER) {
      for (Ddl d : script.keys()) {
        perTable.computeIfAbsent(d.table(), k -> new ArrayList<>()).add(d);
      }
    }
    for (Ddl d : script.indexes()) {
      perTable.computeIfAbsent(d.table(), k -> new ArrayList<>()).add(d);
    }
    perTable.keySet().retainAll(created);
    return perTable;
  }

  /** Primary keys, unique constraints and indexes of different tables are built in parallel. */
  private void buildKeysAndIndexes(
      Map<String, List<Ddl>> perTable, AtomicInteger ok, AtomicInteger failed)
      throws InterruptedException {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (List<Ddl> ddls : perTable.values()) {
      tasks.add(
          () -> {
            build(plan, target, ddls, ddl, cancelled, made -> count(made, ok, failed), null);
            return null;
          });
    }
    try {
      Workers.runAll("ferry-index", plan.settings().jobs(), tasks, () -> {});
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InterruptedException ie) {
        throw ie;
      }
      throw new FerryException(
          "building indexes failed: " + FerryException.describe(e.getCause()), e.getCause());
    }
  }

  /**
   * Builds one table's keys and indexes, in order, on a session of its own sized for index builds;
   * {@code made} hears whether each statement made its object. With {@code analyze} (a table this
   * run made and loaded) it is {@link Analyze#vacuumed vacuumed and analyzed} after the last
   * statement, on the same session.
   */
  static void build(
      MigrationPlan plan,
      ConnectionSpec target,
      List<Ddl> ddls,
      DdlRunner ddl,
      AtomicBoolean cancelled,
      java.util.function.Consumer<Boolean> made,
      String analyze)
      throws SQLException, InterruptedException {
    try (Connection c = Sessions.openTarget(target, plan.target().schema())) {
      try (Statement st = c.createStatement()) {
        st.execute("SET maintenance_work_mem = '256MB'");
        // both settings exist from PostgreSQL 11
        if (c.getMetaData().getDatabaseMajorVersion() >= 11
            && fillsTheServer(
                plan.settings().jobs(), target.url(), Runtime.getRuntime().availableProcessors())) {
          st.execute("SET max_parallel_maintenance_workers = 0");
          st.execute("SET max_parallel_workers_per_gather = 0");
        }
      }
      for (Ddl d : ddls) {
        stopIfCancelled(cancelled);
        made.accept(ddl.execute(c, d, Phase.CONSTRAINTS));
      }
      if (analyze != null) {
        // a vacuum reads the whole table: not started once the run is stopped
        stopIfCancelled(cancelled);
        vacuumOrAnalyze(c, plan, ddl, analyze);
      }
    }
  }

  private static void stopIfCancelled(AtomicBoolean cancelled) throws InterruptedException {
    if (cancelled.get() || Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("cancelled");
    }
  }

  /**
   * The table's vacuum and statistics; a vacuum that fails (a timeout the role sets, say) is a
   * warning — it only makes what follows faster — and the statistics are gathered without it. A
   * lost connection stops the run.
   */
  static void vacuumOrAnalyze(Connection c, MigrationPlan plan, DdlRunner ddl, String table)
      throws SQLException {
    vacuumOrAnalyze(c, plan, ddl, table, () -> Analyze.vacuumed(c, plan, table));
  }

  /** As above, with the vacuum given (tests make it fail). */
  static void vacuumOrAnalyze(
      Connection c, MigrationPlan plan, DdlRunner ddl, String table, DdlRunner.Work vacuum)
      throws SQLException {
    try {
      ddl.timed(Phase.CONSTRAINTS, table, Analyze.VACUUM, Analyze.VACUUM_WHAT, vacuum);
    } catch (SQLException e) {
      if (SqlStates.isConnectionLost(e)) {
        throw e;
      }
      ddl.warning(
          table
              + ": VACUUM failed, its statistics are gathered without it: "
              + FerryException.describe(e));
      Analyze.table(c, plan, table);
    }
  }

  /**
   * Whether the run's own sessions keep every core of the target's server busy: it runs on this
   * machine, of {@code cores}, and the run builds (and loads) on {@code jobs} sessions at once.
   * Then a build's or validation's parallel workers only add their coordination: the same nine
   * index builds of a 1 M-row load took 2.0-2.2 s of CPU without workers and 2.7-2.8 s with two. A
   * server elsewhere keeps its own settings (its cores are not known here).
   */
  static boolean fillsTheServer(int jobs, String targetUrl, int cores) {
    return ConnectionSpec.onThisMachine(targetUrl) && jobs >= cores;
  }

  private static void count(boolean created, AtomicInteger ok, AtomicInteger failed) {
    (created ? ok : failed).incrementAndGet();
  }
}
