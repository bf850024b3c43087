package dev.ferry.engine.plan;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The source defaults a plan leaves out because they have no PostgreSQL equivalent for the column's
 * target type: read again from the source's catalog and the plan's columns (so a type changed in
 * the plan is judged by its new type), for the run's warnings and the assessment's findings. A
 * default the plan sets itself, or an identity, is not dropped.
 */
public final class DroppedDefaults {
  /**
   * One dropped default: the target table and column, the source column, and the source default
   * with the reason.
   */
  public record Dropped(String table, String column, String sourceColumn, String sourceDefault) {
    public String message() {
      return "default of "
          + table
          + "."
          + column
          + " dropped: "
          + sourceDefault
          + " has no PostgreSQL equivalent; the column has no default on the target";
    }
  }

  private DroppedDefaults() {}

  /** Those of every table the plan creates (a merged table's defaults are its first source's). */
  public static List<Dropped> of(MigrationPlan plan, Map<String, SourceCatalog> catalogs) {
    List<Dropped> out = new ArrayList<>();
    for (TablePlan tp : plan.targetTables()) {
      SourceCatalog cat = catalogs.get(tp.source());
      Optional<Table> t = cat == null ? Optional.empty() : cat.table(tp.id());
      t.ifPresent(table -> out.addAll(of(Dialects.of(cat.kind()), table, tp)));
    }
    return out;
  }

  public static List<Dropped> of(Dialect dialect, Table table, TablePlan tp) {
    List<Dropped> out = new ArrayList<>();
    for (ColumnPlan cp : tp.columns()) {
      Column c = table.column(cp.name()).orElse(null);
      if (c == null || c.defaultExpr() == null || cp.identity() || cp.defaultExpr() != null) {
        continue;
      }
      List<String> untranslated = new ArrayList<>();
      dialect.targetDefault(c, cp, untranslated);
      for (String u : untranslated) {
        out.add(new Dropped(tp.target(), cp.target(), cp.name(), u));
      }
    }
    return out;
  }
}
