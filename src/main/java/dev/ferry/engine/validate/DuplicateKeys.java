package dev.ferry.engine.validate;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.dialect.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Rows of a target table that repeat the source's primary key: possible only when the target has no
 * primary key (it failed to build, or a kept table lost it), and then a difference whatever the
 * counts say — a resume over shifted chunk ranges loads rows twice.
 */
final class DuplicateKeys {
  /** Key values that appear more than once, and the rows that carry them. */
  record Found(long keys, long rows) {}

  private DuplicateKeys() {}

  /** Null when the target enforces its primary key (nothing to count) or none is duplicated. */
  static Found find(ConnectionSpec target, String schema, String table, List<String> keyColumns)
      throws SQLException {
    String qualified = Identifiers.qualified(schema, table);
    try (Connection c = Sessions.openTarget(target, schema)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) AND contype = 'p'")) {
        ps.setString(1, qualified);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return null;
          }
        }
      }
      String cols = String.join(", ", keyColumns.stream().map(Identifiers::quote).toList());
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM "
                      + qualified
                      + " GROUP BY "
                      + cols
                      + " HAVING count(*) > 1) d")) {
        rs.next();
        return rs.getLong(1) == 0 ? null : new Found(rs.getLong(1), rs.getLong(2));
      }
    }
  }
}
