package dev.ferry.engine.assess;

import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.schema.Ddl;
import dev.ferry.engine.schema.Rehearsal;
import dev.ferry.engine.schema.SchemaBuilder;
import dev.ferry.engine.schema.SchemaScript;
import dev.ferry.engine.schema.TargetPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

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
    for (Rehearsal.Outcome o : Rehearsal.run(target, plan, script)) {
      if (!o.ok()) {
        Ddl d = o.ddl();
        out.add(
            new Finding(
                ID,
                Severity.BLOCKER,
                object(d),
                "PostgreSQL refuses " + d.description() + ": " + o.error() + "\nSQL: " + d.sql(),
                remedy(d)));
      }
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
