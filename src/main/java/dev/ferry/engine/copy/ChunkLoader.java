package dev.ferry.engine.copy;

import dev.ferry.engine.rows.BadValueException;
import dev.ferry.engine.rows.CopyBatch;
import dev.ferry.engine.rows.RowDigest;
import dev.ferry.engine.rows.RowSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Loads one chunk: a reader thread encodes source rows into COPY batches and hands them over a
 * bounded queue to the writer (the calling thread), which COPYs them into the target in one
 * transaction. At most {@link #BATCHES_IN_FLIGHT} batches exist per chunk, so memory does not grow
 * with the table. Rows with bad values never reach PostgreSQL: they go to the reject log.
 */
public final class ChunkLoader {
  static final int BATCHES_IN_FLIGHT = 3;
  private static final CopyBatch END = new CopyBatch(0, false);

  /** What the chunk did. */
  public record Result(
      long rowsRead, long rowsLoaded, long rejected, long bytes, long cleanedValues) {}

  /** The per-chunk inputs. */
  public record Job(
      String sourceTable,
      String targetTable,
      int chunk,
      String copySql,
      List<String> sourceColumns,
      List<String> targetColumns,
      List<String> sourceKey,
      List<String> targetKey,
      int batchRows,
      long batchBytes,
      boolean cleanText,
      ToLongFunction<List<byte[]>> rowHash,
      Supplier<RowDigest> digest) {}

  /** Opens the chunk's rows on the source connection, in the reader thread. */
  @FunctionalInterface
  public interface RowSourceFactory {
    RowSource open() throws SQLException;
  }

  private ChunkLoader() {}

  /**
   * @param beforeCommit runs in the target transaction after the last batch (the checkpoint insert)
   * @param progress receives the rows loaded and COPY bytes sent after each batch
   * @param watch drops the target connection when a call on it stalls
   */
  static Result load(
      Job job,
      RowSourceFactory rows,
      Connection target,
      StallWatch watch,
      RejectLog rejects,
      BooleanSupplier cancelled,
      CommitHook beforeCommit,
      Progress progress)
      throws SQLException, InterruptedException {
    BlockingQueue<CopyBatch> full = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    BlockingQueue<CopyBatch> free = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    for (int i = 0; i < BATCHES_IN_FLIGHT - 1; i++) {
      free.add(
          new CopyBatch((int) Math.min(job.batchBytes() + 65536, 64L << 20) / 4, job.cleanText()));
    }
    // the digest of the rows sent, computed by the reader (in parallel with PostgreSQL's work);
    // rows PostgreSQL rejects are taken out again before the chunk commits
    RowDigest digest = job.digest() == null ? null : job.digest().get();
    AtomicReference<Throwable> readerError = new AtomicReference<>();
    AtomicBoolean stop = new AtomicBoolean();
    long[] read = new long[2];
    Thread reader =
        Thread.ofPlatform()
            .name("ferry-read-" + job.targetTable())
            .start(
                () -> {
                  try (RowSource src = rows.open()) {
                    CopyBatch batch = free.take();
                    while (!stop.get() && !cancelled.getAsBoolean()) {
                      boolean more;
                      try {
                        more = src.next(batch);
                      } catch (BadValueException bad) {
                        Map<String, String> values = src.currentValues();
                        rejects.reject(
                            job.sourceTable(),
                            job.targetTable(),
                            job.chunk(),
                            job.sourceKey(),
                            values,
                            bad.column(),
                            bad.getMessage(),
                            null,
                            null);
                        read[1]++;
                        read[0]++;
                        continue;
                      }
                      if (!more) {
                        break;
                      }
                      read[0]++;
                      if (digest != null) {
                        digest.add(batch.buffer(), batch.rowStart(batch.rows() - 1), batch.bytes());
                      }
                      if (batch.rows() >= job.batchRows() || batch.bytes() >= job.batchBytes()) {
                        full.put(batch);
                        batch = free.take();
                      }
                    }
                    if (batch.rows() > 0) {
                      full.put(batch);
                    }
                  } catch (Throwable t) {
                    readerError.set(t);
                  } finally {
                    try {
                      full.put(END);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                });
    long loaded = 0;
    long bytes = 0;
    long cleaned = 0;
    boolean ok = false;
    target.setAutoCommit(false);
    try {
      BatchWriter writer =
          new BatchWriter(
              target,
              job.copySql(),
              job.sourceTable(),
              job.targetTable(),
              job.chunk(),
              job.targetColumns(),
              job.targetKey(),
              rejects,
              job.rowHash(),
              () -> watch.busy(target));
      while (true) {
        CopyBatch b = full.take();
        if (b == END) {
          break;
        }
        long n = inCall(target, watch, () -> writer.write(b));
        loaded += n;
        bytes += b.bytes();
        cleaned += b.cleanedValues();
        progress.batchDone(n, b.bytes());
        b.clear();
        free.offer(b);
      }
      reader.join();
      if (readerError.get() != null) {
        throw rethrow(readerError.get());
      }
      if (cancelled.getAsBoolean()) {
        throw new InterruptedException("cancelled");
      }
      if (digest != null) {
        digest.removeRows(writer.rejected(), writer.rejectedHashSum());
      }
      long committed = loaded;
      inCall(
          target,
          watch,
          () -> {
            beforeCommit.run(target, committed, digest == null ? null : digest.toJson());
            target.commit();
            return 0L;
          });
      ok = true;
      return new Result(read[0], loaded, read[1] + writer.rejected(), bytes, cleaned);
    } finally {
      if (!ok) {
        stop.set(true);
        // let the reader see the cancellation and release its cursor before we roll back
        while (full.poll() != null || reader.isAlive()) {
          full.poll();
          free.offer(new CopyBatch(0, false));
          reader.join(50);
        }
        try {
          target.rollback();
        } catch (SQLException ignored) {
          // the connection may be gone; the chunk was not committed either way
        }
      }
    }
  }

  /** One call on the target, watched for a stall; a stall's error says so. */
  private static long inCall(Connection target, StallWatch watch, TargetCall call)
      throws SQLException {
    watch.busy(target);
    try {
      return call.run();
    } catch (SQLException e) {
      throw watch.explain(target, e);
    } finally {
      watch.idle(target);
    }
  }

  @FunctionalInterface
  private interface TargetCall {
    long run() throws SQLException;
  }

  private static SQLException rethrow(Throwable t) {
    if (t instanceof SQLException s) {
      return s;
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new SQLException("reading the source failed: " + t.getMessage(), t);
  }

  /** Told after each batch PostgreSQL accepted. */
  @FunctionalInterface
  public interface Progress {
    void batchDone(long rows, long bytes);
  }

  /**
   * Runs in the chunk's transaction just before it commits, with the rows that went in and their
   * digest (null when the plan does not validate).
   */
  @FunctionalInterface
  public interface CommitHook {
    void run(Connection c, long rowsLoaded, String digestJson) throws SQLException;
  }
}
