package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.plan.TablePlan;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Several sources into one target: table names that collide, whether the colliding tables have the
 * same columns, and the resolution the plan records (a prefix, or a merge into one table).
 */
final class ConflictCheck implements Check {
  @Override
  public void run(AssessmentContext ctx, List<Finding> out) {
    List<TablePlan> tables = ctx.plan().includedTables();
    for (TablePlan tp : tables) {
      List<TablePlan> into = ctx.plan().loadingInto(tp.target());
      boolean merged = into.size() > 1 && into.get(0) != tp;
      if (tp.resolution() == null && !merged) {
        continue;
      }
      if (merged) {
        out.add(
            new Finding(
                "name-merge",
                Severity.INFO,
                tp.id().label(),
                "table name '"
                    + tp.name()
                    + "' is used by more than one source: loaded with "
                    + into.get(0).id().label()
                    + " into one table, '"
                    + tp.target()
                    + "'.",
                "Keep the merge (its keys are checked for overlaps), or give this table its own"
                    + " target name in the plan."));
        continue;
      }
      TablePlan first =
          tables.stream()
              .filter(o -> o != tp && o.target().equals(tp.name().toLowerCase(Locale.ROOT)))
              .findFirst()
              .orElse(null);
      boolean same = false;
      String columns = "";
      if (first != null) {
        Table a = ctx.table(first).orElse(null);
        Table b = ctx.table(tp).orElse(null);
        same = a != null && b != null && sameColumns(a, b) && first.sameTargetColumns(tp.columns());
        columns =
            same
                ? " The two tables have the same columns and types, so they could also be merged."
                : " The two tables differ in their columns or types, so they cannot be merged.";
      }
      out.add(
          new Finding(
              "name-collision",
              Severity.WARNING,
              tp.id().label(),
              "table name '"
                  + tp.name()
                  + "' is used by more than one source: "
                  + tp.resolution()
                  + " → "
                  + tp.target()
                  + "."
                  + columns,
              same
                  ? "Keep the prefix, merge them into one table (plan with --name-conflicts merge,"
                      + " or give this table the target name '"
                      + first.target()
                      + "' in the plan), or choose another target name."
                  : "Keep the prefix, or set another target name for this table in the plan."));
    }
  }

  private static boolean sameColumns(Table a, Table b) {
    if (a.columns().size() != b.columns().size()) {
      return false;
    }
    for (int i = 0; i < a.columns().size(); i++) {
      Column x = a.columns().get(i);
      Column y = b.columns().get(i);
      if (!x.name().equalsIgnoreCase(y.name()) || !Objects.equals(x.baseType(), y.baseType())) {
        return false;
      }
    }
    return true;
  }
}
