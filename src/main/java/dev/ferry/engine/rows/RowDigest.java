package dev.ferry.engine.rows;

/**
 * A summary of the rows a chunk committed, built while loading (in the writer thread) and stored
 * with the chunk's commit marker, so validation after a load reads only the target.
 */
public interface RowDigest {
  /** Adds one row in COPY text, {@code buf[from, to)}. */
  void add(byte[] buf, int from, int to);

  /**
   * Takes out rows that were added but then rejected by PostgreSQL: their number and the sum of
   * their row hashes. Column statistics then no longer describe exactly the loaded rows, which
   * validation knows (it compares them only for tables without rejects).
   */
  void removeRows(long rows, long hashSum);

  /** The digest as JSON, for the chunk's commit marker. */
  String toJson();
}
