package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.dialect.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * NULLs in primary-key columns, which SQLite allows (for keys other than the rowid) and PostgreSQL
 * refuses. Duplicates are not looked for: SQLite, MySQL and PostgreSQL all enforce the keys they
 * declare, so a source key cannot hold duplicates that PostgreSQL would refuse.
 */
final class KeyCheck implements Check {
  @Override
  public boolean canBlock() {
    return true;
  }

  @Override
  public void run(AssessmentContext ctx, List<Finding> out) throws SQLException {
    for (AssessmentContext.PlannedTable pt : ctx.plannedTables()) {
      Table t = pt.table();
      Dialect d = pt.dialect();
      if (t.primaryKey() == null) {
        continue;
      }
      StringBuilder nulls = new StringBuilder();
      for (String col : t.primaryKey().columns()) {
        if (t.column(col).map(Column::nullable).orElse(false)) {
          nulls.append(nulls.isEmpty() ? "" : " OR ").append(d.quote(col)).append(" IS NULL");
        }
      }
      if (nulls.isEmpty()) {
        continue;
      }
      long n =
          count(pt.connection(), "SELECT count(*) FROM " + d.qualifiedName(t) + " WHERE " + nulls);
      if (n > 0) {
        out.add(
            new Finding(
                "null-in-key",
                Severity.BLOCKER,
                t.id().label() + "(" + String.join(", ", t.primaryKey().columns()) + ")",
                n
                    + " rows have NULL in the primary key (SQLite allows it; PostgreSQL does not): the primary key cannot be created",
                "Fill or delete those rows in the source, or waive this finding to load them without the primary key."));
      }
    }
  }

  static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
