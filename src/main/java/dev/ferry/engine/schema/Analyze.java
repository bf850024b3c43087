package dev.ferry.engine.schema;

import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** ANALYZE of every target table, so the planner's first queries on the new data are sound. */
public final class Analyze {
  private Analyze() {}

  /** Returns the number of tables analyzed. */
  public static int run(Connection admin, MigrationPlan plan) throws SQLException {
    int n = 0;
    for (TablePlan tp : plan.targetTables()) {
      try (Statement st = admin.createStatement()) {
        st.execute("ANALYZE " + Identifiers.qualified(plan.target().schema(), tp.target()));
      }
      n++;
    }
    return n;
  }
}
