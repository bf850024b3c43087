package dev.ferry.engine.copy;

import dev.ferry.engine.core.SqlStates;
import dev.ferry.engine.rows.CopyBatch;
import dev.ferry.engine.rows.CopyText;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

/**
 * Sends batches to one target table with COPY, inside the caller's transaction. A batch PostgreSQL
 * refuses for its data (SQLSTATE class 22 or 23) is split: PostgreSQL names the failing line, so
 * the rows before it are re-sent, the bad row goes to the reject log and the rest continues;
 * without a line number the batch is halved until the bad rows are isolated. Good rows always load.
 * Any other error (privilege, missing object, disk full, lock, connection) is the load's, not a
 * row's: it is thrown and nothing is rejected for it.
 */
public final class BatchWriter {
  private static final Pattern COPY_LINE = Pattern.compile("COPY [^,]+, line (\\d+)");
  private final Connection target;
  private final CopyManager copy;
  private final String copySql;
  private final String sourceTable;
  private final String targetTable;
  private final int chunk;
  private final List<String> targetColumns;
  private final List<String> keyColumns;
  private final RejectLog rejects;
  private final ToLongFunction<List<byte[]>> rowHash;
  private final Runnable tookData;
  private long rejected;
  private long rejectedHashSum;

  /** COPY data goes to the driver in slices of this size, each one a sign of progress. */
  private static final int SLICE = 1 << 20;

  public BatchWriter(
      Connection target,
      String copySql,
      String sourceTable,
      String targetTable,
      int chunk,
      List<String> targetColumns,
      List<String> keyColumns,
      RejectLog rejects,
      ToLongFunction<List<byte[]>> rowHash,
      Runnable tookData)
      throws SQLException {
    this.target = target;
    this.copy = target.unwrap(PGConnection.class).getCopyAPI();
    this.copySql = copySql;
    this.sourceTable = sourceTable;
    this.targetTable = targetTable;
    this.chunk = chunk;
    this.targetColumns = targetColumns;
    this.keyColumns = keyColumns;
    this.rejects = rejects;
    this.rowHash = rowHash;
    this.tookData = tookData;
  }

  /** Rows this writer sent to the reject log. */
  public long rejected() {
    return rejected;
  }

  /** Loads the batch; returns the number of rows that went in. */
  public long write(CopyBatch batch) throws SQLException {
    return write(batch, 0, batch.rows());
  }

  /** The sum of the validation hashes of the rows this writer rejected. */
  public long rejectedHashSum() {
    return rejectedHashSum;
  }

  private long write(CopyBatch batch, int from, int to) throws SQLException {
    if (from >= to) {
      return 0;
    }
    Savepoint sp = target.setSavepoint();
    try {
      send(batch, from, to);
      target.releaseSavepoint(sp);
      return to - from;
    } catch (SQLException e) {
      undo(sp, e);
      if (!SqlStates.isBadData(e)) {
        // a privilege, a missing column, a full disk, a lock: not the row's fault, so no row is
        // rejected for it; the chunk stops with the cause
        throw e;
      }
      int line = failingLine(e);
      if (to - from == 1) {
        reject(batch, from, e);
        return 0;
      }
      if (line >= 1 && from + line - 1 < to) {
        int bad = from + line - 1;
        long loaded = write(batch, from, bad);
        reject(batch, bad, e);
        return loaded + write(batch, bad + 1, to);
      }
      int mid = (from + to) >>> 1;
      return write(batch, from, mid) + write(batch, mid, to);
    }
  }

  /**
   * Undoes the failed COPY and releases its savepoint, so a chunk with many bad rows does not pile
   * up subtransactions; when that fails too (the connection is gone), the original error stands.
   */
  private void undo(Savepoint sp, SQLException e) {
    try {
      target.rollback(sp);
      target.releaseSavepoint(sp);
    } catch (SQLException undo) {
      e.addSuppressed(undo);
    }
  }

  private void send(CopyBatch batch, int from, int to) throws SQLException {
    int start = batch.rowStart(from);
    int end = batch.rowStart(to);
    CopyIn in = copy.copyIn(copySql);
    try {
      for (int at = start; at < end; at += SLICE) {
        in.writeToCopy(batch.buffer(), at, Math.min(SLICE, end - at));
        tookData.run();
      }
      in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  private void reject(CopyBatch batch, int row, SQLException e) {
    var values =
        CopyText.decodeRow(
            batch.buffer(), batch.rowStart(row), batch.rowStart(row + 1), targetColumns);
    String column = null;
    String message = e.getMessage();
    if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
      var sem = pe.getServerErrorMessage();
      column = sem.getColumn();
      message = sem.getMessage() + (sem.getDetail() == null ? "" : " (" + sem.getDetail() + ")");
      if (column == null && sem.getWhere() != null) {
        Matcher m = Pattern.compile("column (\\S+):").matcher(sem.getWhere());
        column = m.find() ? m.group(1) : null;
      }
    }
    rejected++;
    long hash =
        rowHash.applyAsLong(
            CopyText.fields(batch.buffer(), batch.rowStart(row), batch.rowStart(row + 1)));
    rejectedHashSum += hash;
    rejects.reject(
        sourceTable,
        targetTable,
        chunk,
        keyColumns,
        values,
        column,
        message,
        e.getSQLState(),
        hash);
  }

  private static int failingLine(SQLException e) {
    if (e instanceof PSQLException pe
        && pe.getServerErrorMessage() != null
        && pe.getServerErrorMessage().getWhere() != null) {
      Matcher m = COPY_LINE.matcher(pe.getServerErrorMessage().getWhere());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return -1;
  }
}
