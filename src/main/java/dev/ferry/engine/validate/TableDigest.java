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

  void add(RowHasher hasher, List<byte[]> fields) {
    rows++;
    hashSum += hasher.hash(fields);
    for (int i = 0; i < nulls.length; i++) {
      byte[] f = i < fields.size() ? fields.get(i) : null;
      if (f == null) {
        nulls[i]++;
      } else if (numeric[i]) {
        BigDecimal v;
        try {
          v = new BigDecimal(new String(f, java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
          continue; // NaN, Infinity: counted in the hash, not in the sums
        }
        min[i] = min[i] == null || v.compareTo(min[i]) < 0 ? v : min[i];
        max[i] = max[i] == null || v.compareTo(max[i]) > 0 ? v : max[i];
        sum[i] = sum[i] == null ? v : sum[i].add(v);
      }
    }
  }
}
