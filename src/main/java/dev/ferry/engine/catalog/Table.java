package dev.ferry.engine.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A table in the neutral model. {@code rowCount} is exact when counted ({@code -1} when not),
 * {@code estimatedRows} comes from the source's statistics, {@code sizeBytes} from its storage.
 * {@code splitKey} is a source SQL expression with integer values whose ranges split the table into
 * chunks (SQLite's {@code rowid}, an integer primary key), or null when the table cannot be split.
 */
public record Table(
    TableId id,
    List<Column> columns,
    Key primaryKey,
    List<Key> uniqueKeys,
    List<Index> indexes,
    List<ForeignKey> foreignKeys,
    List<CheckConstraint> checks,
    long rowCount,
    long estimatedRows,
    long sizeBytes,
    String splitKey) {

  public Table {
    columns = List.copyOf(columns);
    uniqueKeys = List.copyOf(uniqueKeys);
    indexes = List.copyOf(indexes);
    foreignKeys = List.copyOf(foreignKeys);
    checks = List.copyOf(checks);
  }

  public String name() {
    return id.name();
  }

  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Best row count known: exact if counted, else the estimate. */
  public long rows() {
    return rowCount >= 0 ? rowCount : Math.max(estimatedRows, 0);
  }
}
