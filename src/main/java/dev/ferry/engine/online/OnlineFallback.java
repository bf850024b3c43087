package dev.ferry.engine.online;

import dev.ferry.engine.dialect.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The fallback window after a cutover: the old primary subscribes to the target's changes (a
 * publication on the target, a subscription on the old primary without an initial copy), made
 * during the cutover's downtime — after the forward replication is dropped and before the target
 * takes writes — so every write the applications make on the target flows back, and switching back
 * loses nothing. Ferry's write stop stays on the old primary (the subscription's apply worker runs
 * as a replica and is not stopped by it). Names are the run's own ({@code <publication>_back}).
 */
final class OnlineFallback {
  private OnlineFallback() {}

  static String name(OnlineRun run) {
    return run.publication() + "_back";
  }

  /** The publication on the target and the subscription (with its slot on the target). */
  static void open(Connection source, Connection target, OnlineRun run, String targetConninfo)
      throws SQLException {
    String name = Identifiers.quote(name(run));
    try (Statement st = target.createStatement()) {
      st.execute(
          "CREATE PUBLICATION "
              + name
              + " FOR TABLE "
              + String.join(
                  ", ",
                  run.tables().stream().map(t -> Identifiers.qualified(run.schema(), t)).toList()));
    }
    try (Statement st = source.createStatement()) {
      OnlineMigration.quietStatementLog(st);
      st.execute(
          "CREATE SUBSCRIPTION "
              + name
              + " CONNECTION "
              + Identifiers.literal(targetConninfo)
              + " PUBLICATION "
              + name
              + " WITH (copy_data = false, create_slot = true, slot_name = "
              + Identifiers.literal(name(run))
              + ")");
    } catch (SQLException e) {
      try (Statement st = target.createStatement()) {
        st.execute("DROP PUBLICATION IF EXISTS " + name);
      }
      throw e;
    }
  }

  /** Whether the old primary still subscribes to the target. */
  static boolean active(Connection source, OnlineRun run) throws SQLException {
    return OnlineChecks.subscriptionExists(source, name(run));
  }

  /** The target's WAL not yet confirmed by the old primary, in bytes; null without the slot. */
  static Long lagBytes(Connection target, OnlineRun run) throws SQLException {
    try (PreparedStatement ps =
        target.prepareStatement(
            "SELECT pg_current_wal_lsn() - confirmed_flush_lsn FROM pg_replication_slots"
                + " WHERE slot_name = ?")) {
      ps.setString(1, name(run));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /** Waits until the old primary confirmed the target's WAL up to {@code lsn}. */
  static void waitFor(Connection target, OnlineRun run, String lsn, Duration wait)
      throws SQLException {
    OnlineChecks.waitForSlot(
        target,
        name(run),
        lsn,
        wait,
        "Not switched back: the old primary did not confirm the target's WAL up to "
            + lsn
            + " within "
            + wait.toSeconds()
            + " s; the target is still the primary (writes on it allowed again)");
  }

  /** The subscription (and its slot on the target) and the target's publication dropped. */
  static void close(Connection source, Connection target, OnlineRun run) throws SQLException {
    String name = Identifiers.quote(name(run));
    if (active(source, run)) {
      OnlineChecks.dropSubscription(source, name(run));
    }
    try (PreparedStatement ps =
        target.prepareStatement(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                + " WHERE slot_name = ? AND NOT active")) {
      ps.setString(1, name(run));
      ps.execute();
    }
    try (Statement st = target.createStatement()) {
      st.execute("DROP PUBLICATION IF EXISTS " + name);
    }
  }
}
