package dev.ferry.engine.validate;

import java.math.BigDecimal;
import java.util.List;

/**
 * A streaming summary of one side of a table: row count, the sum of row hashes (order-independent),
 * and per column the null count and, for numbers, min, max and sum. Its size does not depend on the
 * number of rows.
 */
final class TableDigest {
  long rows;
  long hashSum;
  final long[] nulls;
  final BigDecimal[] min;
  final BigDecimal[] max;
  final BigDecimal[] sum;
  private final boolean[] numeric;

  TableDigest(RowHasher hasher, List<Boolean> numericColumns) {
    int n = hasher.columns();
    nulls = new long[n];
    min = new BigDecimal[n];
    max = new BigDecimal[n];
    sum = new BigDecimal[n];
    numeric = new boolean[n];
    for (int i = 0; i < n; i++) {
      numeric[i] = numericColumns.get(i);
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
    for (int i = from; i <= end && col < nulls.length; i++) {
      if (i < end && buf[i] != '\t') {
        continue;
      }
      boolean isNull = i - start == 2 && buf[start] == '\\' && buf[start + 1] == 'N';
      if (isNull) {
        nulls[col]++;
        h = RowHasher.mix(h * 31 + RowHasher.nullHash(col));
      } else {
        h = RowHasher.mix(h * 31 + hasher.fieldHash(col, buf, start, i));
        if (numeric[col]) {
          addNumber(col, java.util.Arrays.copyOfRange(buf, start, i));
        }
      }
      col++;
      start = i + 1;
    }
    for (; col < nulls.length; col++) {
      nulls[col]++;
      h = RowHasher.mix(h * 31 + RowHasher.nullHash(col));
    }
    hashSum += h;
  }

  private void addNumber(int i, byte[] f) {
    BigDecimal v = parse(f);
    if (v == null) {
      return; // NaN, Infinity: counted in the hash, not in the sums
    }
    min[i] = min[i] == null || v.compareTo(min[i]) < 0 ? v : min[i];
    max[i] = max[i] == null || v.compareTo(max[i]) > 0 ? v : max[i];
    sum[i] = sum[i] == null ? v : sum[i].add(v);
  }

  /** [-]digits[.digits] without going through a String; null for NaN and Infinity. */
  static BigDecimal parse(byte[] f) {
    long unscaled = 0;
    int scale = -1;
    int i = 0;
    boolean negative = f.length > 0 && f[0] == '-';
    if (negative) {
      i = 1;
    }
    int digits = 0;
    for (; i < f.length; i++) {
      byte b = f[i];
      if (b == '.' && scale < 0) {
        scale = 0;
      } else if (b >= '0' && b <= '9' && digits < 18) {
        unscaled = unscaled * 10 + (b - '0');
        digits++;
        if (scale >= 0) {
          scale++;
        }
      } else {
        try {
          return new BigDecimal(new String(f, java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return BigDecimal.valueOf(negative ? -unscaled : unscaled, Math.max(scale, 0));
  }
}
