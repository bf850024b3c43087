package dev.ferry.engine.cast;

/**
 * What a scan of a column's values found: how many of each storage class, the integer and real
 * ranges, and the longest text (in characters). Used where declared types lie (SQLite). A dialect
 * may leave out what the plan does not read for a column: the ranges ({@code null}) where no
 * date/time rule may apply, the longest text ({@code 0}) where no length is declared.
 */
public record ColumnProfile(
    long rows,
    long nulls,
    long integers,
    long reals,
    long texts,
    long blobs,
    Long minInteger,
    Long maxInteger,
    Double minReal,
    Double maxReal,
    long maxLength) {

  /** The profile of two disjoint parts of a column, as one. */
  public ColumnProfile merge(ColumnProfile o) {
    return new ColumnProfile(
        rows + o.rows,
        nulls + o.nulls,
        integers + o.integers,
        reals + o.reals,
        texts + o.texts,
        blobs + o.blobs,
        pick(minInteger, o.minInteger, Math::min),
        pick(maxInteger, o.maxInteger, Math::max),
        pick(minReal, o.minReal, Math::min),
        pick(maxReal, o.maxReal, Math::max),
        Math.max(maxLength, o.maxLength));
  }

  private static <T> T pick(T a, T b, java.util.function.BinaryOperator<T> f) {
    return a == null ? b : b == null ? a : f.apply(a, b);
  }

  public long nonNull() {
    return rows - nulls;
  }

  public boolean allIntegers() {
    return nonNull() > 0 && integers == nonNull();
  }

  public boolean allBlobs() {
    return nonNull() > 0 && blobs == nonNull();
  }

  public boolean allNumbers() {
    return nonNull() > 0 && integers + reals == nonNull();
  }
}
