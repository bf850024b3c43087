package dev.ferry.engine.schema;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /** Whether the target has a schema of that name. */
  public static boolean schemaExists(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
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

  /**
   * A planned column the existing (kept) table cannot take, or an existing column the loaded rows
   * cannot fill: {@code plannedType} is null for an existing column the plan does not load, {@code
   * existingType} null for a planned column the table lacks.
   */
  public record ColumnMisfit(
      String table, String column, String plannedType, String existingType, String problem) {}

  /**
   * How the existing target tables a kept-table policy (append, truncate) loads into differ from
   * the plan in ways COPY cannot bridge: a planned column missing or generated, a planned type
   * whose values the existing column's type cannot read (not the same type, not a string column, no
   * implicit or assignment cast), and existing NOT NULL columns without a default that the load
   * leaves empty. Extra nullable columns and columns with defaults are fine.
   */
  public static List<ColumnMisfit> columnMisfits(Connection admin, MigrationPlan plan)
      throws SQLException {
    List<ColumnMisfit> out = new ArrayList<>();
    List<String> existing = existingTables(admin, plan);
    if (existing.isEmpty() || plan.settings().ifExists() == IfExists.FAIL) {
      return out;
    }
    Map<String, Map<String, ExistingColumn>> columns = existingColumns(admin, plan, existing);
    String searchPath;
    try (Statement st = admin.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_setting('search_path')")) {
      rs.next();
      searchPath = rs.getString(1);
    }
    // planned types resolve as the run's sessions resolve them: the target schema first
    setSearchPath(admin, Identifiers.quote(plan.target().schema()) + ", public");
    try {
      Map<String, Integer> resolved = new HashMap<>();
      for (String table : existing) {
        Map<String, ExistingColumn> have = columns.getOrDefault(table, Map.of());
        Set<String> planned = new HashSet<>();
        for (TablePlan tp : plan.loadingInto(table)) {
          for (ColumnPlan cp : tp.columns()) {
            if (!planned.add(cp.target())) {
              continue;
            }
            ExistingColumn e = have.get(cp.target());
            String problem = problem(admin, cp, e, resolved);
            if (problem != null) {
              out.add(
                  new ColumnMisfit(
                      table, cp.target(), cp.type(), e == null ? null : e.type(), problem));
            }
          }
        }
        for (var e : have.entrySet()) {
          ExistingColumn c = e.getValue();
          if (!planned.contains(e.getKey())
              && c.notNull()
              && !c.hasDefault()
              && !c.identity()
              && !c.generated()) {
            out.add(
                new ColumnMisfit(
                    table,
                    e.getKey(),
                    null,
                    c.type(),
                    "NOT NULL without a default in the existing table, and the plan loads no"
                        + " value into it"));
          }
        }
      }
    } finally {
      setSearchPath(admin, searchPath);
    }
    return out;
  }

  /** Why the existing column {@code e} (null: there is none) cannot take the planned one. */
  private static String problem(
      Connection admin, ColumnPlan cp, ExistingColumn e, Map<String, Integer> resolved)
      throws SQLException {
    if (e == null) {
      return "missing from the existing table";
    }
    if (e.generated()) {
      return "a generated column in the existing table: COPY cannot write it";
    }
    if (!resolved.containsKey(cp.type())) {
      resolved.put(cp.type(), baseType(admin, cp.type()));
    }
    return fits(admin, resolved.get(cp.type()), cp.type(), e)
        ? null
        : "the existing column's type cannot read the planned type's values";
  }

  private record ExistingColumn(
      String type,
      int baseType,
      boolean notNull,
      boolean hasDefault,
      boolean identity,
      boolean generated) {}

  private static Map<String, Map<String, ExistingColumn>> existingColumns(
      Connection admin, MigrationPlan plan, List<String> tables) throws SQLException {
    Map<String, Map<String, ExistingColumn>> out = new HashMap<>();
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),"
                + " (CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END)::int,"
                + " a.attnotnull, a.atthasdef, a.attidentity <> '', a.attgenerated <> ''"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY c.relname, a.attnum")) {
      ps.setString(1, plan.target().schema());
      ps.setArray(2, admin.createArrayOf("text", tables.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
              .put(
                  rs.getString(2),
                  new ExistingColumn(
                      rs.getString(3),
                      rs.getInt(4),
                      rs.getBoolean(5),
                      rs.getBoolean(6),
                      rs.getBoolean(7),
                      rs.getBoolean(8)));
        }
      }
    }
    return out;
  }

  /** The planned type's oid (a domain's base type), or null when the target does not have it. */
  private static Integer baseType(Connection admin, String type) throws SQLException {
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT (CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END)::int"
                + " FROM pg_type t WHERE t.oid = to_regtype(?)")) {
      ps.setString(1, type);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : null;
      }
    } catch (SQLException e) {
      // a type name to_regtype cannot even parse: the target does not have it
      if (!"42601".equals(e.getSQLState()) && !"22P02".equals(e.getSQLState())) {
        throw e;
      }
      return null;
    }
  }

  /**
   * Whether COPY can put the planned type's text into the existing column: the same type, a string
   * column (every value has a text form), an implicit or assignment cast (int → bigint, double →
   * numeric, date → timestamp), or arrays whose elements fit so. A planned type the target does not
   * have yet (created by the run) fits only a string column or a column of that very type.
   */
  private static boolean fits(
      Connection admin, Integer planned, String plannedName, ExistingColumn e) throws SQLException {
    if (planned == null) {
      String name = plannedName.replace("\"", "").toLowerCase(Locale.ROOT);
      return isString(admin, e.baseType())
          || e.type().replace("\"", "").toLowerCase(Locale.ROOT).equals(name);
    }
    return fits(admin, planned, e.baseType());
  }

  private static boolean fits(Connection admin, int planned, int existing) throws SQLException {
    if (planned == existing) {
      return true;
    }
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT e.typcategory = 'S' OR EXISTS (SELECT 1 FROM pg_cast k WHERE k.castsource = p.oid"
                + " AND k.casttarget = e.oid AND k.castcontext IN ('i', 'a')),"
                + " p.typcategory = 'A' AND e.typcategory = 'A', p.typelem::int, e.typelem::int"
                + " FROM pg_type p, pg_type e WHERE p.oid = ? AND e.oid = ?")) {
      ps.setInt(1, planned);
      ps.setInt(2, existing);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        if (rs.getBoolean(1)) {
          return true;
        }
        return rs.getBoolean(2) && fits(admin, rs.getInt(3), rs.getInt(4));
      }
    }
  }

  private static boolean isString(Connection admin, int type) throws SQLException {
    try (PreparedStatement ps =
        admin.prepareStatement("SELECT typcategory = 'S' FROM pg_type WHERE oid = ?")) {
      ps.setInt(1, type);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static void setSearchPath(Connection admin, String path) throws SQLException {
    try (PreparedStatement ps =
        admin.prepareStatement("SELECT set_config('search_path', ?, false)")) {
      ps.setString(1, path);
      ps.execute();
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
