package dev.ferry.engine.rows;

import dev.ferry.engine.cast.ColumnPlan;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many rows a source driver may hold at once, bounded by bytes rather than rows: a row of large
 * objects and a row of three integers are not the same batch. The widest a row can be is estimated
 * from its declared types (a {@code TEXT}, {@code BLOB} or {@code JSON} column counts as {@link
 * #LARGE_VALUE} bytes), and the fetch size keeps that many rows under {@link #BUDGET}.
 */
public final class FetchSize {
  /** Bytes a driver may buffer for one reader. */
  public static final long BUDGET = 8L << 20;

  /** What one value of a large-object type is reckoned to take. */
  public static final long LARGE_VALUE = 1L << 20;

  public static final int MIN = 16;
  public static final int MAX = 10_000;

  private static final Pattern SIZED = Pattern.compile("(char|binary|bit)\\s*\\(\\s*(\\d+)");

  private FetchSize() {}

  public static int of(List<ColumnPlan> columns) {
    long width = 0;
    for (ColumnPlan c : columns) {
      width += width(c.sourceType());
    }
    return (int) Math.max(MIN, Math.min(MAX, BUDGET / Math.max(1, width)));
  }

  /** The widest a value of this declared type is reckoned to be, in bytes. */
  static long width(String sourceType) {
    String t = sourceType == null ? "" : sourceType.toLowerCase(Locale.ROOT);
    if (t.contains("blob")
        || t.contains("text")
        || t.contains("json")
        || t.contains("geometry")
        || t.contains("bytea")
        || t.contains("xml")
        || t.isBlank()) {
      // SQLite columns may be declared without a type and hold anything
      return LARGE_VALUE;
    }
    Matcher m = SIZED.matcher(t);
    if (m.find()) {
      long n = Long.parseLong(m.group(2));
      return m.group(1).equals("char") ? 4 * n : n;
    }
    if (t.contains("char") || t.contains("binary")) {
      return LARGE_VALUE; // varchar without a length
    }
    return 32;
  }
}
