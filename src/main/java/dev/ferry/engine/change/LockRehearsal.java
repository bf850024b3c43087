package dev.ferry.engine.change;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.SqlStates;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.dialect.postgres.PgDump;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Runs the pending statements, in order and for real, on a schema-only copy of the target (a
 * scratch database made with pg_dump and dropped afterwards), and asks PostgreSQL after each what
 * it did: the locks the statement's transaction holds on which tables ({@code pg_locks}), which
 * tables and indexes it rewrote (their {@code relfilenode} changed), which it had to read through
 * (a constraint validated, an index built, a column made NOT NULL) and whether it added a required
 * column without a default (which fails on a table with rows). Facts, where the statement's text
 * only suggests. The target itself is never touched.
 */
final class LockRehearsal {
  private static final Pattern OUTSIDE_TRANSACTION =
      Pattern.compile(
          "(?is)^\\s*(VACUUM\\b|CREATE\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\b|DROP\\s+INDEX\\s+CONCURRENTLY\\b|REINDEX\\b.*\\bCONCURRENTLY\\b)");

  /**
   * Statements that act on the whole server, not on the scratch database: the copy lives on the
   * target's server, so running them there would change the real server (a role, a database, a
   * tablespace, a subscription's slot on another server, the configuration). Never run.
   */
  private static final Pattern SERVER_WIDE =
      Pattern.compile(
          "(?is)^\\s*((CREATE|ALTER|DROP)\\s+(ROLE|USER|GROUP|DATABASE|TABLESPACE|SUBSCRIPTION)\\b"
              + "|ALTER\\s+SYSTEM\\b|(GRANT|REVOKE)\\b(?!.*\\bON\\b)|CHECKPOINT\\b|LOAD\\b)");

  /** What PostgreSQL did for one statement on the copy. */
  record Observation(
      boolean rehearsed,
      String error,
      boolean outsideTransaction,
      Map<String, String> locks,
      Set<String> rewritten,
      Set<String> readThrough,
      Set<String> requiredWithoutDefault) {

    static Observation notRehearsed(String why) {
      return new Observation(false, why, false, Map.of(), Set.of(), Set.of(), Set.of());
    }
  }

  /** The observations, one per statement, and how they were made. */
  record Result(List<Observation> observations, String method) {}

  private LockRehearsal() {}

  static Result observe(ConnectionSpec target, String schema, List<String> statements) {
    String scratch = "ferry_risk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      PgDump.cloneSchema(target, scratch);
    } catch (SQLException | IOException | RuntimeException e) {
      String why = "not rehearsed: " + FerryException.describe(e);
      return new Result(statements.stream().map(s -> Observation.notRehearsed(why)).toList(), why);
    }
    try (Connection c = target.withDatabase(scratch).open();
        Statement st = c.createStatement()) {
      st.execute("SET search_path = " + Identifiers.quote(schema) + ", public");
      List<Observation> out = new ArrayList<>();
      for (String sql : statements) {
        out.add(one(c, sql));
      }
      return new Result(
          out,
          "rehearsed on a schema-only copy of the target (scratch database "
              + scratch
              + ", dropped): locks and rewrites as PostgreSQL reported them");
    } catch (SQLException e) {
      String why = "not rehearsed: " + FerryException.describe(e);
      return new Result(statements.stream().map(s -> Observation.notRehearsed(why)).toList(), why);
    } finally {
      try (Connection c = target.open();
          Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(scratch) + " WITH (FORCE)");
      } catch (SQLException ignored) {
        // the scratch database is named ferry_risk_…; nothing of the target's is in it
      }
    }
  }

  private static Observation one(Connection c, String sql) throws SQLException {
    String bare = sql.replaceFirst("^(?s)(\\s*(--[^\\n]*(\\n|$)|/\\*.*?\\*/))*", "");
    if (SERVER_WIDE.matcher(bare).find()) {
      return Observation.notRehearsed(
          "not rehearsed: it acts on the whole server (roles, databases, tablespaces,"
              + " subscriptions, configuration), not on one database's copy");
    }
    if (OUTSIDE_TRANSACTION.matcher(bare).find()) {
      return outside(c, sql, null);
    }
    Map<Long, Rel> before = relations(c);
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL lock_timeout = '5s'");
      st.execute(sql);
      Map<String, String> locks = locks(c, before.keySet());
      Map<Long, Rel> after = relations(c);
      c.commit();
      return compare(before, after, locks, false);
    } catch (SQLException e) {
      c.rollback();
      // (server-wide statements never get here: the 25001 ones that do stay in the copy)
      if ("2D000".equals(SqlStates.of(e)) || "25001".equals(SqlStates.of(e))) {
        // a DO block or procedure that commits as it goes, or a statement PostgreSQL refuses in a
        // transaction block (ALTER TYPE … ADD VALUE before 12): it runs as the script would
        return outside(c, sql, e);
      }
      return new Observation(
          true, FerryException.describe(e), false, Map.of(), Set.of(), Set.of(), Set.of());
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** A statement that cannot run in a transaction block: what it changed, not its locks. */
  private static Observation outside(Connection c, String sql, SQLException first)
      throws SQLException {
    Map<Long, Rel> before = relations(c);
    c.setAutoCommit(true);
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      return new Observation(
          true, FerryException.describe(e), true, Map.of(), Set.of(), Set.of(), Set.of());
    }
    return compare(before, relations(c), Map.of(), true);
  }

  private static Observation compare(
      Map<Long, Rel> before, Map<Long, Rel> after, Map<String, String> locks, boolean outside) {
    Set<String> rewritten = new LinkedHashSet<>();
    Set<String> read = new LinkedHashSet<>();
    Set<String> required = new LinkedHashSet<>();
    for (Map.Entry<Long, Rel> e : after.entrySet()) {
      Rel was = before.get(e.getKey());
      Rel now = e.getValue();
      if (was == null) {
        continue; // made by the statement: nothing of it existed to lock or rewrite
      }
      if (was.fileNode() != now.fileNode()) {
        rewritten.add(now.table());
      }
      if (now.kind().equals("r") || now.kind().equals("p") || now.kind().equals("m")) {
        if (now.validated() > was.validated()
            || now.indexes() > was.indexes()
            || madeNotNullUnproven(was, now)) {
          read.add(now.table());
        }
        // a column the statement added (past the table's last one) that is NOT NULL with no
        // default: every existing row would need a value it does not have
        for (String attnum : now.requiredNoDefault().split(",")) {
          if (!attnum.isEmpty() && Integer.parseInt(attnum) > was.lastColumn()) {
            required.add(now.table());
          }
        }
      }
    }
    return new Observation(true, null, outside, locks, rewritten, read, required);
  }

  /**
   * Whether a column became NOT NULL without a validated {@code CHECK (col IS NOT NULL)} that
   * already proved it: then PostgreSQL read the whole table to check (from 12 on, with the check it
   * does not).
   */
  private static boolean madeNotNullUnproven(Rel was, Rel now) {
    Set<String> before = Set.of(was.notNull().split(","));
    Set<String> proven = Set.of(was.provenNotNull().split(","));
    for (String attnum : now.notNull().split(",")) {
      if (!attnum.isEmpty() && !before.contains(attnum) && !proven.contains(attnum)) {
        return true;
      }
    }
    return false;
  }

  /** A relation's facts: its table (for an index, the indexed table), file and what it checks. */
  private record Rel(
      String table,
      String kind,
      long fileNode,
      int validated,
      int indexes,
      String notNull,
      String provenNotNull,
      String requiredNoDefault,
      int lastColumn) {}

  private static Map<Long, Rel> relations(Connection c) throws SQLException {
    Map<Long, Rel> out = new HashMap<>();
    String sql =
        "SELECT c.oid, c.relkind::text, c.relfilenode::bigint,"
            + " coalesce(t.relname, c.relname),"
            + " (SELECT count(*) FROM pg_constraint k WHERE k.conrelid = c.oid AND k.convalidated"
            + "   AND k.contype IN ('c', 'f', 'p', 'u', 'x')),"
            + " (SELECT count(*) FROM pg_index i WHERE i.indrelid = c.oid),"
            + " (SELECT coalesce(string_agg(a.attnum::text, ','), '') FROM pg_attribute a"
            + "   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull),"
            + " (SELECT coalesce(string_agg(k.conkey[1]::text, ','), '') FROM pg_constraint k"
            + "   WHERE k.conrelid = c.oid AND k.contype = 'c' AND k.convalidated"
            + "   AND cardinality(k.conkey) = 1"
            + "   AND pg_get_constraintdef(k.oid) ~* '^CHECK \\(\\(\\S+ IS NOT NULL\\)\\)$'),"
            + " (SELECT coalesce(string_agg(a.attnum::text, ','), '') FROM pg_attribute a"
            + "   WHERE a.attrelid = c.oid AND a.attnum > 0"
            + "   AND NOT a.attisdropped AND a.attnotnull AND NOT a.atthasdef"
            + "   AND a.attidentity = '' AND a.attgenerated = ''),"
            + " (SELECT coalesce(max(a.attnum), 0) FROM pg_attribute a WHERE a.attrelid = c.oid)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_index x ON x.indexrelid = c.oid"
            + " LEFT JOIN pg_class t ON t.oid = x.indrelid"
            + " WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I')"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg_toast%'";
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.put(
            rs.getLong(1),
            new Rel(
                rs.getString(4),
                rs.getString(2),
                rs.getLong(3),
                rs.getInt(5),
                rs.getInt(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getInt(10)));
      }
    }
    return out;
  }

  /**
   * The strongest lock the transaction holds on each table that existed before the statement (locks
   * on its indexes count for it; what the statement made itself is nobody else's yet).
   */
  private static Map<String, String> locks(Connection c, Set<Long> existed) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    String sql =
        "SELECT coalesce(t.relname, r.relname), l.mode, r.oid FROM pg_locks l"
            + " JOIN pg_class r ON r.oid = l.relation"
            + " JOIN pg_namespace n ON n.oid = r.relnamespace"
            + " LEFT JOIN pg_index x ON x.indexrelid = r.oid"
            + " LEFT JOIN pg_class t ON t.oid = x.indrelid"
            + " WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND r.relkind IN ('r', 'p', 'm', 'i', 'I')";
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        if (!existed.contains(rs.getLong(3))) {
          continue;
        }
        String table = rs.getString(1);
        String mode = rs.getString(2);
        out.merge(table, mode, (a, b) -> strength(a) >= strength(b) ? a : b);
      }
    }
    return out;
  }

  /** PostgreSQL's table lock modes, weakest first. */
  static int strength(String mode) {
    return switch (mode) {
      case "AccessShareLock" -> 1;
      case "RowShareLock" -> 2;
      case "RowExclusiveLock" -> 3;
      case "ShareUpdateExclusiveLock" -> 4;
      case "ShareLock" -> 5;
      case "ShareRowExclusiveLock" -> 6;
      case "ExclusiveLock" -> 7;
      case "AccessExclusiveLock" -> 8;
      default -> 0;
    };
  }

  /** Whether a lock {@code requested} must wait for one {@code held} by another session. */
  static boolean conflicts(String requested, String held) {
    int r = strength(requested);
    int h = strength(held);
    return switch (r) {
      case 1 -> h == 8;
      case 2 -> h >= 7;
      case 3 -> h >= 5;
      case 4 -> h >= 4;
      case 5 -> h == 3 || h == 4 || h >= 6;
      case 6 -> h >= 3;
      case 7 -> h >= 2;
      case 8 -> h >= 1;
      default -> false;
    };
  }

  /** Whether a lock mode stops other sessions' INSERT, UPDATE and DELETE on the table. */
  static boolean blocksWrites(String mode) {
    return strength(mode) >= 5;
  }

  /** The mode as a DBA reads it, with what it blocks. */
  static String describe(String mode) {
    String name =
        mode.replace("Lock", "").replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    int s = strength(mode);
    return name
        + (s == 8
            ? " (blocks reads and writes)"
            : s >= 5 ? " (blocks writes)" : " (reads and writes go on)");
  }
}
