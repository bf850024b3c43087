package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.plan.TablePlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * NULLs in primary-key columns, which SQLite allows (for keys other than the rowid) and PostgreSQL
 * refuses; and, for tables that several sources merge into one target table, key values present in
 * more than one of them. Duplicates within one table are not looked for: SQLite, MySQL and
 * PostgreSQL all enforce the keys they declare.
 */
final class KeyCheck implements Check {
  @Override
  public boolean canBlock() {
    return true;
  }

  @Override
  public void run(AssessmentContext ctx, List<Finding> out) throws SQLException {
    mergedKeys(ctx, out);
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

  /** Key values two merged source tables share: the merged table's primary key would fail. */
  private static void mergedKeys(AssessmentContext ctx, List<Finding> out) throws SQLException {
    for (TablePlan lead : ctx.plan().targetTables()) {
      List<TablePlan> members = ctx.plan().loadingInto(lead.target());
      if (members.size() < 2) {
        continue;
      }
      Table lt = ctx.table(lead).orElse(null);
      if (lt == null || lt.primaryKey() == null) {
        continue;
      }
      String labels = String.join(", ", members.stream().map(m -> m.id().label()).toList());
      List<String> key = lt.primaryKey().columns();
      boolean integer =
          key.size() == 1
              && lead.column(key.get(0))
                  .map(c -> c.type().matches("smallint|integer|bigint"))
                  .orElse(false);
      if (!integer) {
        out.add(
            new Finding(
                "merge-keys-unchecked",
                Severity.WARNING,
                lead.target(),
                "'"
                    + lead.target()
                    + "' merges "
                    + labels
                    + "; Ferry checks merged keys for overlaps only for single integer keys, so"
                    + " a key value in two sources would surface when the primary key is built",
                "Check the sources' keys for overlaps yourself, or prefix the tables instead."));
        continue;
      }
      long shared = 0;
      List<Long> examples = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        for (int j = i + 1; j < members.size(); j++) {
          shared += sharedKeys(ctx, members.get(i), members.get(j), key.get(0), examples);
        }
      }
      if (shared > 0) {
        out.add(
            new Finding(
                "merge-key-overlap",
                Severity.BLOCKER,
                lead.target() + "(" + key.get(0) + ")",
                shared
                    + (shared == 1 ? " key value of '" : " key values of '")
                    + lead.target()
                    + "' exist in more than one of "
                    + labels
                    + " (for example "
                    + examples
                    + "): merged, they would break the primary key",
                "Prefix these tables instead (--name-conflicts prefix, or another target name in"
                    + " the plan), or renumber the keys in one source."));
      }
    }
  }

  /** Walks both tables' keys in order and counts the values they share (a merge join). */
  private static long sharedKeys(
      AssessmentContext ctx, TablePlan a, TablePlan b, String column, List<Long> examples)
      throws SQLException {
    Table ta = ctx.table(a).orElseThrow();
    Table tb = ctx.table(b).orElseThrow();
    Dialect da = ctx.dialects().get(a.source());
    Dialect db = ctx.dialects().get(b.source());
    Connection ca = ctx.sources().get(a.source());
    Connection cb = ctx.sources().get(b.source());
    String qa = da.quote(column);
    String qb = db.quote(column);
    try (Statement sa = ca.createStatement();
        Statement sb = cb.createStatement()) {
      sa.setFetchSize(10_000);
      sb.setFetchSize(10_000);
      try (ResultSet ra =
              sa.executeQuery(
                  "SELECT "
                      + qa
                      + " FROM "
                      + da.qualifiedName(ta)
                      + " WHERE "
                      + qa
                      + " IS NOT NULL ORDER BY "
                      + qa);
          ResultSet rb =
              sb.executeQuery(
                  "SELECT "
                      + qb
                      + " FROM "
                      + db.qualifiedName(tb)
                      + " WHERE "
                      + qb
                      + " IS NOT NULL ORDER BY "
                      + qb)) {
        long shared = 0;
        boolean hasA = ra.next();
        boolean hasB = rb.next();
        while (hasA && hasB) {
          long x = ra.getLong(1);
          long y = rb.getLong(1);
          if (x < y) {
            hasA = ra.next();
          } else if (x > y) {
            hasB = rb.next();
          } else {
            shared++;
            if (examples.size() < 5) {
              examples.add(x);
            }
            hasA = ra.next();
            hasB = rb.next();
          }
        }
        return shared;
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
