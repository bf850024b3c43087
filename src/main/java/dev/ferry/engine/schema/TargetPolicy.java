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
