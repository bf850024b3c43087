package dev.ferry.engine;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.copy.Checkpoints;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.journal.Ledger;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.journal.RunRecord;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Discards a failed (or interrupted) run so that a corrected plan can start over: what the run
 * created on the target — its tables, the enum types and domains of its schema prelude, the schema
 * itself when the run created it — is dropped in one transaction, after the DBA has seen exactly
 * what ({@link DiscardPlan}); the run's chunk markers go, and the journal closes the run so it can
 * no longer be resumed. Tables the run kept (append/truncate) are never dropped.
 */
final class RunDiscard {
  static final String EVENT = "discarded";
  private final Path workspace;
  private final ConnectionSpec targetOverride;

  RunDiscard(Path workspace, ConnectionSpec targetOverride) {
    this.workspace = workspace;
    this.targetOverride = targetOverride;
  }

  DiscardPlan plan(String runId) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      RunRecord run = discardable(j, runId);
      MigrationPlan plan = PlanFile.fromYaml(run.planYaml());
      String schema = plan.target().schema();
      boolean createdSchema = !j.events(runId, "schema-created", true).isEmpty();
      Set<String> created = j.events(runId, "created", true);
      List<String> types = new ArrayList<>();
      List<String> views = new ArrayList<>();
      for (LedgerEntry e : Ledger.read(j, runId)) {
        if (e.state() != ObjectState.CREATED && e.state() != ObjectState.TRANSLATED) {
          continue;
        }
        String type = typeName(e.object());
        if (type != null && !types.contains(type)) {
          types.add(type);
        }
        String view = viewName(e.object());
        if (view != null && !views.contains(view)) {
          views.add(view);
        }
      }
      try (Connection c = target(plan).open()) {
        List<String> tables = new ArrayList<>();
        for (String t : new TreeSet<>(created)) {
          if (exists(c, "SELECT to_regclass(?) IS NOT NULL", Identifiers.qualified(schema, t))) {
            tables.add(t);
          }
        }
        List<String> existingTypes = new ArrayList<>();
        for (String t : types) {
          if (exists(c, "SELECT to_regtype(?) IS NOT NULL", Identifiers.qualified(schema, t))) {
            existingTypes.add(t);
          }
        }
        List<String> existingViews = new ArrayList<>();
        for (String v : views) {
          if (exists(c, "SELECT to_regclass(?) IS NOT NULL", Identifiers.qualified(schema, v))) {
            existingViews.add(v);
          }
        }
        List<String> own = new ArrayList<>(tables);
        own.addAll(existingViews);
        own.addAll(existingTypes);
        boolean schemaThere = dev.ferry.engine.schema.TargetPolicy.schemaExists(c, schema);
        return new DiscardPlan(
            runId,
            c.getCatalog() + "." + schema,
            schema,
            createdSchema && schemaThere,
            tables,
            existingViews,
            existingTypes,
            dependents(c, schema, tables, own, createdSchema && schemaThere));
      }
    }
  }

  /** Drops what the plan says, in one transaction, then closes the run in the journal. */
  void discard(DiscardPlan d, String by) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      RunRecord run = discardable(j, d.runId());
      MigrationPlan plan = PlanFile.fromYaml(run.planYaml());
      DiscardPlan now = plan(d.runId());
      if (!now.equals(d)) {
        throw new FerryException(
            "The target changed since the discard was planned; nothing was dropped. Look again:\n"
                + now.describe());
      }
      try (Connection c = target(plan).open()) {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
          st.execute("SET LOCAL lock_timeout = '10s'");
          if (d.dropSchema()) {
            st.execute("DROP SCHEMA " + Identifiers.quote(d.schema()) + " CASCADE");
          } else {
            if (!d.tables().isEmpty()) {
              List<String> names =
                  d.tables().stream().map(t -> Identifiers.qualified(d.schema(), t)).toList();
              st.execute("DROP TABLE " + String.join(", ", names) + " CASCADE");
            }
            for (String t : d.types()) {
              st.execute("DROP TYPE IF EXISTS " + Identifiers.qualified(d.schema(), t));
            }
          }
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw new FerryException(
              "Discarding run "
                  + d.runId()
                  + " failed; nothing was dropped: "
                  + FerryException.describe(e),
              e);
        }
        c.setAutoCommit(true);
        if (exists(c, "SELECT to_regclass(?) IS NOT NULL", Checkpoints.SCHEMA + ".copied_chunks")) {
          Checkpoints.clear(c, d.runId());
        }
      }
      j.event(d.runId(), EVENT, d.runId(), "discarded by " + by + ": " + d.describe());
    }
  }

  private RunRecord discardable(RunJournal j, String runId) throws SQLException {
    RunRecord run =
        j.run(runId).orElseThrow(() -> new FerryException("No run " + runId + " in the journal"));
    if (!j.events(runId, EVENT, true).isEmpty()) {
      throw new FerryException("Run " + runId + " was discarded already");
    }
    if (!run.status().isResumable()
        || (run.status().name().equals("RUNNING") && !run.isAbandoned())) {
      throw new FerryException(
          "Run "
              + runId
              + " is "
              + run.status()
              + ": only a failed or interrupted run is discarded");
    }
    return run;
  }

  private ConnectionSpec target(MigrationPlan plan) {
    return targetOverride != null ? targetOverride : ConnectionSpec.parse(plan.target().url());
  }

  /** "enum type X…" / "domain X…" of the ledger: the type's name, unquoted; else null. */
  static String typeName(String object) {
    String rest;
    if (object.startsWith("enum type ")) {
      rest = object.substring("enum type ".length());
    } else if (object.startsWith("domain ")) {
      rest = object.substring("domain ".length());
    } else {
      return null;
    }
    if (rest.startsWith("\"")) {
      int end = rest.indexOf('"', 1);
      while (end > 0 && end + 1 < rest.length() && rest.charAt(end + 1) == '"') {
        end = rest.indexOf('"', end + 2);
      }
      return end < 0 ? null : rest.substring(1, end).replace("\"\"", "\"");
    }
    int space = rest.indexOf(' ');
    return space < 0 ? rest : rest.substring(0, space);
  }

  /**
   * "view X (from …)" / "materialized view X (from …)" of the ledger: the view's name; else null.
   */
  static String viewName(String object) {
    String rest;
    if (object.startsWith("view ")) {
      rest = object.substring("view ".length());
    } else if (object.startsWith("materialized view ")) {
      rest = object.substring("materialized view ".length());
    } else {
      return null;
    }
    int from = rest.lastIndexOf(" (from ");
    return from < 0 ? rest : rest.substring(0, from);
  }

  /** Objects outside the run's own (tables, views) that a CASCADE would drop with its tables. */
  private static List<String> dependents(
      Connection c, String schema, List<String> tables, List<String> own, boolean wholeSchema)
      throws SQLException {
    List<String> out = new ArrayList<>();
    if (wholeSchema) {
      return othersIn(c, schema, own);
    }
    if (tables.isEmpty()) {
      return out;
    }
    String sql =
        "SELECT DISTINCT COALESCE(v.relkind::text, 'c') AS kind,"
            + " COALESCE(v.relnamespace::regnamespace::text || '.' || v.relname,"
            + "   con.conname || ' on ' || con.conrelid::regclass::text) AS what"
            + " FROM pg_depend d"
            + " JOIN pg_class t ON t.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass"
            + " LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid"
            + " LEFT JOIN pg_class v ON v.oid = r.ev_class"
            + " LEFT JOIN pg_constraint con ON d.classid = 'pg_constraint'::regclass"
            + "   AND con.oid = d.objid AND con.conrelid <> t.oid"
            + " WHERE t.relnamespace = ?::regnamespace AND t.relname = ANY (?)"
            + "   AND d.deptype = 'n'"
            + "   AND (v.oid IS NOT NULL AND v.oid <> t.oid AND NOT (v.relnamespace = t.relnamespace"
            + "        AND v.relname = ANY (?))"
            + "     OR con.oid IS NOT NULL AND NOT (con.conrelid IN"
            + "        (SELECT oid FROM pg_class WHERE relnamespace = t.relnamespace AND relname = ANY (?))))"
            + " ORDER BY 2";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, Identifiers.quote(schema));
      ps.setArray(2, c.createArrayOf("text", tables.toArray()));
      ps.setArray(3, c.createArrayOf("text", own.toArray()));
      ps.setArray(4, c.createArrayOf("text", tables.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String kind =
              switch (rs.getString(1)) {
                case "v" -> "view ";
                case "m" -> "materialized view ";
                case "c" -> "foreign key ";
                default -> "";
              };
          out.add(kind + rs.getString(2));
        }
      }
    }
    return out;
  }

  /** Tables, views and types in a schema the run made that are not the run's own. */
  private static List<String> othersIn(Connection c, String schema, List<String> own)
      throws SQLException {
    List<String> out = new ArrayList<>();
    String sql =
        "SELECT CASE relkind WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view '"
            + " WHEN 'f' THEN 'foreign table ' ELSE 'table ' END || ? || '.' || relname"
            + " FROM pg_class WHERE relnamespace = ?::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'f')"
            + " AND NOT relname = ANY (?) AND NOT relispartition"
            + " UNION ALL SELECT CASE typtype WHEN 'e' THEN 'enum type ' ELSE 'domain ' END || ? || '.' || typname"
            + " FROM pg_type WHERE typnamespace = ?::regnamespace AND typtype IN ('e', 'd')"
            + " AND NOT typname = ANY (?)"
            + " ORDER BY 1";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schema);
      ps.setString(2, Identifiers.quote(schema));
      ps.setArray(3, c.createArrayOf("text", own.toArray()));
      ps.setString(4, schema);
      ps.setString(5, Identifiers.quote(schema));
      ps.setArray(6, c.createArrayOf("text", own.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static boolean exists(Connection c, String sql, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }
}
