package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.ForeignKeyLevels;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.TableId;
import java.util.List;

/** The foreign-key graph in levels; cycles and self-references with the strategy Ferry uses. */
final class DependencyCheck implements Check {
  @Override
  public void run(AssessmentContext ctx, List<Finding> out) {
    for (SourceCatalog cat : ctx.catalogs().values()) {
      ForeignKeyLevels levels = new ForeignKeyLevels(cat.tables());
      StringBuilder sb = new StringBuilder();
      levels
          .byLevel()
          .forEach(
              (level, tables) ->
                  sb.append(sb.isEmpty() ? "" : "; ")
                      .append("level ")
                      .append(level)
                      .append(": ")
                      .append(tables.size())
                      .append(level == 0 ? " independent" : "")
                      .append(" tables"));
      out.add(
          new Finding(
              "fk-levels",
              Severity.INFO,
              cat.source(),
              "foreign-key levels (" + (levels.maxLevel() + 1) + "): " + sb,
              null));
      for (List<TableId> cycle : levels.cycles()) {
        out.add(
            new Finding(
                "fk-cycle",
                Severity.WARNING,
                cat.source(),
                "tables reference each other in a cycle: "
                    + String.join(" → ", cycle.stream().map(TableId::name).toList()),
                "Ferry loads the cycle's tables together and adds their foreign keys after the data (also with"
                    + " --load-order dependency)."));
      }
      for (TableId self : levels.selfReferencing()) {
        out.add(
            new Finding(
                "fk-self-reference",
                Severity.INFO,
                self.label(),
                "references itself (a parent row may come after its children)",
                "Ferry adds the self-referencing foreign key after the data, in every load order."));
      }
    }
  }
}
