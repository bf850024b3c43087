package dev.ferry.engine.rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * PostgreSQL → PostgreSQL: rows come from {@code COPY (SELECT …) TO STDOUT} in text format, which
 * the target's {@code COPY FROM} reads unchanged, so values never pass through Java objects.
 */
public final class PgCopyRowSource implements RowSource {
  private final CopyOut copyOut;
  private final List<String> columns;
  private byte[] current;

  public PgCopyRowSource(Connection c, String selectSql, List<String> columns) throws SQLException {
    this.columns = columns;
    this.copyOut =
        c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + selectSql + ") TO STDOUT");
  }

  @Override
  public boolean next(CopyBatch out) throws SQLException {
    current = copyOut.readFromCopy();
    if (current == null) {
      return false;
    }
    int len = current.length;
    if (len > 0 && current[len - 1] == '\n') {
      len--;
    }
    out.appendRow(current, 0, len);
    return true;
  }

  @Override
  public Map<String, String> currentValues() {
    return current == null ? Map.of() : CopyText.decodeRow(current, 0, current.length, columns);
  }

  @Override
  public void close() throws SQLException {
    if (copyOut.isActive()) {
      copyOut.cancelCopy();
    }
  }
}
