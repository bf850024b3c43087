package dev.ferry.engine.schema;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.Workers;
import dev.ferry.engine.plan.MigrationPlan;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds a table's primary key, unique constraints and indexes as soon as its last chunk commits,
 * while other tables still load (as pgcopydb does): the load never pays for index maintenance row
 * by row, and the constraints phase no longer waits for every table before the first build starts.
 * Only tables this run created; what is not built here (a table loaded before a resume, a table
 * without rows) the constraints phase builds as before. A failed statement is a warning and a
 * FAILED ledger entry, as in the constraints phase; a lost connection stops the run (resumable).
 */
public final class OverlappedKeys implements AutoCloseable {
  private final MigrationPlan plan;
  private final ConnectionSpec target;
  private final DdlRunner ddl;
  private final AtomicBoolean cancelled;
  private final Map<String, List<Ddl>> perTable;
  private final ExecutorService pool;
  private final Set<String> submitted = ConcurrentHashMap.newKeySet();
  private final Set<String> built = ConcurrentHashMap.newKeySet();
  private final List<Future<?>> futures = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param created the tables this run created (only their keys are built)
   */
  public OverlappedKeys(
      MigrationPlan plan,
      ConnectionSpec target,
      SchemaScript script,
      Set<String> created,
      DdlRunner ddl,
      AtomicBoolean cancelled) {
    this.plan = plan;
    this.target = target;
    this.ddl = ddl;
    this.cancelled = cancelled;
    this.perTable = ConstraintsPhase.keysAndIndexes(plan, script, created);
    this.pool = Workers.pool("ferry-overlap-index", plan.settings().jobs());
  }

  /** A table's last chunk committed: its keys and indexes start building now. */
  public void tableLoaded(String table) {
    List<Ddl> ddls = perTable.get(table);
    if (ddls == null || !submitted.add(table) || pool.isShutdown()) {
      return;
    }
    futures.add(
        pool.submit(
            () -> {
              // its statistics too, before its foreign keys are validated against it
              ConstraintsPhase.build(plan, target, ddls, ddl, cancelled, made -> {}, table);
              built.add(table);
              return null;
            }));
  }

  /**
   * Waits for every build started so far and returns the tables whose keys and indexes are done
   * (and analyzed); the first build that stopped with an error is rethrown.
   */
  public Set<String> await() throws SQLException, InterruptedException {
    List<Future<?>> started;
    synchronized (futures) {
      started = List.copyOf(futures);
    }
    for (Future<?> f : started) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw Workers.rethrow(
            e,
            cause ->
                new FerryException(
                    "building indexes failed: " + FerryException.describe(cause), cause));
      }
    }
    return Set.copyOf(built);
  }

  /**
   * Stops: builds not yet started are dropped (after {@link #await()} there are none), a build in
   * progress ends after its current statement.
   */
  @Override
  public void close() {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
