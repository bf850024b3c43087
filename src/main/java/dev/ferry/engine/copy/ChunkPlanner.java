package dev.ferry.engine.copy;

import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a table into chunks of about {@code chunkRows} rows by ranges of its integer split key: the
 * unit of parallel loading, of commit and of resume. A run decides its chunks once and keeps them
 * in the journal; a resume loads the same ranges.
 */
public final class ChunkPlanner {
  /** Chunk numbers of the n-th source merged into a table start at n × this (stable on resume). */
  public static final int CHUNKS_PER_MERGED_SOURCE = 1_000_000;

  private final long chunkRows;

  public ChunkPlanner(long chunkRows) {
    this.chunkRows = chunkRows;
  }

  /**
   * The table's chunks; the whole table as one when it is small or has no integer key. Each
   * boundary is a key value of the table {@code chunkRows} rows after the one before (read in key
   * order), so chunks hold about {@code chunkRows} rows however the keys are spread; the first and
   * last chunks are open-ended, so no key below or above them is missed.
   */
  public List<Chunk> chunks(ConnectionSpec source, Table t) throws SQLException {
    if (t.splitKey() == null || t.rows() <= chunkRows) {
      return List.of(Chunk.whole());
    }
    List<Long> bounds = new ArrayList<>();
    try (Connection c = Sessions.openSource(source)) {
      Dialect d = Dialects.of(source.kind());
      for (Long b = d.keyAfter(c, t, t.splitKey(), null, chunkRows);
          b != null;
          b = d.keyAfter(c, t, t.splitKey(), b, chunkRows)) {
        bounds.add(b);
      }
    }
    if (bounds.isEmpty()) {
      return List.of(Chunk.whole());
    }
    List<Chunk> out = new ArrayList<>();
    Long lo = null;
    for (Long b : bounds) {
      out.add(new Chunk(out.size() + 1, t.splitKey(), lo, b));
      lo = b;
    }
    out.add(new Chunk(out.size() + 1, t.splitKey(), lo, null));
    return out;
  }

  /** The chunk as numbered for the {@code member}-th source merged into one target table. */
  public static Chunk forMember(int member, Chunk c) {
    return member == 0
        ? c
        : new Chunk(member * CHUNKS_PER_MERGED_SOURCE + c.number(), c.key(), c.lo(), c.hi());
  }
}
