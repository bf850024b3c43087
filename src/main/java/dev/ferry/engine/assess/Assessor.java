package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.ForeignKeyLevels;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.plan.TablePlan;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs every pre-check and assembles the {@link Assessment}. */
public final class Assessor {
  private static final List<Check> CHECKS =
      List.of(
          new InventoryCheck(),
          new DependencyCheck(),
          new ConflictCheck(),
          new KeyCheck(),
          new OrphanCheck(),
          new DataRiskCheck(),
          new ReadinessCheck(),
          new TargetColumnsCheck(),
          new SchemaRehearsal());

  private Assessor() {}

  public static Assessment assess(AssessmentContext ctx) throws SQLException {
    return assess(ctx, false);
  }

  /**
   * With {@code blockersOnly}, runs only the checks that can find a BLOCKER (the pre-flight of
   * migrate).
   */
  public static Assessment assess(AssessmentContext ctx, boolean blockersOnly) throws SQLException {
    long started = System.nanoTime();
    List<Finding> findings = new ArrayList<>();
    for (Check c : CHECKS) {
      if (!blockersOnly || c.canBlock()) {
        c.run(ctx, findings);
      }
    }
    findings.sort(Comparator.comparing(Finding::severity));
    List<TableInventory> tables = new ArrayList<>();
    List<List<String>> cycles = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    for (SourceCatalog cat : ctx.catalogs().values()) {
      ForeignKeyLevels levels = new ForeignKeyLevels(cat.tables());
      for (List<TableId> cycle : levels.cycles()) {
        cycles.add(cycle.stream().map(TableId::label).toList());
      }
      for (Table t : cat.tables()) {
        String target =
            ctx.plan().tables().stream()
                .filter(tp -> tp.id().equals(t.id()))
                .map(TablePlan::target)
                .findFirst()
                .orElse(null);
        tables.add(
            new TableInventory(
                cat.source(),
                t.id().schema(),
                t.name(),
                target,
                t.rows(),
                t.sizeBytes(),
                t.columns().size(),
                t.primaryKey() != null,
                levels.level(t.id()),
                levels.references(t.id()).stream().map(TableId::label).toList(),
                levels.selfReferencing().contains(t.id())));
        rows += t.rows();
        bytes += Math.max(0, t.sizeBytes());
      }
    }
    return new Assessment(
        tables,
        new Assessment.Totals(ctx.catalogs().size(), tables.size(), rows, bytes),
        cycles,
        findings,
        blockersOnly ? List.of() : ProfileCheck.profile(ctx),
        blockersOnly ? null : EstimateProbe.estimate(ctx, (System.nanoTime() - started) / 1e9));
  }
}
