package dev.ferry.engine.copy;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialect.SnapshotSharing;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.plan.MigrationPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives the load's workers source connections that all read one moment of their source, for the
 * whole load (also level by level). A PostgreSQL source: one connection exports a snapshot and
 * holds it while the load runs; every worker's transaction imports it. A MySQL/MariaDB source:
 * while one connection holds every table still ({@code FLUSH TABLES WITH READ LOCK}), as many
 * sessions as the load has workers start their consistent reads, the lock is released, and those
 * sessions are lent to the chunks in turn. A MySQL user without the RELOAD privilege gets a warning
 * instead: each chunk then reads its own moment.
 */
public final class SnapshotCoordinator implements AutoCloseable {
  private final Map<String, ConnectionSpec> sources;
  private final MigrationPlan plan;
  private final Map<String, Connection> holders = new HashMap<>();
  private final Map<String, String> snapshots = new HashMap<>();
  private final Map<String, Pool> pools = new HashMap<>();

  public SnapshotCoordinator(Map<String, ConnectionSpec> sources, MigrationPlan plan) {
    this.sources = sources;
    this.plan = plan;
  }

  /**
   * Takes each source's snapshot; returns warnings for sources read without one (the reason and
   * what it means).
   */
  public List<String> start() throws SQLException {
    List<String> warnings = new ArrayList<>();
    for (var ref : plan.sources()) {
      ConnectionSpec spec = sources.get(ref.name());
      Dialect dialect = Dialects.of(spec.kind());
      SnapshotSharing sharing = dialect.snapshotSharing();
      if (sharing == SnapshotSharing.NONE) {
        continue;
      }
      Connection holder = Sessions.openSource(spec);
      if (sharing == SnapshotSharing.EXPORTED) {
        holders.put(ref.name(), holder);
        snapshots.put(ref.name(), dialect.exportSnapshot(holder));
        continue;
      }
      try (holder) {
        try {
          dialect.exportSnapshot(holder);
        } catch (SQLException e) {
          warnings.add(
              "Source "
                  + ref.name()
                  + ": no snapshot shared by the load's sessions ("
                  + FerryException.describe(e)
                  + "); each chunk reads the source as it is when the chunk starts, so rows"
                  + " written to it during the load may be in some tables and not others."
                  + " Grant RELOAD (FLUSH TABLES WITH READ LOCK) or stop writes while Ferry reads.");
          continue;
        }
        Pool pool = new Pool();
        try {
          for (int i = 0; i < plan.settings().jobs(); i++) {
            Connection c = Sessions.openSource(spec);
            pool.add(c);
            dialect.joinSnapshot(c, "");
          }
        } catch (SQLException e) {
          pool.closeAll();
          throw e;
        } finally {
          dialect.endExport(holder);
        }
        pools.put(ref.name(), pool);
      }
    }
    return warnings;
  }

  public Connection open(String source) throws SQLException {
    Pool pool = pools.get(source);
    if (pool != null) {
      return pool.take(source);
    }
    ConnectionSpec spec = sources.get(source);
    Connection c = Sessions.openSource(spec);
    String snapshot = snapshots.get(source);
    if (snapshot != null) {
      Dialects.of(spec.kind()).joinSnapshot(c, snapshot);
    }
    return c;
  }

  public void release(String source, Connection c) {
    Pool pool = pools.get(source);
    if (pool != null) {
      pool.giveBack(c);
      return;
    }
    close(c);
  }

  private static void close(Connection c) {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
      c.close();
    } catch (SQLException ignored) {
      // a read-only connection; nothing to lose
    }
  }

  @Override
  public void close() {
    holders.values().forEach(SnapshotCoordinator::close);
    holders.clear();
    pools.values().forEach(Pool::closeAll);
    pools.clear();
  }

  /** Sessions opened together in one snapshot, lent to one chunk at a time. */
  private static final class Pool {
    private final BlockingQueue<Connection> free = new LinkedBlockingQueue<>();
    private final List<Connection> all = new ArrayList<>();
    private final AtomicInteger alive = new AtomicInteger();

    void add(Connection c) {
      all.add(c);
      free.add(c);
      alive.incrementAndGet();
    }

    Connection take(String source) throws SQLException {
      try {
        while (true) {
          if (alive.get() == 0) {
            throw new SQLException(
                "every session reading source "
                    + source
                    + "'s snapshot was lost; resume the run to read a new one",
                "08003");
          }
          Connection c = free.poll(200, TimeUnit.MILLISECONDS);
          if (c != null) {
            return c;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for a source session", "57014", e);
      }
    }

    /** A session that still works goes back for the next chunk; a lost one is gone for good. */
    void giveBack(Connection c) {
      boolean works;
      try {
        works = !c.isClosed() && c.isValid(5);
      } catch (SQLException e) {
        works = false;
      }
      if (works) {
        free.add(c);
      } else {
        alive.decrementAndGet();
        SnapshotCoordinator.close(c);
      }
    }

    void closeAll() {
      all.forEach(SnapshotCoordinator::close);
      free.clear();
    }
  }
}
