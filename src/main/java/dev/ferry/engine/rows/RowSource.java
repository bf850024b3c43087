package dev.ferry.engine.rows;

import java.sql.SQLException;
import java.util.Map;

/** Source rows of one chunk, encoded one at a time into COPY text. */
public interface RowSource extends AutoCloseable {
  /**
   * Encodes the next row into {@code out}. Returns false when the chunk is exhausted. A bad value
   * leaves the batch as it was and throws; the row is still current, for {@link #currentValues()}.
   */
  boolean next(CopyBatch out) throws SQLException, BadValueException;

  /** The current row's values as text, for a reject file (source column → value). */
  Map<String, String> currentValues() throws SQLException;

  @Override
  void close() throws SQLException;
}
