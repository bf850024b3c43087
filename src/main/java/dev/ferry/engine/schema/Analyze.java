package dev.ferry.engine.schema;

import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/** ANALYZE of every target table, so the planner's first queries on the new data are sound. */
public final class Analyze {
  private Analyze() {}

  /**
   * Analyzes every target table but those in {@code done} (analyzed as soon as their keys were
   * built); returns the number of tables analyzed now.
   */
  public static int run(Connection admin, MigrationPlan plan, Set<String> done)
      throws SQLException {
    int n = 0;
    for (TablePlan tp : plan.targetTables()) {
      if (!done.contains(tp.target())) {
        table(admin, plan, tp.target());
        n++;
      }
    }
    return n;
  }

  /** ANALYZE of one target table. */
  public static void table(Connection c, MigrationPlan plan, String target) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("ANALYZE " + Identifiers.qualified(plan.target().schema(), target));
    }
  }
}
