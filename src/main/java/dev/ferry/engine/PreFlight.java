package dev.ferry.engine;

import dev.ferry.engine.assess.Assessment;
import dev.ferry.engine.assess.AssessmentContext;
import dev.ferry.engine.assess.Assessor;
import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanCheck;
import dev.ferry.engine.plan.SourceRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pre-flight of a plan: its assessment on the live sources and target, and the gate that
 * refuses to write anything while a BLOCKER is open.
 */
final class PreFlight {
  private PreFlight() {}

  /**
   * Refuses to go on while a BLOCKER of the plan's assessment is neither fixed nor waived in the
   * plan (with a reason). Every open blocker is listed with its remedy.
   */
  static void requireNoOpenBlockers(MigrationPlan plan, Assessment a) {
    List<Finding> open =
        a.findings().stream()
            .filter(f -> f.severity() == Severity.BLOCKER)
            .filter(f -> plan.waivers().stream().noneMatch(w -> w.covers(f.id(), f.object())))
            .toList();
    if (!open.isEmpty()) {
      StringBuilder sb =
          new StringBuilder(
              open.size()
                  + " blocker"
                  + (open.size() == 1 ? " is" : "s are")
                  + " open, so nothing was written:");
      for (var f : open) {
        sb.append("\n  - [")
            .append(f.id())
            .append("] ")
            .append(f.object())
            .append(": ")
            .append(f.message());
        if (f.remedy() != null) {
          sb.append("\n    → ").append(f.remedy());
        }
      }
      sb.append(
          "\nFix them, or accept each one in the plan file under 'waivers:' (finding, object, reason, by).");
      throw new RefusedException(sb.toString());
    }
  }

  /**
   * The assessment of a plan with its sources' and target's connections ({@code t} may be null),
   * leaving the introspected catalogs in {@code catalogs}; with {@code blockersOnly} just the
   * checks that can block a run.
   */
  static Assessment assess(
      MigrationPlan plan,
      Map<String, ConnectionSpec> specs,
      ConnectionSpec t,
      boolean blockersOnly,
      Map<String, SourceCatalog> catalogs)
      throws SQLException {
    return assess(plan, specs, t, blockersOnly, catalogs, false, Map.of());
  }

  /**
   * A source's catalog read earlier, with the schema mark it was read at and when (a catalog's row
   * counts size the progress: one read long ago is read again).
   */
  record Known(SourceCatalog catalog, String mark, long atNanos) {
    static final long FRESH_NANOS = 60_000_000_000L;

    boolean fresh() {
      return System.nanoTime() - atNanos < FRESH_NANOS;
    }
  }

  /**
   * As above; with {@code integrityLater} the sources' whole-file integrity checks are left out
   * (the migration runs them beside its load: {@link SourceIntegrity}). With {@code blockersOnly}
   * (a run's pre-flight) the sources are read {@link Dialect#introspectForLoad for the load}, and a
   * source in {@code known} read in the last minute whose schema mark is still the same is not
   * introspected again.
   */
  static Assessment assess(
      MigrationPlan plan,
      Map<String, ConnectionSpec> specs,
      ConnectionSpec t,
      boolean blockersOnly,
      Map<String, SourceCatalog> catalogs,
      boolean integrityLater,
      Map<String, Known> known)
      throws SQLException {
    List<Connection> connections = new ArrayList<>();
    try {
      Map<String, Dialect> dialects = new LinkedHashMap<>();
      Map<String, Connection> open = new LinkedHashMap<>();
      for (SourceRef ref : plan.sources()) {
        ConnectionSpec spec = specs.get(ref.name());
        Connection c = Sessions.openSource(spec);
        connections.add(c);
        var d = Dialects.of(spec.kind());
        Known k = known.get(ref.name());
        if (blockersOnly && k != null && k.fresh() && k.mark().equals(d.schemaMark(c))) {
          // read moments ago and its schema unchanged since: not read twice
          catalogs.put(ref.name(), k.catalog());
        } else if (blockersOnly) {
          // a run's pre-flight: the tables' sizes are measured only if the free-space check
          // needs them
          catalogs.put(ref.name(), d.introspectForLoad(c, ref.name(), ref.schemas()));
        } else {
          catalogs.put(ref.name(), d.introspect(c, ref.name(), ref.schemas()));
        }
        dialects.put(ref.name(), d);
        open.put(ref.name(), c);
      }
      PlanCheck.requireMatches(plan, catalogs);
      Connection tc = null;
      if (t != null) {
        tc = t.open();
        connections.add(tc);
      }
      return Assessor.assess(
          new AssessmentContext(plan, catalogs, dialects, open, specs, tc, integrityLater),
          blockersOnly);
    } finally {
      Ferry.closeAll(connections);
    }
  }
}
