package dev.ferry.engine.assess;

import java.util.List;

/**
 * What the pre-checks found: the inventory with its totals, the dependency levels, the findings and
 * (for {@code ferry assess}) a data profile of every column.
 */
public record Assessment(
    List<TableInventory> tables,
    Totals totals,
    List<List<String>> cycles,
    List<Finding> findings,
    List<ColumnStats> columns,
    Estimate estimate) {

  /** Totals over all sources, like seed 004's inventory table. */
  public record Totals(int sources, int tables, long rows, long sizeBytes) {}

  public long blockers() {
    return findings.stream().filter(f -> f.severity() == Severity.BLOCKER).count();
  }
}
