package dev.ferry.engine.dialect;

import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.Key;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What every dialect decides alike while reading a table from its catalog, whatever the catalog's
 * form (pg_catalog, information_schema, PRAGMAs): which tables are counted exactly, and which
 * primary key can split a table into chunks.
 */
public final class CatalogReading {
  /** Tables estimated below this are counted exactly during introspection. */
  public static final long EXACT_COUNT_LIMIT = 1_000_000;

  private CatalogReading() {}

  /**
   * The table's exact row count when its estimate is below {@link #EXACT_COUNT_LIMIT}, else -1
   * (unknown): counting a large table would make introspection as slow as a full scan.
   */
  public static long exactRows(Connection c, String qualifiedName, long estimate)
      throws SQLException {
    if (estimate >= EXACT_COUNT_LIMIT) {
      return -1;
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + qualifiedName)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The quoted column of a single-column primary key whose type {@code integer} accepts, or null:
   * chunks are ranges of one integer key.
   */
  public static String splitKey(
      Key pk, List<Column> columns, Predicate<Column> integer, UnaryOperator<String> quote) {
    if (pk == null || pk.columns().size() != 1) {
      return null;
    }
    String pkCol = pk.columns().get(0);
    boolean found = columns.stream().anyMatch(col -> col.name().equals(pkCol) && integer.test(col));
    return found ? quote.apply(pkCol) : null;
  }
}
