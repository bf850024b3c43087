package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.SchemaObjects;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.plan.TablePlan;
import java.util.List;

/**
 * Per source, what is there (and, for PostgreSQL, which of its other objects are carried and which
 * are not); per table, whether it has a key validation can name rows by.
 */
final class InventoryCheck implements Check {
  @Override
  public void run(AssessmentContext ctx, List<Finding> out) {
    for (SourceCatalog cat : ctx.catalogs().values()) {
      long rows = cat.tables().stream().mapToLong(Table::rows).sum();
      long bytes = cat.tables().stream().mapToLong(t -> Math.max(t.sizeBytes(), 0)).sum();
      out.add(
          new Finding(
              "inventory",
              Severity.INFO,
              cat.source(),
              cat.kind().id()
                  + " "
                  + cat.serverVersion()
                  + ": "
                  + cat.tables().size()
                  + " tables, "
                  + rows
                  + " rows, "
                  + (bytes / (1024 * 1024))
                  + " MB, "
                  + cat.views().size()
                  + " views"
                  + objects(cat.objects()),
              null));
      for (SchemaObjects.NotCarried n : cat.objects().notCarried()) {
        out.add(
            new Finding(
                "not-carried",
                Severity.WARNING,
                cat.source() + ": " + n.object(),
                "is not carried to the target: " + n.reason(),
                "Make it on the target by hand after the migration (it is listed in the run's ledger"
                    + " as NOT_CARRIED)."));
      }
    }
    for (TablePlan tp : ctx.plan().includedTables()) {
      Table t = ctx.table(tp).orElse(null);
      if (t != null && t.primaryKey() == null) {
        out.add(
            new Finding(
                "no-primary-key",
                Severity.WARNING,
                t.id().label(),
                "has no primary key: validation still compares row counts and checksums of every value, but cannot"
                    + " name the rows that differ"
                    + (t.splitKey() == null ? ", and the table loads as one chunk" : ""),
                "Add a primary key in the source (or on the target after the load) if rows must be traced one by one."));
      }
    }
  }

  private static String objects(SchemaObjects o) {
    StringBuilder sb = new StringBuilder();
    count(sb, o.sequences().size(), "standalone sequences");
    count(sb, o.routines().size(), "functions/procedures");
    count(sb, o.triggers().size(), "triggers");
    count(sb, o.materializedViews().size(), "materialized views");
    count(sb, o.policies().size(), "policies");
    count(sb, o.comments().size(), "comments");
    count(sb, o.grants().size(), "privileges");
    return sb.toString();
  }

  private static void count(StringBuilder sb, int n, String what) {
    if (n > 0) {
      sb.append(", ").append(n).append(' ').append(what);
    }
  }
}
