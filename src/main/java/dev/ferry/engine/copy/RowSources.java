package dev.ferry.engine.copy;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.connect.DatabaseKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Opens the right {@link RowSource} for a source: COPY for PostgreSQL, a JDBC cursor otherwise. */
public final class RowSources {
  private RowSources() {}

  public static RowSource open(
      DatabaseKind kind,
      Connection c,
      String select,
      List<ColumnPlan> columns,
      AtomicLong zeroDates)
      throws SQLException {
    List<String> names = columns.stream().map(ColumnPlan::name).toList();
    if (kind == DatabaseKind.POSTGRESQL) {
      return new PgCopyRowSource(c, select, names);
    }
    List<FieldReader> readers = new ArrayList<>();
    for (ColumnPlan cp : columns) {
      readers.add(FieldReaders.of(kind, cp, zeroDates));
    }
    return new JdbcRowSource(c, select, names, readers, 10_000);
  }
}
