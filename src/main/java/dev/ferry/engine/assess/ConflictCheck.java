package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.plan.TablePlan;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Several sources into one target: table names that collide, and whether the colliding tables have
 * the same columns. The resolution (prefixing with the source name) is recorded in the plan.
 */
final class ConflictCheck implements Check {
  @Override
  public void run(AssessmentContext ctx, List<Finding> out) {
    List<TablePlan> tables = ctx.plan().includedTables();
    for (TablePlan tp : tables) {
      if (tp.resolution() == null) {
        continue;
      }
      TablePlan first =
          tables.stream()
              .filter(o -> o != tp && o.target().equals(tp.name().toLowerCase(Locale.ROOT)))
              .findFirst()
              .orElse(null);
      String same = "";
      if (first != null) {
        Table a = ctx.table(first).orElse(null);
        Table b = ctx.table(tp).orElse(null);
        same =
            a != null && b != null && sameColumns(a, b)
                ? " The two tables have the same columns and types."
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
                  + same,
              "Keep the prefix, or set another target name for this table in the plan."));
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
