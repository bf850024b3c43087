package dev.ferry.engine.schema;

import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the plan's {@code ifExists} policy does with target tables that are already there. */
public final class TargetPolicy {
  private TargetPolicy() {}

  /** Refuses, before anything is written, when planned tables exist and the policy is FAIL. */
  public static void check(Connection admin, MigrationPlan plan) throws SQLException {
    List<String> existing = existingTables(admin, plan);
    if (existing.isEmpty()) {
      return;
    }
    if (plan.settings().ifExists() == IfExists.FAIL) {
      throw new RefusedException(
          "Target tables already exist in schema "
              + plan.target().schema()
              + ": "
              + String.join(", ", existing)
              + ". Choose what to do with them: --if-exists truncate (empty them, then load) or --if-exists append"
              + " (keep their rows), or load into another --target-schema.");
    }
    List<String> triggers = enabledTriggers(admin, plan.target().schema(), existing);
    if (!triggers.isEmpty() && !canSuspendTriggers(admin)) {
      throw new RefusedException(
          "Existing target tables have triggers that would fire for every loaded row: "
              + String.join(", ", triggers)
              + ". Ferry suspends them for its own sessions (session_replication_role = replica),"
              + " which needs a superuser or, on PostgreSQL 15+, GRANT SET ON PARAMETER"
              + " session_replication_role TO the role Ferry connects as. Grant it, or disable the"
              + " triggers (ALTER TABLE … DISABLE TRIGGER USER) for the load and enable them after.");
    }
  }

  /**
   * The enabled user triggers ({@code trigger on table}) of existing target tables: an existing
   * table keeps its triggers, and they must not fire while Ferry loads it.
   */
  public static List<String> enabledTriggers(
      Connection admin, String schema, Collection<String> tables) throws SQLException {
    List<String> out = new ArrayList<>();
    if (tables.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT t.tgname || ' on ' || c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ANY (?)"
                + " AND NOT t.tgisinternal AND t.tgenabled = 'O' ORDER BY c.relname, t.tgname")) {
      ps.setString(1, schema);
      ps.setArray(2, admin.createArrayOf("text", tables.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Whether this session may set session_replication_role (so triggers do not fire in it). */
  private static boolean canSuspendTriggers(Connection admin) throws SQLException {
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT rolsuper OR (current_setting('server_version_num')::int >= 150000"
                + " AND has_parameter_privilege('session_replication_role', 'SET'))"
                + " FROM pg_roles WHERE rolname = current_user")) {
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** The planned target tables that already exist in the target schema. */
  public static List<String> existingTables(Connection admin, MigrationPlan plan)
      throws SQLException {
    Set<String> planned = new LinkedHashSet<>();
    for (TablePlan tp : plan.includedTables()) {
      planned.add(tp.target());
    }
    List<String> existing = new ArrayList<>();
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') ORDER BY 1")) {
      ps.setString(1, plan.target().schema());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (planned.contains(rs.getString(1))) {
            existing.add(rs.getString(1));
          }
        }
      }
    }
    return existing;
  }
}
