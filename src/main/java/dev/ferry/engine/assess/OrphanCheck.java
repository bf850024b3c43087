package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.ForeignKey;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.plan.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

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
    Table parent =
        ctx.catalogs().get(t.id().source()).tables().stream()
            .filter(
                p ->
                    p.id().name().equalsIgnoreCase(fk.references().name())
                        && Objects.equals(p.id().schema(), fk.references().schema()))
            .findFirst()
            .orElse(null);
    List<String> refCols =
        fk.referencedColumns().isEmpty() && parent != null && parent.primaryKey() != null
            ? parent.primaryKey().columns()
            : fk.referencedColumns();
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
    StringBuilder sql =
        new StringBuilder("SELECT count(*) FROM ").append(d.qualifiedName(t)).append(" c WHERE ");
    for (String col : fk.columns()) {
      sql.append("c.").append(d.quote(col)).append(" IS NOT NULL AND ");
    }
    sql.append("NOT EXISTS (SELECT 1 FROM ").append(d.qualifiedName(parent)).append(" p WHERE ");
    for (int i = 0; i < refCols.size(); i++) {
      sql.append(i == 0 ? "" : " AND ")
          .append("p.")
          .append(d.quote(refCols.get(i)))
          .append(" = c.")
          .append(d.quote(fk.columns().get(i)));
    }
    sql.append(')');
    long n = KeyCheck.count(c, sql.toString());
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

  private static String unusedColumnList(Dialect d, List<String> cols) {
    StringBuilder sb = new StringBuilder();
    for (String c : cols) {
      sb.append(sb.isEmpty() ? "" : ", ").append(d.quote(c));
    }
    return sb.toString();
  }
}
