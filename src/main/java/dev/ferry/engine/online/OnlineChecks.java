package dev.ferry.engine.online;

import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.dialect.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold before logical replication can carry a database, read from both servers: the
 * source's {@code wal_level}, free replication slots and WAL senders, the privileges on both sides,
 * a primary key or replica identity on every table (without one, the source's own UPDATEs and
 * DELETEs fail once it is published), whether the target server reaches the source (a subscription
 * connects from there, not from Ferry), and what logical replication does not carry — each with
 * what Ferry does about it. BLOCKERs stop {@code start}.
 */
final class OnlineChecks {
  private OnlineChecks() {}

  static List<Finding> run(Connection source, Connection target, String schema, String conninfo)
      throws SQLException {
    List<Finding> out = new ArrayList<>();
    String wal = one(source, "SHOW wal_level");
    if (!wal.equals("logical")) {
      out.add(
          new Finding(
              "online.wal-level",
              Severity.BLOCKER,
              "source",
              "wal_level is " + wal + ": logical replication needs logical",
              "ALTER SYSTEM SET wal_level = logical; then restart the source server"));
    }
    long slots =
        Long.parseLong(
            one(
                source,
                "SELECT current_setting('max_replication_slots')::int"
                    + " - (SELECT count(*) FROM pg_replication_slots)"));
    long senders =
        Long.parseLong(
            one(
                source,
                "SELECT current_setting('max_wal_senders')::int"
                    + " - (SELECT count(*) FROM pg_stat_replication)"));
    // the subscription's slot, and a temporary one per table being copied (2 at a time by default)
    if (slots < 1 || senders < 1) {
      out.add(
          new Finding(
              "online.capacity",
              Severity.BLOCKER,
              "source",
              slots + " free replication slot(s) and " + senders + " free WAL sender(s)",
              "raise max_replication_slots and max_wal_senders (restart), or drop unused slots"
                  + " (pg_replication_slots)"));
    } else if (slots < 3 || senders < 3) {
      out.add(
          new Finding(
              "online.capacity",
              Severity.WARNING,
              "source",
              slots + " free replication slot(s) and " + senders + " free WAL sender(s)",
              "the initial copy uses one more per table copied at a time: it will copy one table"
                  + " at a time"));
    }
    if (!bool(
        source, "SELECT rolsuper OR rolreplication FROM pg_roles WHERE rolname = current_user")) {
      out.add(
          new Finding(
              "online.source-role",
              Severity.BLOCKER,
              "source",
              "the source user has neither REPLICATION nor superuser",
              "ALTER ROLE " + one(source, "SELECT quote_ident(current_user)") + " REPLICATION"));
    }
    if (!bool(
        target,
        "SELECT rolsuper OR (current_setting('server_version_num')::int >= 160000"
            + " AND pg_has_role(current_user, 'pg_create_subscription', 'MEMBER'))"
            + " FROM pg_roles WHERE rolname = current_user")) {
      out.add(
          new Finding(
              "online.target-role",
              Severity.BLOCKER,
              "target",
              "the target user may not create subscriptions",
              "a superuser, or on PostgreSQL 16+ GRANT pg_create_subscription TO the user"));
    }
    tables(source, schema, out);
    canStopWrites(source, schema, out);
    notCarried(source, schema, out);
    String sameServer = "SELECT system_identifier::text FROM pg_control_system()";
    boolean same;
    try {
      same = one(source, sameServer).equals(one(target, sameServer));
    } catch (SQLException notAllowed) {
      same = false; // pg_control_system needs a privileged user on some servers: not known
    }
    if (same) {
      out.add(
          new Finding(
              "online.same-server",
              Severity.BLOCKER,
              "target",
              "the source and the target are databases of the same PostgreSQL server: a"
                  + " subscription that makes its slot there waits for itself and never returns",
              "use ferry migrate between databases of one server, or a target on another server"));
    } else {
      reach(target, conninfo, out);
    }
    return out;
  }

  /** Each table: owned (a publication needs it), with a primary key or replica identity. */
  private static void tables(Connection source, String schema, List<Finding> out)
      throws SQLException {
    String sql =
        "SELECT c.relname, c.relreplident::text, c.relpersistence::text,"
            + " EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary),"
            + " pg_has_role(c.relowner, 'USAGE')"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
            + " ORDER BY 1";
    boolean superuser = bool(source, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
    int n = 0;
    try (PreparedStatement ps = source.prepareStatement(sql)) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          n++;
          String table = schema + "." + rs.getString(1);
          String quoted = Identifiers.qualified(schema, rs.getString(1));
          String identity = rs.getString(2);
          if (rs.getString(3).equals("u")) {
            out.add(
                new Finding(
                    "online.unlogged",
                    Severity.WARNING,
                    table,
                    "an unlogged table: logical replication does not carry it",
                    "make it logged (ALTER TABLE "
                        + quoted
                        + " SET LOGGED) before starting,"
                        + " or leave it out and copy it with ferry migrate after cutover"));
          }
          boolean hasKey = rs.getBoolean(4);
          if (identity.equals("n") || identity.equals("d") && !hasKey) {
            out.add(
                new Finding(
                    "online.replica-identity",
                    Severity.BLOCKER,
                    table,
                    "no primary key or replica identity: once published, its UPDATEs and DELETEs"
                        + " fail on the source",
                    "add a primary key, or ALTER TABLE " + quoted + " REPLICA IDENTITY FULL"));
          }
          if (!superuser && !rs.getBoolean(5)) {
            out.add(
                new Finding(
                    "online.owner",
                    Severity.BLOCKER,
                    table,
                    "the source user does not own it: a publication cannot include it",
                    "run as its owner or a superuser"));
          }
        }
      }
    }
    if (n == 0) {
      out.add(
          new Finding(
              "online.no-tables",
              Severity.BLOCKER,
              schema,
              "schema " + schema + " holds no table on the source",
              "name the schema with --source-schema"));
    }
  }

  /**
   * Whether Ferry can stop writes at cutover itself (a trigger per table refusing them): the source
   * user needs CREATE on the schema and TRIGGER on every table.
   */
  private static void canStopWrites(Connection source, String schema, List<Finding> out)
      throws SQLException {
    try (PreparedStatement ps =
        source.prepareStatement(
            "SELECT has_schema_privilege(current_user, n.oid, 'CREATE') AND coalesce(bool_and("
                + "has_table_privilege(current_user, c.oid, 'TRIGGER')), true)"
                + " FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid"
                + " AND c.relkind IN ('r', 'p') WHERE n.nspname = ? GROUP BY n.oid")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && !rs.getBoolean(1)) {
          out.add(
              new Finding(
                  "online.stop-writes",
                  Severity.WARNING,
                  schema,
                  "Ferry cannot stop writes on the source at cutover itself: the source user"
                      + " lacks CREATE on the schema or TRIGGER on a table",
                  "grant them, or stop writes yourself at cutover (--writes confirmed)"));
        }
      }
    }
  }

  /** What logical replication does not carry, and what Ferry does about it. */
  private static void notCarried(Connection source, String schema, List<Finding> out)
      throws SQLException {
    out.add(
        new Finding(
            "online.sequences",
            Severity.INFO,
            schema,
            "sequences are not replicated",
            "Ferry sets each on the target past the source's value at cutover"));
    out.add(
        new Finding(
            "online.ddl",
            Severity.WARNING,
            schema,
            "schema changes (DDL) are not replicated: a column added on the source stops the"
                + " stream",
            "freeze schema changes on the source until cutover"));
    long lobs = Long.parseLong(one(source, "SELECT count(*) FROM pg_largeobject_metadata"));
    if (lobs > 0) {
      out.add(
          new Finding(
              "online.large-objects",
              Severity.WARNING,
              "source",
              lobs + " large objects (pg_largeobject) are not replicated",
              "move them with pg_dump --blobs after cutover, or store them in bytea columns"));
    }
    try (PreparedStatement ps =
        source.prepareStatement("SELECT count(*) FROM pg_matviews WHERE schemaname = ?")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getLong(1) > 0) {
          out.add(
              new Finding(
                  "online.matviews",
                  Severity.INFO,
                  schema,
                  rs.getLong(1) + " materialized view(s) are not replicated",
                  "Ferry makes them on the target at cutover from the replicated rows"));
        }
      }
    }
  }

  /**
   * Whether the target server reaches the source: a disabled subscription without a slot connects
   * once from there (as the real one will) and is dropped again at once.
   */
  private static void reach(Connection target, String conninfo, List<Finding> out)
      throws SQLException {
    String probe = "ferry_probe_" + Long.toHexString(System.nanoTime());
    boolean autoCommit = target.getAutoCommit();
    target.setAutoCommit(true);
    try (Statement st = target.createStatement()) {
      OnlineMigration.quietStatementLog(st);
      st.execute(
          "CREATE SUBSCRIPTION "
              + Identifiers.quote(probe)
              + " CONNECTION "
              + Identifiers.literal(conninfo)
              + " PUBLICATION ferry_probe WITH (connect = true, enabled = false,"
              + " create_slot = false, slot_name = NONE, copy_data = false)");
      st.execute("DROP SUBSCRIPTION " + Identifiers.quote(probe));
    } catch (SQLException e) {
      out.add(
          new Finding(
              "online.reach",
              Severity.BLOCKER,
              "target → source",
              "the target server cannot connect to the source ("
                  + FerryException.describe(e)
                  + ") — a subscription connects from the target server, not from Ferry",
              "give --source-conninfo as the target server reaches the source (host, port;"
                  + " pg_hba.conf on the source must let it in for replication)"));
    } finally {
      target.setAutoCommit(autoCommit);
    }
  }

  /** Whether a subscription of that name is on the server {@code c} is connected to. */
  static boolean subscriptionExists(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_subscription WHERE subname = ?)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Drops a subscription (disabled first, so that it lets go of its slot) and with it its slot on
   * the publishing server; when that server cannot be reached, the subscription forgets its slot
   * first (the caller drops the slot there).
   */
  static void dropSubscription(Connection c, String name) throws SQLException {
    String sub = Identifiers.quote(name);
    try (Statement st = c.createStatement()) {
      st.execute("ALTER SUBSCRIPTION " + sub + " DISABLE");
      try {
        st.execute("DROP SUBSCRIPTION " + sub);
      } catch (SQLException unreachable) {
        st.execute("ALTER SUBSCRIPTION " + sub + " SET (slot_name = NONE)");
        st.execute("DROP SUBSCRIPTION " + sub);
      }
    }
  }

  /** Whether a relation of that (SQL) name exists. */
  static boolean relationExists(Connection c, String relation) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, relation);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Waits until the slot on the publishing server {@code c} has confirmed its WAL up to {@code
   * lsn}; after {@code wait}, throws with {@code timeout} (which says where things stand).
   */
  static void waitForSlot(Connection c, String slot, String lsn, Duration wait, String timeout)
      throws SQLException {
    long deadline = System.nanoTime() + wait.toNanos();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT confirmed_flush_lsn >= ?::pg_lsn FROM pg_replication_slots"
                + " WHERE slot_name = ?")) {
      ps.setString(1, lsn);
      ps.setString(2, slot);
      while (true) {
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getBoolean(1)) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new FerryException(timeout);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new FerryException("Interrupted while waiting for the slot " + slot, e);
        }
      }
    }
  }

  static String one(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  static boolean bool(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() && rs.getBoolean(1);
    }
  }
}
