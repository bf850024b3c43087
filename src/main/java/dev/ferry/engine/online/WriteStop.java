package dev.ferry.engine.online;

import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.dialect.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Ferry stopping writes on the source itself, for the cutover: one statement-level trigger per
 * published table refuses {@code INSERT}, {@code UPDATE}, {@code DELETE} and {@code TRUNCATE} with
 * SQLSTATE 25006 (read-only transaction), for every role the table's triggers apply to — owners
 * included; sessions running with {@code session_replication_role = replica} (replication apply
 * workers, a superuser's deliberate choice) skip triggers.
 *
 * <p>The triggers are made in one transaction that takes each table's {@code SHARE ROW EXCLUSIVE}
 * lock: it waits for every transaction that has written a table to end, so once it commits every
 * write to the tables is committed and no new one can start. It waits at most {@link #LOCK_WAIT}
 * for those locks, then changes nothing and names the sessions holding them. Names are the run's
 * own ({@code <publication>_stop}), so releasing drops exactly them.
 */
final class WriteStop {
  /** The longest the trigger transaction waits for a table's lock. */
  static final String LOCK_WAIT = "10s";

  private WriteStop() {}

  /** The trigger's and its function's name. */
  static String name(OnlineRun run) {
    return run.publication() + "_stop";
  }

  private static String function(OnlineRun run) {
    return Identifiers.qualified(run.schema(), name(run));
  }

  /**
   * Every write to the run's tables refused from the commit on; all tables or none. Chosen as the
   * victim of a deadlock with an application's transaction (it holds one table and wants the next
   * one this transaction already locked), it rolls back and tries again, up to five times. Returns
   * how many deadlocks it went through.
   */
  static int stop(Connection s, OnlineRun run) throws SQLException {
    if (!run.id().matches("[0-9A-Za-z_]+")) {
      throw new IllegalArgumentException("not a run id: " + run.id());
    }
    String[] at = {null};
    List<String> order = parentsFirst(s, run);
    try (Statement st = s.createStatement()) {
      // a deadlock, or an autovacuum in the way (cancelled once a lock waits this long), costs
      // this much instead of the server's second: allowed to superusers only
      st.execute("SET deadlock_timeout = '100ms'");
    } catch (SQLException notAllowed) {
      // the server's own deadlock_timeout stands
    }
    for (int attempt = 1; ; attempt++) {
      try {
        inTransaction(s, st -> triggers(st, run, order, at));
        return attempt - 1;
      } catch (SQLException e) {
        if ("40P01".equals(e.getSQLState()) && attempt < 5) {
          continue; // the deadlock's victim: the application's transaction went on; again
        }
        if ("55P03".equals(e.getSQLState())) {
          throw new FerryException(
              "Writes not stopped: "
                  + at[0]
                  + " stayed locked for "
                  + LOCK_WAIT
                  + " by "
                  + holders(s, at[0])
                  + "; nothing changed and the source still takes writes — end those sessions"
                  + " or stop writes yourself (--writes confirmed)",
              e);
        }
        throw new FerryException(
            "Writes not stopped on "
                + at[0]
                + " ("
                + FerryException.describe(e)
                + "); nothing changed"
                + ("40P01".equals(e.getSQLState())
                    ? " — five deadlocks in a row with the application's transactions: try"
                        + " again, or stop writes yourself (--writes confirmed)"
                    : " — the source user needs the TRIGGER privilege on the tables and CREATE on"
                        + " the schema, or stop writes yourself (--writes confirmed)"),
            e);
      }
    }
  }

  /** The function and one trigger per table; {@code at[0]} names the table being locked. */
  private static void triggers(Statement st, OnlineRun run, List<String> order, String[] at)
      throws SQLException {
    st.execute(
        "CREATE OR REPLACE FUNCTION "
            + function(run)
            + "() RETURNS trigger LANGUAGE plpgsql AS $ferry$ BEGIN RAISE EXCEPTION USING"
            + " ERRCODE = 'read_only_sql_transaction', MESSAGE = format('writes to %I.%I are"
            + " stopped: Ferry''s online run "
            + run.id()
            + " moves it to another server', TG_TABLE_SCHEMA, TG_TABLE_NAME); END $ferry$");
    String trigger = Identifiers.quote(name(run));
    List<String> all = new ArrayList<>();
    for (String table : order) {
      // a partitioned table's partitions too: a write aimed at a partition skips its parent's
      // statement triggers
      all.addAll(withPartitions(st.getConnection(), Identifiers.qualified(run.schema(), table)));
    }
    for (String relation : all) {
      at[0] = relation;
      if (has(st, at[0], name(run))) {
        // left by a stop that went half-way: kept (dropping it would take an exclusive lock)
        st.execute("LOCK TABLE " + at[0] + " IN SHARE ROW EXCLUSIVE MODE");
        continue;
      }
      st.execute(
          "CREATE TRIGGER "
              + trigger
              + " BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
              + at[0]
              + " FOR EACH STATEMENT EXECUTE FUNCTION "
              + function(run)
              + "()");
    }
  }

  /**
   * The run's tables, each after the tables it references (applications write a parent row before
   * its children, so locking in the same order does not deadlock with them); tables in a cycle keep
   * the run's order.
   */
  static List<String> parentsFirst(Connection s, OnlineRun run) throws SQLException {
    java.util.Map<String, java.util.Set<String>> parents = new java.util.LinkedHashMap<>();
    for (String t : run.tables()) {
      parents.put(t, new java.util.HashSet<>());
    }
    try (PreparedStatement ps =
        s.prepareStatement(
            "SELECT c.relname, p.relname FROM pg_constraint k"
                + " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                + " WHERE k.contype = 'f' AND n.nspname = ? AND pn.nspname = ?")) {
      ps.setString(1, run.schema());
      ps.setString(2, run.schema());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String child = rs.getString(1);
          String parent = rs.getString(2);
          if (parents.containsKey(child) && parents.containsKey(parent) && !child.equals(parent)) {
            parents.get(child).add(parent);
          }
        }
      }
    }
    List<String> out = new ArrayList<>();
    while (out.size() < parents.size()) {
      String next =
          parents.keySet().stream()
              .filter(t -> !out.contains(t))
              .filter(t -> out.containsAll(parents.get(t)))
              .findFirst()
              // a cycle: the first table left, in the run's order
              .orElse(parents.keySet().stream().filter(t -> !out.contains(t)).findFirst().get());
      out.add(next);
    }
    return out;
  }

  /**
   * The relation and, when it is partitioned, every partition under it (as SQL names); nothing when
   * it does not exist.
   */
  private static List<String> withPartitions(Connection c, String relation) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT t.relid::regclass::text FROM pg_partition_tree(to_regclass(?)) t"
                + " ORDER BY t.level")) {
      ps.setString(1, relation);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    if (out.isEmpty() && OnlineChecks.relationExists(c, relation)) {
      out.add(relation); // not partitioned: pg_partition_tree lists nothing for it
    }
    return out;
  }

  private static boolean has(Statement st, String table, String trigger) throws SQLException {
    try (PreparedStatement ps =
        st.getConnection()
            .prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(?)"
                    + " AND tgname = ?)")) {
      ps.setString(1, table);
      ps.setString(2, trigger);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** The run's triggers and function dropped: the tables take writes again. */
  static void allow(Connection s, OnlineRun run) throws SQLException {
    inTransaction(
        s,
        st -> {
          for (String table : run.tables()) {
            for (String on : withPartitions(s, Identifiers.qualified(run.schema(), table))) {
              if (has(st, on, name(run))) {
                st.execute("DROP TRIGGER " + Identifiers.quote(name(run)) + " ON " + on);
              }
            }
          }
          st.execute("DROP FUNCTION IF EXISTS " + function(run) + "()");
        });
  }

  /** Statements on the source run by {@link #stop} and {@link #allow}. */
  private interface Work {
    void run(Statement st) throws SQLException;
  }

  /** {@code work} in one transaction waiting at most {@link #LOCK_WAIT} for each lock. */
  private static void inTransaction(Connection s, Work work) throws SQLException {
    boolean auto = s.getAutoCommit();
    s.setAutoCommit(false);
    try (Statement st = s.createStatement()) {
      st.execute("SET LOCAL lock_timeout = '" + LOCK_WAIT + "'");
      work.run(st);
      s.commit();
    } catch (SQLException | RuntimeException e) {
      s.rollback();
      throw e;
    } finally {
      s.setAutoCommit(auto);
    }
  }

  /** How many of the run's tables refuse writes now. */
  static int active(Connection s, OnlineRun run) throws SQLException {
    try (PreparedStatement ps =
        s.prepareStatement(
            "SELECT count(*) FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE g.tgname = ? AND n.nspname = ?")) {
      ps.setString(1, name(run));
      ps.setString(2, run.schema());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The sessions holding a lock on the table: pid, state, how long, what they run. */
  private static String holders(Connection s, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        s.prepareStatement(
            "SELECT DISTINCT a.pid, a.state, date_trunc('second', now() - a.xact_start)::text,"
                + " left(a.query, 80) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.relation = to_regclass(?) AND l.granted AND a.pid <>"
                + " pg_backend_pid()")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              "pid "
                  + rs.getInt(1)
                  + " ("
                  + rs.getString(2)
                  + " for "
                  + rs.getString(3)
                  + ": "
                  + rs.getString(4)
                  + ")");
        }
      }
    }
    return out.isEmpty() ? "another session" : String.join(", ", out);
  }
}
