package dev.ferry.engine.assess;

import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.schema.Ddl;
import dev.ferry.engine.schema.DdlRunner;
import dev.ferry.engine.schema.SchemaBuilder;
import dev.ferry.engine.schema.SchemaScript;
import dev.ferry.engine.schema.TargetPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rehearses the plan's whole target DDL — schema, types, tables, keys, indexes, checks, foreign
 * keys, triggers, views — in one transaction on the target that is always rolled back. Every
 * statement PostgreSQL refuses is a BLOCKER naming the object, the SQL and the reason, so a plan
 * that cannot be created is refused before a row moves instead of failing half-way.
 */
final class SchemaRehearsal implements Check {
  static final String ID = "schema-rehearsal";

  @Override
  public boolean canBlock() {
    return true;
  }

  @Override
  public void run(AssessmentContext ctx, List<Finding> out) throws SQLException {
    Connection target = ctx.target();
    if (target == null) {
      return;
    }
    MigrationPlan plan = ctx.plan();
    if (plan.settings().ifExists() == IfExists.FAIL
        && !TargetPolicy.existingTables(target, plan).isEmpty()) {
      // the run refuses anyway (target-tables-exist); rehearsing beside those tables would only
      // report what follows from them
      out.add(
          new Finding(
              ID,
              Severity.INFO,
              "target",
              "The schema was not rehearsed: planned tables already exist in the target schema.",
              "Decide about the existing tables first (--if-exists, another --target-schema), then"
                  + " assess again."));
      return;
    }
    SchemaScript script = new SchemaBuilder(plan, ctx.catalogs(), warning -> {}).build();
    boolean autoCommit = target.getAutoCommit();
    target.setAutoCommit(false);
    try (Statement st = target.createStatement()) {
      // it only creates new objects; never wait long behind the application's locks
      st.execute("SET LOCAL lock_timeout = '5s'");
      // as the run's sessions see it: the target schema first (unqualified types resolve there)
      st.execute(
          "SET LOCAL search_path = " + Identifiers.quote(plan.target().schema()) + ", public");
      Set<String> existing = new HashSet<>(TargetPolicy.existingTables(target, plan));
      List<Ddl> ddl = new ArrayList<>(script.prelude());
      ddl.addAll(script.tables().stream().filter(d -> !existing.contains(d.table())).toList());
      for (List<Ddl> group :
          List.of(
              script.keys(),
              script.indexes(),
              script.checks(),
              script.foreignKeys(),
              script.triggers())) {
        ddl.addAll(group.stream().filter(d -> !existing.contains(d.table())).toList());
      }
      ddl.addAll(script.views());
      for (Ddl d : ddl) {
        rehearse(target, st, d, out);
      }
    } finally {
      target.rollback();
      target.setAutoCommit(autoCommit);
    }
  }

  private static void rehearse(Connection target, Statement st, Ddl d, List<Finding> out)
      throws SQLException {
    Savepoint before = target.setSavepoint();
    try {
      for (String sql : d.statements()) {
        st.execute(sql);
      }
      target.releaseSavepoint(before);
    } catch (SQLException e) {
      target.rollback(before);
      if (DdlRunner.isAlreadyThere(e)) {
        return; // e.g. a type the target has already: the run keeps it too
      }
      out.add(
          new Finding(
              ID,
              Severity.BLOCKER,
              object(d),
              "PostgreSQL refuses "
                  + d.description()
                  + ": "
                  + FerryException.describe(e)
                  + "\nSQL: "
                  + d.sql(),
              remedy(d)));
    }
  }

  /** The object as a waiver names it: its kind and name, without the notes in brackets. */
  static String object(Ddl d) {
    return d.description().replaceFirst("\\s*\\(.*$", "");
  }

  private static String remedy(Ddl d) {
    String what = d.description();
    if (what.startsWith("table ")) {
      return "Change the column's type, transform or default in the plan (ferry plan … -o plan.yaml,"
          + " or the console's Plan step), then assess again.";
    }
    if (what.startsWith("view ")) {
      return "Recreate the view on the target after the migration, or waive this finding to"
          + " migrate without it (the run then records it as FAILED).";
    }
    return "Fix the plan (a cast rule or a column override), or waive this finding to migrate"
        + " without it (the run then records it as FAILED).";
  }
}
