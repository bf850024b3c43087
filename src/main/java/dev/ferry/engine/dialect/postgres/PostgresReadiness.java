package dev.ferry.engine.dialect.postgres;

import dev.ferry.engine.dialect.ReadinessFinding;
import dev.ferry.engine.dialect.ReadinessFinding.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a PostgreSQL source can be read for the whole load. Parallel reads share one exported
 * snapshot held open by a transaction for the whole load: timeouts that end idle transactions or
 * long statements would end it (and the load) early.
 */
final class PostgresReadiness {
  private PostgresReadiness() {}

  static List<ReadinessFinding> of(Connection c) throws SQLException {
    List<ReadinessFinding> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT current_setting('idle_in_transaction_session_timeout'),"
                    + " current_setting('statement_timeout'), pg_is_in_recovery(), current_setting('server_version_num')::int")) {
      rs.next();
      if (!"0".equals(rs.getString(1))) {
        out.add(
            new ReadinessFinding(
                "source-idle-timeout",
                Level.WARNING,
                "idle_in_transaction_session_timeout is "
                    + rs.getString(1)
                    + ": the transaction that holds the load's shared"
                    + " snapshot may be ended before the load finishes",
                "Set it to 0 for the migrating user: ALTER ROLE … SET idle_in_transaction_session_timeout = 0."));
      }
      if (!"0".equals(rs.getString(2))) {
        out.add(
            new ReadinessFinding(
                "source-statement-timeout",
                Level.WARNING,
                "statement_timeout is "
                    + rs.getString(2)
                    + ": reading a large table may be cancelled",
                "Set it to 0 for the migrating user: ALTER ROLE … SET statement_timeout = 0."));
      }
      out.add(
          new ReadinessFinding(
              "source-snapshot",
              Level.INFO,
              (rs.getBoolean(3) ? "a standby (in recovery)" : "a primary")
                  + ", version "
                  + rs.getInt(4)
                  + ": parallel readers share one exported snapshot, so the copy is consistent"
                  + (rs.getBoolean(3)
                      ? "; on a standby, long reads can be cancelled by recovery conflicts (hot_standby_feedback helps)"
                      : ""),
              null));
    }
    return out;
  }
}
