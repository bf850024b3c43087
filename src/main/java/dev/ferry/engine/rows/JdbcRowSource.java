package dev.ferry.engine.rows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows read through a forward-only JDBC cursor (SQLite, MySQL) with one reader per column. */
public final class JdbcRowSource implements RowSource {
  private final Statement statement;
  private final ResultSet rs;
  private final FieldReader[] readers;
  private final List<String> columns;
  private boolean positioned;

  public JdbcRowSource(
      Connection c, String sql, List<String> columns, List<FieldReader> readers, int fetchSize)
      throws SQLException {
    this.columns = columns;
    this.readers = readers.toArray(FieldReader[]::new);
    this.statement = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    statement.setFetchSize(fetchSize);
    this.rs = statement.executeQuery(sql);
  }

  @Override
  public boolean next(CopyBatch out) throws SQLException, BadValueException {
    if (!rs.next()) {
      positioned = false;
      return false;
    }
    positioned = true;
    out.beginRow();
    try {
      for (int i = 0; i < readers.length; i++) {
        readers[i].read(rs, i + 1, out);
      }
    } catch (BadValueException | SQLException | RuntimeException e) {
      out.abortRow();
      throw e;
    }
    out.endRow();
    return true;
  }

  @Override
  public Map<String, String> currentValues() throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    if (!positioned) {
      return values;
    }
    for (int i = 0; i < columns.size(); i++) {
      Object o;
      try {
        o = rs.getObject(i + 1);
      } catch (SQLException e) {
        o = rs.getString(i + 1);
      }
      values.put(columns.get(i), o == null ? null : FieldReaders.describe(o));
    }
    return values;
  }

  @Override
  public void close() throws SQLException {
    try {
      rs.close();
    } finally {
      statement.close();
    }
  }
}
