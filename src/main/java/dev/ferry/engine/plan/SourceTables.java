package dev.ferry.engine.plan;

import dev.ferry.engine.catalog.ForeignKeyLevels;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A plan with the sources' catalogs it was checked against: each planned table's source table. */
public record SourceTables(MigrationPlan plan, Map<String, SourceCatalog> catalogs) {
  public SourceTables {
    catalogs = Map.copyOf(catalogs);
  }

  /** The source table a planned table reads. */
  public Table table(TablePlan tp) {
    return catalogs.get(tp.source()).table(tp.id()).orElseThrow();
  }

  /** Rows of every included table, as the catalogs counted (or estimated) them. */
  public long totalRows() {
    long n = 0;
    for (TablePlan tp : plan.includedTables()) {
      n += table(tp).rows();
    }
    return n;
  }

  /** The foreign-key levels of the included tables. */
  public ForeignKeyLevels levels() {
    List<Table> tables = new ArrayList<>();
    for (TablePlan tp : plan.includedTables()) {
      tables.add(table(tp));
    }
    return new ForeignKeyLevels(tables);
  }
}
