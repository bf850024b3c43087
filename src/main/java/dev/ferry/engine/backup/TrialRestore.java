package dev.ferry.engine.backup;

import java.util.List;

/**
 * A backup restored into a scratch place (a new PostgreSQL database, a temporary SQLite file) and
 * its tables' row counts compared with the database it was taken from — proof that it restores.
 */
public record TrialRestore(
    String backup, String restoredInto, List<TableCount> tables, List<String> problems) {
  /** One table's rows in the origin now and in the restored copy. */
  public record TableCount(String table, long origin, long restored) {
    public boolean matches() {
      return origin == restored;
    }
  }

  public boolean ok() {
    return problems.isEmpty() && tables.stream().allMatch(TableCount::matches);
  }
}
