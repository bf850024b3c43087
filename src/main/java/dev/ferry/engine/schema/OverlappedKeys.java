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
 * without rows) the constraints phase builds as before. A foreign key between two tables whose keys
 * and indexes are built (and vacuumed) is added ({@code NOT VALID}, then validated) at once, while
 * others still load, on sessions of their own, as many at once as the run has workers but one per
 * table: a validation locks its table against other validations of the same table (SHARE UPDATE
 * EXCLUSIVE) and what it points to against nothing a load or another key does (ROW SHARE), so the
 * foreign keys of different tables are validated side by side instead of one after the other; two
 * additions that lock the same two tables in opposite order (a deadlock PostgreSQL resolves by
 * cancelling one) are tried again. A failed statement is a warning and a FAILED ledger entry, as in
 * the constraints phase; a lost connection stops the run (resumable).
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
  private final List<Ddl> foreignKeys;
  private final ExecutorService fkPool;
  private final Set<String> fkSubmitted = ConcurrentHashMap.newKeySet();
  private final Set<String> validating = ConcurrentHashMap.newKeySet();
  private final Set<String> fkDone = ConcurrentHashMap.newKeySet();

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
    // in dependency order the foreign keys are made before the load
    this.foreignKeys =
        plan.settings().loadOrder() == dev.ferry.engine.plan.LoadOrder.DEPENDENCY_ORDER
            ? List.of()
            : script.foreignKeys().stream()
                .filter(d -> created.contains(d.table()) && created.contains(d.references()))
                .toList();
    this.fkPool = Workers.pool("ferry-overlap-fk", Math.max(1, plan.settings().jobs()));
  }

  /** A table's last chunk committed: its keys and indexes start building now. */
  public void tableLoaded(String table) {
    List<Ddl> ddls = perTable.get(table);
    if (ddls == null || !submitted.add(table) || pool.isShutdown()) {
      return;
    }
    // keys first, on one session (a duplicate key shows before any index is built); the vacuum
    // and statistics at the end
    List<Ddl> ordered = new ArrayList<>(ddls.stream().filter(OverlappedKeys::isKey).toList());
    ordered.addAll(ddls.stream().filter(d -> !isKey(d)).toList());
    futures.add(
        pool.submit(
            () -> {
              ConstraintsPhase.build(plan, target, ordered, ddl, cancelled, made -> {}, table);
              built.add(table);
              foreignKeysNowPossible();
              return null;
            }));
  }

  /** A primary key, unique constraint or unique index: what a foreign key may reference. */
  private static boolean isKey(Ddl d) {
    return d.kind() == Ddl.Kind.PRIMARY_KEY
        || d.kind() == Ddl.Kind.UNIQUE
        || d.statements().stream()
            .anyMatch(sql -> sql.stripLeading().regionMatches(true, 0, "CREATE UNIQUE", 0, 13));
  }

  /**
   * Starts each foreign key whose two tables are built, vacuumed and analyzed: the validation then
   * reads the index on its columns and the referenced key alone (pages all-visible), not both
   * tables (8 M wide rows: 51.9-52.1 s -> 45.8-46.2 s, the server's CPU 9 s less, when it started
   * as soon as the referenced table had its keys), and its NOT VALID addition never waits for the
   * referenced table's vacuum (SHARE ROW EXCLUSIVE against SHARE UPDATE EXCLUSIVE).
   */
  private synchronized void foreignKeysNowPossible() {
    for (Ddl fk : foreignKeys) {
      if (built.contains(fk.table())
          && built.contains(fk.references())
          && !fkPool.isShutdown()
          && !validating.contains(fk.table())
          && !fkSubmitted.contains(fk.description())) {
        // one validation per table at a time (they lock each other out): a second would only
        // hold a session and a worker while it waits, and keep another table's key waiting
        fkSubmitted.add(fk.description());
        validating.add(fk.table());
        futures.add(
            fkPool.submit(
                () -> {
                  try {
                    ConstraintsPhase.build(
                        plan, target, List.of(fk), ddl, cancelled, made -> {}, null);
                    // made or failed (a warning and a FAILED ledger entry): not tried again
                    fkDone.add(fk.description());
                  } finally {
                    validationEnded(fk.table());
                  }
                  return null;
                }));
      }
    }
  }

  private synchronized void validationEnded(String table) {
    validating.remove(table);
    foreignKeysNowPossible();
  }

  /** The foreign keys added (or tried: their failures are warnings) while the others loaded. */
  public Set<String> foreignKeysDone() {
    return Set.copyOf(fkDone);
  }

  /**
   * Waits for every build started so far and returns the tables whose keys and indexes are done
   * (and analyzed); the first build that stopped with an error is rethrown.
   */
  public Set<String> await() throws SQLException, InterruptedException {
    // a build that ends starts foreign keys: wait until nothing new was started
    int waited = 0;
    while (true) {
      List<Future<?>> started;
      synchronized (futures) {
        started = List.copyOf(futures);
      }
      if (started.size() == waited) {
        break;
      }
      waitFor(started.subList(waited, started.size()));
      waited = started.size();
    }
    return Set.copyOf(built);
  }

  private static void waitFor(List<Future<?>> started) throws SQLException, InterruptedException {
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
  }

  /**
   * Stops: builds not yet started are dropped (after {@link #await()} there are none), a build in
   * progress ends after its current statement.
   */
  @Override
  public void close() {
    fkPool.shutdownNow();
    pool.shutdownNow();
    try {
      // a foreign key being added ends before the run does (its ledger entry is the run's)
      if (!fkPool.awaitTermination(10, TimeUnit.MINUTES)) {
        fkPool.shutdownNow();
      }
      if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
