package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the checks look at: the plan, every source's catalog, dialect and an open read-only
 * connection, and the target (connection and spec), which may be absent.
 */
public record AssessmentContext(
    MigrationPlan plan,
    Map<String, SourceCatalog> catalogs,
    Map<String, Dialect> dialects,
    Map<String, Connection> sources,
    Map<String, ConnectionSpec> sourceSpecs,
    Connection target,
    boolean integrityLater) {

  /** A context whose assessment runs every check, the sources' integrity included. */
  public AssessmentContext(
      MigrationPlan plan,
      Map<String, SourceCatalog> catalogs,
      Map<String, Dialect> dialects,
      Map<String, Connection> sources,
      Map<String, ConnectionSpec> sourceSpecs,
      Connection target) {
    this(plan, catalogs, dialects, sources, sourceSpecs, target, false);
  }

  /** An included table with what a check needs to query it. */
  public record PlannedTable(TablePlan plan, Table table, Connection connection, Dialect dialect) {}

  /**
   * The plan's included tables found in their source, each with its source's connection and
   * dialect.
   */
  public List<PlannedTable> plannedTables() {
    List<PlannedTable> out = new ArrayList<>();
    for (TablePlan tp : plan.includedTables()) {
      Table t = table(tp).orElse(null);
      Connection c = sources.get(tp.source());
      if (t != null && c != null) {
        out.add(new PlannedTable(tp, t, c, dialects.get(tp.source())));
      }
    }
    return out;
  }

  public Optional<Table> table(TablePlan tp) {
    SourceCatalog c = catalogs.get(tp.source());
    return c == null ? Optional.empty() : c.table(tp.id());
  }
}
