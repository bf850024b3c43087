package dev.ferry.engine.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Chunk commit markers kept in the target, in {@code ferry_state.copied_chunks}, written in the
 * same transaction as the chunk's rows. A chunk is therefore either loaded and marked, or neither:
 * after a crash at any moment, resuming skips exactly the chunks that are in the target — no loss,
 * no duplicates. The run's markers are removed when it succeeds.
 */
public final class Checkpoints {
  public static final String SCHEMA = "ferry_state";
  private static final String TABLE = SCHEMA + ".copied_chunks";

  private Checkpoints() {}

  public static void ensure(Connection target) throws SQLException {
    try (Statement st = target.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
      st.execute(
          "CREATE TABLE IF NOT EXISTS "
              + TABLE
              + " (run_id text NOT NULL, target_table text NOT NULL,"
              + " chunk integer NOT NULL, rows bigint NOT NULL, committed_at timestamptz NOT NULL DEFAULT now(),"
              + " PRIMARY KEY (run_id, target_table, chunk))");
      // the digest of the chunk's rows, written in the chunk's own transaction (validation reads
      // it)
      st.execute("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS digest text");
    }
    if (!target.getAutoCommit()) {
      target.commit();
    }
  }

  public static ChunkLoader.CommitHook marker(String runId, String table, int chunk) {
    return (c, rows, digest) -> {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + TABLE
                  + " (run_id, target_table, chunk, rows, digest) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, runId);
        ps.setString(2, table);
        ps.setInt(3, chunk);
        ps.setLong(4, rows);
        ps.setString(5, digest);
        ps.executeUpdate();
      }
    };
  }

  /**
   * The rows of one chunk if its marker is in the target: a commit whose reply was lost with the
   * connection may still have gone through, and such a chunk must not be loaded again.
   */
  public static OptionalLong committedRows(Connection c, String runId, String table, int chunk)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT rows FROM " + TABLE + " WHERE run_id = ? AND target_table = ? AND chunk = ?")) {
      ps.setString(1, runId);
      ps.setString(2, table);
      ps.setInt(3, chunk);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    } finally {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    }
  }

  /** What this run has committed: per target table, the chunk numbers and the rows they hold. */
  public record Committed(Map<String, Set<Integer>> chunks, Map<String, Long> rows) {}

  public static Committed committed(Connection target, String runId) throws SQLException {
    Map<String, Set<Integer>> chunks = new HashMap<>();
    Map<String, Long> rows = new HashMap<>();
    try (PreparedStatement ps =
        target.prepareStatement(
            "SELECT target_table, chunk, rows FROM " + TABLE + " WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          chunks.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getInt(2));
          rows.merge(rs.getString(1), rs.getLong(3), Long::sum);
        }
      }
    } catch (SQLException e) {
      if (!"42P01".equals(e.getSQLState())) {
        throw e;
      }
    }
    return new Committed(chunks, rows);
  }

  /**
   * The digests of this run's committed chunks, per target table; a table with a chunk committed
   * without a digest maps to null (validation then reads its source again).
   */
  public static Map<String, List<String>> digests(Connection target, String runId)
      throws SQLException {
    Map<String, List<String>> out = new HashMap<>();
    try (PreparedStatement ps =
        target.prepareStatement(
            "SELECT target_table, digest FROM "
                + TABLE
                + " WHERE run_id = ? ORDER BY target_table, chunk")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString(1);
          String digest = rs.getString(2);
          if (digest == null) {
            out.put(table, null);
          } else if (!out.containsKey(table) || out.get(table) != null) {
            out.computeIfAbsent(table, k -> new ArrayList<>()).add(digest);
          }
        }
      }
    }
    return out;
  }

  /** Forgets a table's committed chunks: it is emptied and loaded again from the start. */
  public static void forget(Connection target, String runId, String table) throws SQLException {
    try (PreparedStatement ps =
        target.prepareStatement(
            "DELETE FROM " + TABLE + " WHERE run_id = ? AND target_table = ?")) {
      ps.setString(1, runId);
      ps.setString(2, table);
      ps.executeUpdate();
    }
  }

  public static void clear(Connection target, String runId) throws SQLException {
    try (PreparedStatement ps =
        target.prepareStatement("DELETE FROM " + TABLE + " WHERE run_id = ?")) {
      ps.setString(1, runId);
      ps.executeUpdate();
    }
    try (Statement st = target.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TABLE)) {
      rs.next();
      if (rs.getLong(1) == 0) {
        st.execute("DROP TABLE " + TABLE);
        st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " RESTRICT");
      }
    }
    if (!target.getAutoCommit()) {
      target.commit();
    }
  }
}
