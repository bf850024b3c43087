package dev.ferry.engine.schema;

import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import java.sql.Array;
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
    List<String> firing = firingDuringLoad(admin, plan, existing);
    if (!firing.isEmpty() && !canSuspendTriggers(admin)) {
      throw new RefusedException(
          "Existing target tables have triggers or foreign keys that would act on every loaded row"
              + " (a child's rows refused while its parent is still empty): "
              + String.join(", ", firing)
              + ". Ferry suspends them for its own sessions (session_replication_role = replica),"
              + " which needs a superuser or, on PostgreSQL 15+, GRANT SET ON PARAMETER"
              + " session_replication_role TO the role Ferry connects as. Grant it; or disable the"
              + " triggers (ALTER TABLE … DISABLE TRIGGER USER) for the load and enable them after,"
              + " and load parents first with --load-order dependency.");
    }
  }

  /**
   * What on the existing (kept) target tables would act on the rows Ferry loads: their enabled user
   * triggers ({@code trigger on table}), and their foreign keys ({@code foreign key name on table})
   * unless tables load parents first (dependency order). Ferry's load sessions suspend them
   * (session_replication_role = replica); validation still counts every foreign key's orphans.
   */
  public static List<String> firingDuringLoad(
      Connection admin, MigrationPlan plan, Collection<String> kept) throws SQLException {
    List<String> out = new ArrayList<>();
    if (kept.isEmpty()) {
      return out;
    }
    boolean parentsFirst = plan.settings().loadOrder() == LoadOrder.DEPENDENCY_ORDER;
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT 'trigger ' || t.tgname || ' on ' || c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ANY (?)"
                + " AND NOT t.tgisinternal AND t.tgenabled = 'O'"
                + " UNION ALL SELECT 'foreign key ' || k.conname || ' on ' || c.relname FROM pg_constraint k"
                + " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND k.contype = 'f' AND NOT ?"
                + " ORDER BY 1")) {
      Array tables = admin.createArrayOf("text", kept.toArray());
      ps.setString(1, plan.target().schema());
      ps.setArray(2, tables);
      ps.setString(3, plan.target().schema());
      ps.setArray(4, tables);
      ps.setBoolean(5, parentsFirst);
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
