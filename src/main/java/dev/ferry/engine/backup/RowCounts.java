package dev.ferry.engine.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact row counts of tables, to compare a restored backup with its origin; each tool lists its
 * database's user tables and counts them here.
 */
public final class RowCounts {
  private RowCounts() {}

  /** The rows of one table, named as the database quotes it. */
  public static long count(Connection c, String quoted) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + quoted)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The two sides table by table; a table on one side only counts as 0 on the other. */
  public static List<TrialRestore.TableCount> compare(
      Map<String, Long> origin, Map<String, Long> restored) {
    Map<String, TrialRestore.TableCount> out = new LinkedHashMap<>();
    origin.forEach(
        (t, n) -> out.put(t, new TrialRestore.TableCount(t, n, restored.getOrDefault(t, 0L))));
    restored.forEach((t, n) -> out.putIfAbsent(t, new TrialRestore.TableCount(t, 0, n)));
    return new ArrayList<>(out.values());
  }
}
