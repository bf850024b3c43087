package dev.ferry.engine.copy;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.plan.MigrationPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives the load's workers source connections. For a PostgreSQL source, one connection exports a
 * snapshot and holds it while the load runs; every worker's transaction imports it, so chunks read
 * in parallel see one consistent state of the source.
 */
public final class SnapshotCoordinator implements AutoCloseable {
  private final Map<String, ConnectionSpec> sources;
  private final MigrationPlan plan;
  private final Map<String, Connection> holders = new HashMap<>();
  private final Map<String, String> snapshots = new HashMap<>();

  public SnapshotCoordinator(Map<String, ConnectionSpec> sources, MigrationPlan plan) {
    this.sources = sources;
    this.plan = plan;
  }

  public void start() throws SQLException {
    for (var ref : plan.sources()) {
      ConnectionSpec spec = sources.get(ref.name());
      Dialect dialect = Dialects.of(spec.kind());
      if (!dialect.sharesSnapshot()) {
        continue;
      }
      Connection c = Sessions.openSource(spec);
      holders.put(ref.name(), c);
      snapshots.put(ref.name(), dialect.exportSnapshot(c));
    }
  }

  public Connection open(String source) throws SQLException {
    ConnectionSpec spec = sources.get(source);
    Connection c = Sessions.openSource(spec);
    String snapshot = snapshots.get(source);
    if (snapshot != null) {
      Dialects.of(spec.kind()).joinSnapshot(c, snapshot);
    }
    return c;
  }

  public void release(String source, Connection c) {
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
    holders.forEach(this::release);
    holders.clear();
  }
}
