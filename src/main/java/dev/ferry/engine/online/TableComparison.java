package dev.ferry.engine.online;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.dialect.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every table of a run compared on both sides — each side's row count and an order-independent
 * checksum of every row's text — as of one snapshot per side: the sessions that count import the
 * snapshot a {@link Held} transaction exported, so the comparison sees each server as it was at the
 * cutover LSN however long it takes and whatever is written meanwhile (the target takes the
 * applications' writes while it runs).
 */
final class TableComparison {
  private TableComparison() {}

  /**
   * A transaction held open (REPEATABLE READ) on one server, its snapshot exported; on the source
   * also the WAL position read in the same statement as the snapshot.
   */
  static final class Held implements AutoCloseable {
    private final Connection c;
    final String snapshot;
    final String lsn;

    private Held(Connection c, String snapshot, String lsn) {
      this.c = c;
      this.snapshot = snapshot;
      this.lsn = lsn;
    }

    static Held open(ConnectionSpec spec) throws SQLException {
      Connection c = spec.open();
      try {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement st = c.createStatement();
            ResultSet rs =
                st.executeQuery("SELECT pg_export_snapshot(), pg_current_wal_lsn()::text")) {
          rs.next();
          return new Held(c, rs.getString(1), rs.getString(2));
        }
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
    }

    @Override
    public void close() throws SQLException {
      try {
        c.rollback();
      } finally {
        c.close();
      }
    }
  }

  /**
   * Compares each table on both sides at once, a few tables at a time: the comparison takes as long
   * as the largest table on the slower server, not the sum. A null snapshot reads the present.
   */
  static List<Cutover.TableCheck> compare(
      ConnectionSpec source,
      ConnectionSpec target,
      String schema,
      List<String> tables,
      String sourceSnapshot,
      String targetSnapshot)
      throws SQLException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, 2 * tables.size()));
    try {
      List<String> rows = new ArrayList<>();
      try (Connection s = source.open()) {
        for (String table : tables) {
          rows.add("ROW(" + String.join(", ", columns(s, schema, table)) + ")::text");
        }
      }
      List<Future<String[]>> src = new ArrayList<>();
      List<Future<String[]>> dst = new ArrayList<>();
      for (int i = 0; i < tables.size(); i++) {
        String sql =
            "SELECT count(*)::text, coalesce(sum(hashtextextended("
                + rows.get(i)
                + ", 0)::numeric), 0)::text FROM "
                + Identifiers.qualified(schema, tables.get(i));
        src.add(pool.submit(() -> sums(source, sql, sourceSnapshot)));
        dst.add(pool.submit(() -> sums(target, sql, targetSnapshot)));
      }
      List<Cutover.TableCheck> out = new ArrayList<>();
      for (int i = 0; i < tables.size(); i++) {
        String[] a = src.get(i).get();
        String[] b = dst.get(i).get();
        out.add(
            new Cutover.TableCheck(
                schema + "." + tables.get(i),
                Long.parseLong(a[0]),
                Long.parseLong(b[0]),
                a[1],
                b[1]));
      }
      return out;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException se) {
        throw se;
      }
      throw new FerryException("Comparing the tables failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException("Interrupted while comparing the tables", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The table's stored columns, quoted, in the source's order. */
  private static List<String> columns(Connection c, String schema, String table)
      throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0"
                + " AND NOT attisdropped AND attgenerated = '' ORDER BY attnum")) {
      ps.setString(1, Identifiers.qualified(schema, table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(Identifiers.quote(rs.getString(1)));
        }
      }
    }
    return out;
  }

  /** One side's row count and checksum, in the exported snapshot when one is given. */
  private static String[] sums(ConnectionSpec spec, String sql, String snapshot)
      throws SQLException {
    try (Connection c = spec.open()) {
      if (snapshot != null) {
        if (!snapshot.matches("[0-9A-Fa-f-]+")) {
          throw new IllegalArgumentException("not a snapshot id: " + snapshot);
        }
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      try (Statement st = c.createStatement()) {
        if (snapshot != null) {
          st.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
        }
        try (ResultSet rs = st.executeQuery(sql)) {
          rs.next();
          return new String[] {rs.getString(1), rs.getString(2)};
        }
      } finally {
        if (snapshot != null) {
          c.rollback();
        }
      }
    }
  }
}
