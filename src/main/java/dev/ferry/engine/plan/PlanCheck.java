package dev.ferry.engine.plan;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.core.RefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses a plan that no longer matches its sources: a table or column gone, a declared type
 * changed, a new column the plan does not map. Every difference is listed, not just the first.
 */
public final class PlanCheck {
  private PlanCheck() {}

  public static void requireMatches(MigrationPlan plan, Map<String, SourceCatalog> catalogs) {
    // several tables loading into one target table (a merge) must agree on its columns
    List<String> problems = new ArrayList<>();
    for (TablePlan tp : plan.includedTables()) {
      SourceCatalog cat = catalogs.get(tp.source());
      if (cat == null) {
        problems.add("source '" + tp.source() + "' of table " + tp.name() + " is not connected");
        continue;
      }
      Optional<Table> t = cat.table(tp.id());
      if (t.isEmpty()) {
        problems.add("table " + tp.id().label() + " no longer exists in the source");
        continue;
      }
      for (ColumnPlan cp : tp.columns()) {
        Optional<Column> c = t.get().column(cp.name());
        if (c.isEmpty()) {
          problems.add(
              "column " + tp.id().label() + "." + cp.name() + " no longer exists in the source");
        } else if (cp.sourceType() != null
            && !cp.sourceType().equalsIgnoreCase(c.get().declaredType())) {
          problems.add(
              "column "
                  + tp.id().label()
                  + "."
                  + cp.name()
                  + " changed type from "
                  + cp.sourceType()
                  + " to "
                  + c.get().declaredType());
        }
      }
      for (Column c : t.get().columns()) {
        if (tp.column(c.name()).isEmpty()) {
          problems.add(
              "column "
                  + tp.id().label()
                  + "."
                  + c.name()
                  + " is new in the source and not in the plan");
        }
      }
    }
    for (TablePlan lead : plan.targetTables()) {
      for (TablePlan other : plan.loadingInto(lead.target())) {
        if (other != lead && !lead.sameTargetColumns(other.columns())) {
          problems.add(
              "tables "
                  + lead.id().label()
                  + " and "
                  + other.id().label()
                  + " both load into '"
                  + lead.target()
                  + "' but their target columns differ (names, types or order must be the same to"
                  + " merge); give one of them another target name");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new RefusedException(
          "The plan no longer matches the source:\n  - "
              + String.join("\n  - ", problems)
              + "\nRegenerate it with 'ferry plan' or edit it to match.");
    }
  }
}
