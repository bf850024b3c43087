package dev.ferry.engine.copy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the load's target connections while they are in a call (sending COPY data, waiting for
 * its reply, committing). A connection that has neither taken data nor answered for the stall limit
 * is dropped: a stalled network or a hung server otherwise blocks a socket write for ever (the JDBC
 * driver has no write timeout, and TCP keepalive takes hours). The blocked call then fails as a
 * lost connection, and the chunk is rolled back and loaded again like after any lost connection.
 */
final class StallWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);
  private final long limitNanos;
  private final Duration limit;
  private final Map<Connection, Long> busySince = new ConcurrentHashMap<>();
  private final Set<Connection> dropped = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;

  StallWatch(Duration limit) {
    this.limit = limit;
    this.limitNanos = limit.toNanos();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("ferry-stall-watch").daemon().unstarted(r));
    long every = Math.max(50, Math.min(1000, limit.toMillis() / 4));
    timer.scheduleWithFixedDelay(this::dropStalled, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * The connection is in a call to the target, or has just made progress in one (a slice of data
   * taken): the stall clock starts again.
   */
  void busy(Connection c) {
    busySince.put(c, System.nanoTime());
  }

  /** The connection's call returned. */
  void idle(Connection c) {
    busySince.remove(c);
  }

  /**
   * The error a call on {@code c} failed with, named for what happened when this watch dropped the
   * connection; else {@code e} itself.
   */
  SQLException explain(Connection c, SQLException e) {
    if (!dropped.remove(c)) {
      return e;
    }
    return new SQLException(
        "the target took no data and sent no reply for "
            + limit.toSeconds()
            + " s (a stalled network or a hung server); Ferry dropped the connection",
        "08006",
        e);
  }

  private void dropStalled() {
    long now = System.nanoTime();
    for (Map.Entry<Connection, Long> e : busySince.entrySet()) {
      if (now - e.getValue() > limitNanos && busySince.remove(e.getKey(), e.getValue())) {
        Connection c = e.getKey();
        dropped.add(c);
        LOG.warn("a load connection was silent for {} s; dropping it", limit.toSeconds());
        try {
          // closes the socket, which ends a write or read blocked on it
          c.abort(Runnable::run);
        } catch (SQLException | RuntimeException failed) {
          LOG.warn("could not drop a stalled load connection: {}", failed.toString());
        }
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
