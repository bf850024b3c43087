package dev.ferry.engine.copy;

import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.dialect.Dialects;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a table into chunks of about {@code chunkRows} rows by ranges of its integer split key: the
 * unit of parallel loading, of commit and of resume.
 */
public final class ChunkPlanner {
  /** Chunk numbers of the n-th source merged into a table start at n × this (stable on resume). */
  public static final int CHUNKS_PER_MERGED_SOURCE = 1_000_000;

  private final long chunkRows;

  public ChunkPlanner(long chunkRows) {
    this.chunkRows = chunkRows;
  }

  /** The table's chunks; the whole table as one when it is small or has no integer key. */
  public List<Chunk> chunks(ConnectionSpec source, Table t) throws SQLException {
    if (t.splitKey() == null || t.rows() <= chunkRows) {
      return List.of(Chunk.whole());
    }
    long[] bounds;
    try (Connection c = Sessions.openSource(source)) {
      bounds = Dialects.of(source.kind()).keyBounds(c, t, t.splitKey());
    }
    if (bounds == null) {
      return List.of(Chunk.whole());
    }
    long n = (t.rows() + chunkRows - 1) / chunkRows;
    long span = bounds[1] - bounds[0] + 1;
    long width = Math.max(1, (span + n - 1) / n);
    List<Chunk> out = new ArrayList<>();
    long lo = bounds[0];
    int no = 1;
    while (lo <= bounds[1]) {
      long hi = lo + width;
      // the first and last chunk are open-ended, so rows added after the bounds were read are not
      // missed
      long from = out.isEmpty() ? Long.MIN_VALUE : lo;
      out.add(new Chunk(no++, t.splitKey(), from, hi > bounds[1] ? Long.MAX_VALUE : hi));
      if (hi > bounds[1]) {
        break;
      }
      lo = hi;
    }
    return out;
  }

  /** The chunk as numbered for the {@code member}-th source merged into one target table. */
  public static Chunk forMember(int member, Chunk c) {
    return member == 0
        ? c
        : new Chunk(member * CHUNKS_PER_MERGED_SOURCE + c.number(), c.key(), c.lo(), c.hi());
  }
}
