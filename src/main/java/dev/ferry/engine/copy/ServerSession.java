package dev.ferry.engine.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A load connection's session on the target server, known by its backend process and start time (a
 * process id alone may be reused), printed in the load sessions' time zone (UTC).
 */
record ServerSession(int pid, String started) {
  /** How long {@link #end} waits for the session to go. */
  static final long END_WAIT_MILLIS = 30_000;

  static ServerSession of(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT pid, backend_start::text FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
      rs.next();
      return new ServerSession(rs.getInt(1), rs.getString(2));
    }
  }

  /**
   * Ends the session from another connection and waits until the server has let it go, so its
   * transaction is over (committed or rolled back) and its locks released; a session the server
   * already ended is fine. Fails when it is still there after {@link #END_WAIT_MILLIS}.
   */
  void end(Connection other) throws SQLException {
    boolean wasAutoCommit = other.getAutoCommit();
    other.setAutoCommit(true);
    try (PreparedStatement terminate =
            other.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE pid = ? AND backend_start::text = ?");
        PreparedStatement there =
            other.prepareStatement(
                "SELECT 1 FROM pg_stat_activity WHERE pid = ? AND backend_start::text = ?")) {
      terminate.setInt(1, pid);
      terminate.setString(2, started);
      terminate.execute();
      there.setInt(1, pid);
      there.setString(2, started);
      long until = System.currentTimeMillis() + END_WAIT_MILLIS;
      while (true) {
        // pg_stat_activity is a snapshot per transaction: each query in autocommit sees it anew
        try (ResultSet rs = there.executeQuery()) {
          if (!rs.next()) {
            return;
          }
        }
        if (System.currentTimeMillis() > until) {
          throw new SQLException(
              "the lost load session (server process "
                  + pid
                  + ") is still running on the target after "
                  + END_WAIT_MILLIS / 1000
                  + " s",
              "08006");
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while ending a lost load session", "57014", e);
        }
      }
    } finally {
      other.setAutoCommit(wasAutoCommit);
    }
  }
}
