package dev.ferry.engine.backup;

import dev.ferry.engine.dialect.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Exact row counts of every user table, to compare a restored backup with its origin. */
final class RowCounts {
  private RowCounts() {}

  static Map<String, Long> postgres(Connection c) throws SQLException {
    List<String[]> tables = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT n.nspname, t.relname FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace"
                    + " WHERE t.relkind IN ('r', 'p') AND NOT t.relispartition"
                    + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
                    + " ORDER BY 1, 2")) {
      while (rs.next()) {
        tables.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (String[] t : tables) {
      out.put(t[0] + "." + t[1], count(c, Identifiers.qualified(t[0], t[1])));
    }
    return out;
  }

  static Map<String, Long> sqlite(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                    + " ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (String t : tables) {
      out.put(t, count(c, Identifiers.quote(t)));
    }
    return out;
  }

  private static long count(Connection c, String quoted) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + quoted)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The two sides table by table; a table on one side only counts as 0 on the other. */
  static List<TrialRestore.TableCount> compare(
      Map<String, Long> origin, Map<String, Long> restored) {
    Map<String, TrialRestore.TableCount> out = new LinkedHashMap<>();
    origin.forEach(
        (t, n) -> out.put(t, new TrialRestore.TableCount(t, n, restored.getOrDefault(t, 0L))));
    restored.forEach((t, n) -> out.putIfAbsent(t, new TrialRestore.TableCount(t, 0, n)));
    return new ArrayList<>(out.values());
  }
}
