package dev.ferry.engine.validate;

import dev.ferry.engine.rows.Words;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A streaming summary of one side of a table: row count, the sum of row hashes (order-independent),
 * and per column the null count and, for numbers, exact min, max and sum. Its size does not depend
 * on the number of rows.
 */
final class TableDigest {
  long rows;
  long hashSum;

  /**
   * Source rows that could not be read as their target types (no row hash, not in {@code rows}).
   */
  long unreadable;

  final long[] nulls;
  private final NumericStats[] numbers;

  TableDigest(RowHasher hasher, List<Boolean> numericColumns) {
    int n = hasher.columns();
    nulls = new long[n];
    numbers = new NumericStats[n];
    for (int i = 0; i < n; i++) {
      numbers[i] = numericColumns.get(i) ? new NumericStats() : null;
    }
  }

  BigDecimal min(int column) {
    return numbers[column] == null ? null : numbers[column].min();
  }

  BigDecimal max(int column) {
    return numbers[column] == null ? null : numbers[column].max();
  }

  BigDecimal sum(int column) {
    return numbers[column] == null ? null : numbers[column].sum();
  }

  /** Merges another part's min, max and sum into a column's figures. */
  void mergeNumbers(int column, BigDecimal min, BigDecimal max, BigDecimal sum) {
    if (numbers[column] != null && sum != null) {
      numbers[column].merge(min, max, sum);
    }
  }

  /** Adds another part's figures (another source table loading into the same target table). */
  void addAll(TableDigest other) {
    rows += other.rows;
    hashSum += other.hashSum;
    unreadable += other.unreadable;
    for (int i = 0; i < nulls.length; i++) {
      nulls[i] += other.nulls[i];
      mergeNumbers(i, other.min(i), other.max(i), other.sum(i));
    }
  }

  /**
   * Adds one row in COPY text, {@code buf[from, to)} (a trailing newline is ignored), in one pass.
   */
  void add(RowHasher hasher, byte[] buf, int from, int to) {
    int end = to > from && buf[to - 1] == '\n' ? to - 1 : to;
    rows++;
    long h = RowHasher.SEED;
    int start = from;
    int col = 0;
    while (col < nulls.length) {
      int i = nextTab(buf, start, end);
      if (i - start == 2 && buf[start] == '\\' && buf[start + 1] == 'N') {
        nulls[col]++;
        h = RowHasher.mix(h * 31 + RowHasher.nullHash(col));
      } else {
        h = RowHasher.mix(h * 31 + hasher.fieldHash(col, buf, start, i));
        if (numbers[col] != null) {
          numbers[col].add(buf, start, i);
        }
      }
      col++;
      if (i == end) {
        break;
      }
      start = i + 1;
    }
    for (; col < nulls.length; col++) {
      nulls[col]++;
      h = RowHasher.mix(h * 31 + RowHasher.nullHash(col));
    }
    hashSum += h;
  }

  /** Where the field that starts at {@code i} ends: the next tab, or {@code end}. */
  static int nextTab(byte[] buf, int i, int end) {
    for (; i <= end - 8; i += 8) {
      long tabs = Words.equalTo(Words.get(buf, i), '\t');
      if (tabs != 0) {
        return i + Words.first(tabs);
      }
    }
    while (i < end && buf[i] != '\t') {
      i++;
    }
    return i;
  }

  /**
   * Exact min, max and sum of decimal text, kept as longs at a common scale while they fit (the
   * common case), as BigDecimals once they do not. NaN and Infinity are left out of the figures
   * (they are still in the row hash).
   */
  static final class NumericStats {
    private int scale;
    private long min;
    private long max;
    private long sum;
    private boolean any;
    private BigDecimal bigMin;
    private BigDecimal bigMax;
    private BigDecimal bigSum;
    private static final long[] POW10 = new long[19];

    static {
      POW10[0] = 1;
      for (int i = 1; i < POW10.length; i++) {
        POW10[i] = POW10[i - 1] * 10;
      }
    }

    void add(byte[] f, int from, int to) {
      long unscaled = 0;
      int s = -1;
      int digits = 0;
      int i = from;
      boolean negative = i < to && f[i] == '-';
      if (negative) {
        i++;
      }
      for (; i < to; i++) {
        byte b = f[i];
        if (b == '.' && s < 0) {
          s = 0;
        } else if (b >= '0' && b <= '9' && digits < 18) {
          unscaled = unscaled * 10 + (b - '0');
          digits++;
          if (s >= 0) {
            s++;
          }
        } else {
          addBig(new String(f, from, to - from, StandardCharsets.US_ASCII));
          return;
        }
      }
      add(negative ? -unscaled : unscaled, Math.max(s, 0));
    }

    private void add(long u, int s) {
      if (bigSum != null) {
        addBig(BigDecimal.valueOf(u, s));
        return;
      }
      if (!any) {
        scale = s;
        min = u;
        max = u;
        sum = u;
        any = true;
        return;
      }
      try {
        long newMin = min;
        long newMax = max;
        long newSum = sum;
        long v = u;
        if (s > scale) {
          long f = POW10[s - scale];
          newMin = Math.multiplyExact(min, f);
          newMax = Math.multiplyExact(max, f);
          newSum = Math.multiplyExact(sum, f);
        } else if (s < scale) {
          v = Math.multiplyExact(u, POW10[scale - s]);
        }
        newSum = Math.addExact(newSum, v);
        min = Math.min(newMin, v);
        max = Math.max(newMax, v);
        sum = newSum;
        scale = Math.max(scale, s);
      } catch (ArithmeticException overflow) {
        addBig(BigDecimal.valueOf(u, s));
      }
    }

    private void addBig(String text) {
      BigDecimal v;
      try {
        v = new BigDecimal(text);
      } catch (NumberFormatException e) {
        return; // NaN, Infinity
      }
      addBig(v);
    }

    private void addBig(BigDecimal v) {
      if (bigSum == null) {
        if (!any) {
          any = true;
          bigMin = v;
          bigMax = v;
          bigSum = v;
          return;
        }
        bigMin = BigDecimal.valueOf(min, scale);
        bigMax = BigDecimal.valueOf(max, scale);
        bigSum = BigDecimal.valueOf(sum, scale);
      }
      bigMin = v.compareTo(bigMin) < 0 ? v : bigMin;
      bigMax = v.compareTo(bigMax) > 0 ? v : bigMax;
      bigSum = bigSum.add(v);
    }

    void merge(BigDecimal otherMin, BigDecimal otherMax, BigDecimal otherSum) {
      addBig(otherMin);
      bigMax = otherMax.compareTo(bigMax) > 0 ? otherMax : bigMax;
      // addBig counted otherMin into the sum: replace it by the part's real sum
      bigSum = bigSum.subtract(otherMin).add(otherSum);
    }

    BigDecimal min() {
      return !any ? null : bigSum != null ? bigMin : BigDecimal.valueOf(min, scale);
    }

    BigDecimal max() {
      return !any ? null : bigSum != null ? bigMax : BigDecimal.valueOf(max, scale);
    }

    BigDecimal sum() {
      return !any ? null : bigSum != null ? bigSum : BigDecimal.valueOf(sum, scale);
    }
  }
}
