package dev.ferry.engine.assess;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.dialect.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Profiles every column of every planned table from a bounded sample (the first {@link
 * #SAMPLE_ROWS} rows, or the whole table when it is smaller), in one query per table.
 */
final class ProfileCheck {
  static final long SAMPLE_ROWS = 100_000;

  private ProfileCheck() {}

  static List<ColumnStats> profile(AssessmentContext ctx) throws SQLException {
    List<ColumnStats> out = new ArrayList<>();
    for (AssessmentContext.PlannedTable pt : ctx.plannedTables()) {
      out.addAll(table(pt.table(), pt.plan().columns(), pt.dialect(), pt.connection()));
    }
    return out;
  }

  private static List<ColumnStats> table(Table t, List<ColumnPlan> cols, Dialect d, Connection c)
      throws SQLException {
    List<ColumnStats> out = new ArrayList<>();
    if (cols.isEmpty()) {
      return out;
    }
    StringBuilder sql = new StringBuilder("SELECT count(*)");
    for (ColumnPlan cp : cols) {
      String q = d.quote(cp.name());
      boolean binary = cp.transform() == Transform.BYTEA;
      String asText = binary ? "NULL" : d.asText(q);
      String measured = binary ? q : asText;
      sql.append(", count(")
          .append(q)
          .append(")")
          .append(", count(DISTINCT ")
          .append(measured)
          .append(")")
          .append(", ")
          .append(ordered(cp) ? d.asText("min(" + q + ")") : "min(" + asText + ")")
          .append(", ")
          .append(ordered(cp) ? d.asText("max(" + q + ")") : "max(" + asText + ")")
          .append(", max(")
          .append(d.length(measured))
          .append(")")
          .append(", avg(")
          .append(d.length(measured))
          .append(")");
    }
    StringBuilder names = new StringBuilder();
    for (ColumnPlan cp : cols) {
      names.append(names.isEmpty() ? "" : ", ").append(d.quote(cp.name()));
    }
    sql.append(" FROM (SELECT ")
        .append(names)
        .append(" FROM ")
        .append(d.qualifiedName(t))
        .append(" LIMIT ")
        .append(SAMPLE_ROWS)
        .append(") AS sample");
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql.toString())) {
      rs.next();
      long n = rs.getLong(1);
      boolean whole = n < SAMPLE_ROWS;
      int i = 2;
      for (ColumnPlan cp : cols) {
        long nonNull = rs.getLong(i);
        out.add(
            new ColumnStats(
                t.id().label(),
                cp.name(),
                n,
                whole,
                n == 0 ? 0 : (double) (n - nonNull) / n,
                rs.getLong(i + 1),
                clip(rs.getString(i + 2)),
                clip(rs.getString(i + 3)),
                rs.getLong(i + 4),
                rs.getDouble(i + 5)));
        i += 6;
      }
    }
    return out;
  }

  /** Numbers and dates are compared as themselves (9 before 10), everything else as text. */
  private static boolean ordered(ColumnPlan cp) {
    return switch (cp.transform()) {
      case INTEGER, FLOAT, DECIMAL, DATE, TIMESTAMP, TIMESTAMPTZ, TIME -> true;
      case PASSTHROUGH ->
          cp.type()
              .matches("(?i)(smallint|integer|bigint|numeric.*|real|double precision|date|time.*)");
      default -> false;
    };
  }

  private static String clip(String s) {
    return s == null || s.length() <= 64 ? s : s.substring(0, 63) + "…";
  }
}
