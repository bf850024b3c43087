package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.ForeignKey;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.plan.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Orphan rows for declared foreign keys: SQLite does not enforce foreign keys unless the
 * application turns them on, so its files often hold rows whose parent is gone.
 */
final class OrphanCheck implements Check {
  @Override
  public void run(AssessmentContext ctx, List<Finding> out) throws SQLException {
    for (AssessmentContext.PlannedTable pt : ctx.plannedTables()) {
      TablePlan tp = pt.plan();
      Table t = pt.table();
      Connection c = pt.connection();
      Dialect d = pt.dialect();
      for (ForeignKey fk : t.foreignKeys()) {
        orphans(ctx, c, d, t, fk, out);
      }
    }
  }

  private static void orphans(
      AssessmentContext ctx, Connection c, Dialect d, Table t, ForeignKey fk, List<Finding> out)
      throws SQLException {
    Table parent = ctx.catalogs().get(t.id().source()).parentOf(fk).orElse(null);
    List<String> refCols = parent == null ? List.of() : fk.parentColumns(parent);
    if (parent == null || refCols.size() != fk.columns().size()) {
      out.add(
          new Finding(
              "fk-target-missing",
              Severity.WARNING,
              t.id().label(),
              "foreign key ("
                  + String.join(", ", fk.columns())
                  + ") references "
                  + fk.references().name()
                  + ", which is not in the source",
              "The foreign key will not be created."));
      return;
    }
    long n = d.countOrphans(c, t, fk, parent, refCols);
    if (n > 0) {
      out.add(
          new Finding(
              "orphan-rows",
              Severity.WARNING,
              t.id().label() + "(" + String.join(", ", fk.columns()) + ")",
              n + " rows reference a " + parent.name() + " row that does not exist",
              "Fix or delete the orphans in the source; otherwise they load and the foreign key is created NOT VALID"
                  + " (validation reports them)."));
    }
  }
}
