package dev.ferry.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.rows.CopyText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Exact numeric statistics and the row hash, whatever the spelling of equal values. */
class TableDigestTest {
  private static void add(TableDigest.NumericStats s, String v) {
    byte[] b = v.getBytes(StandardCharsets.US_ASCII);
    s.add(b, 0, b.length);
  }

  @Test
  void statisticsAreExactAcrossScalesAndOverflow() {
    TableDigest.NumericStats s = new TableDigest.NumericStats();
    for (String v : new String[] {"12.3", "12.30", "-7", "0.005", "NaN"}) {
      add(s, v);
    }
    assertThat(s.min()).isEqualByComparingTo("-7");
    assertThat(s.max()).isEqualByComparingTo("12.30");
    assertThat(s.sum()).isEqualByComparingTo("17.605");
    TableDigest.NumericStats big = new TableDigest.NumericStats();
    add(big, "9223372036854775807");
    add(big, "9223372036854775807");
    add(big, "18446744073709551615");
    add(big, "-1.5");
    assertThat(big.sum()).isEqualByComparingTo(new BigDecimal("36893488147419103227.5"));
    assertThat(big.max()).isEqualByComparingTo("18446744073709551615");
    assertThat(big.min()).isEqualByComparingTo("-1.5");
  }

  @Test
  void equalValuesHashEqualWhateverTheirSpellingAndOneChangedByteDiffers() {
    var cols =
        List.of(
            col("a", "text", Transform.TEXT),
            col("b", "numeric", Transform.DECIMAL),
            col("c", "jsonb", Transform.JSON),
            col("d", "double precision", Transform.FLOAT));
    RowHasher h = new RowHasher(cols);
    assertThat(
            hash(
                h,
                "a long text value, longer than eight bytes\t12.5\t{\"b\": 1, \"a\": [1.50]}\t1.0E10"))
        .isEqualTo(
            hash(
                h,
                "a long text value, longer than eight bytes\t12.50\t{\"a\":[1.5],\"b\":1}\t10000000000"));
    assertThat(hash(h, "tab\\there\t\\N\t\\N\t\\N"))
        .isEqualTo(hash(h, "tab\\there\t\\N\t\\N\t\\N"));
    assertThat(hash(h, "a long text value, longer than eight bytes\t12.5\t\\N\t1"))
        .isNotEqualTo(hash(h, "a long text value, longer than eight bytez\t12.5\t\\N\t1"));
    assertThat(hash(h, "x\t1\t\\N\t1")).isNotEqualTo(hash(h, "x\t\\N\t1\t1"));
  }

  private static long hash(RowHasher h, String row) {
    TableDigest d = new TableDigest(h, List.of(false, true, false, false));
    byte[] b = (row + "\n").getBytes(StandardCharsets.UTF_8);
    d.add(h, b, 0, b.length);
    assertThat(d.hashSum).isEqualTo(h.hash(CopyText.fields(b, 0, b.length)));
    return d.hashSum;
  }

  @Test
  void theDecimalFastPathHashesLikeTheCanonicalText() {
    var col = List.of(col("b", "numeric", Transform.DECIMAL));
    RowHasher h = new RowHasher(col);
    for (String[] same :
        new String[][] {
          {"12.5", "12.50", "12.500"},
          {"0", "0.00", "-0.0", "000"},
          {"-3.10", "-3.1"},
          {"100", "100.0", "1.0E2", "1e2"},
          {"0.5", "0.50"},
          {"007.5", "7.5"},
          {"-007", "-7"}
        }) {
      long first = fieldHashOf(h, same[0]);
      for (String v : same) {
        assertThat(fieldHashOf(h, v)).as(v + " ~ " + same[0]).isEqualTo(first);
      }
    }
    assertThat(fieldHashOf(h, "12.5")).isNotEqualTo(fieldHashOf(h, "125"));
    assertThat(fieldHashOf(h, "-1")).isNotEqualTo(fieldHashOf(h, "1"));
  }

  private static long fieldHashOf(RowHasher h, String v) {
    byte[] b = v.getBytes(StandardCharsets.UTF_8);
    return h.fieldHash(0, b, 0, b.length);
  }

  @Test
  void jsonHashesLikeJsonbCompares() {
    var col = List.of(col("j", "jsonb", Transform.JSON));
    RowHasher h = new RowHasher(col);
    assertThat(
            fieldHashOf(h, "{\"b\": [1, 2.50, {\"y\": null, \"x\": true}], \"a\": \"\\\\u00e9\"}"))
        .isEqualTo(fieldHashOf(h, "{\"a\":\"é\",\"b\":[1,2.5,{\"x\":true,\"y\":null}]}"));
    assertThat(fieldHashOf(h, "[1, 2]")).isNotEqualTo(fieldHashOf(h, "[2, 1]"));
    assertThat(fieldHashOf(h, "{\"a\": 1}")).isNotEqualTo(fieldHashOf(h, "{\"a\": \"1\"}"));
    assertThat(fieldHashOf(h, "{\"a\": 1, \"a\": 2}")).isEqualTo(fieldHashOf(h, "{\"a\": 2}"));
    assertThat(fieldHashOf(h, "100")).isEqualTo(fieldHashOf(h, "1e2"));
  }

  private static ColumnPlan col(String name, String type, Transform transform) {
    return new ColumnPlan(name, "", name, type, transform, "", true, false, null, null, null);
  }

  /**
   * Fields found eight bytes at a time: on generated rows (empty fields, NULLs, fields shorter and
   * longer than a word, fewer or more fields than columns) the digest hashes and counts NULLs as
   * the byte-by-byte split does.
   */
  @Test
  void fieldsFoundAWordAtATimeMatchTheByteByByteSplit() {
    var cols = Stream.of("a", "b", "c", "d", "e").map(n -> col(n, "text", Transform.TEXT)).toList();
    RowHasher h = new RowHasher(cols);
    String[] values = {
      "", "\\N", "x", "seven b", "exactly8", "nine byte", "a much longer value, über 8"
    };
    java.util.Random r = new java.util.Random(7);
    for (int round = 0; round < 5_000; round++) {
      StringBuilder row = new StringBuilder();
      int fields = r.nextInt(8);
      for (int k = 0; k < fields; k++) {
        row.append(k == 0 ? "" : "\t").append(values[r.nextInt(values.length)]);
      }
      byte[] b = (row + (r.nextBoolean() ? "\n" : "")).getBytes(StandardCharsets.UTF_8);
      TableDigest d = new TableDigest(h, Collections.nCopies(cols.size(), false));
      // the row inside a batch: other rows' tabs on both sides of it
      int at = r.nextInt(12);
      byte[] batch = new byte[at + b.length + 9];
      Arrays.fill(batch, (byte) '\t');
      System.arraycopy(b, 0, batch, at, b.length);
      d.add(h, batch, at, at + b.length);
      List<byte[]> reference = CopyText.fields(b, 0, b.length);
      assertThat(d.hashSum).as(row.toString()).isEqualTo(h.hash(reference));
      long nulls = 0;
      for (int k = 0; k < cols.size(); k++) {
        nulls += k >= reference.size() || reference.get(k) == null ? 1 : 0;
      }
      assertThat(Arrays.stream(d.nulls).sum()).as(row.toString()).isEqualTo(nulls);
    }
    for (int at = 0; at < 20; at++) {
      byte[] b = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
      b[at] = '\t';
      assertThat(TableDigest.nextTab(b, 0, b.length)).isEqualTo(at);
      assertThat(TableDigest.nextTab(b, 0, at)).isEqualTo(at);
    }
  }

  /** bytea's hex text hashes without being unescaped, as its unescaped text does. */
  @Test
  void byteaHashesAsItsUnescapedText() {
    RowHasher h = new RowHasher(List.of(col("b", "bytea", Transform.BYTEA)));
    for (String raw :
        new String[] {
          "\\\\x",
          "\\\\x00",
          "\\\\xdeadbeef00112233445566778899",
          "\\\\xab\\\\cd",
          "\\\\y01",
          "\\t\\\\x"
        }) {
      byte[] b = raw.getBytes(StandardCharsets.US_ASCII);
      byte[] text = h.canonical(0, b).getBytes(StandardCharsets.UTF_8);
      assertThat(h.fieldHash(0, b, 0, b.length))
          .as(raw)
          .isEqualTo(RowHasher.wordHash(text, 0, text.length, 0, false));
    }
    // not valid UTF-8: hashed as the text a String makes of it, as before the shortcut
    byte[] bad = {'\\', '\\', 'x', (byte) 0xff};
    byte[] text = h.canonical(0, bad).getBytes(StandardCharsets.UTF_8);
    assertThat(h.fieldHash(0, bad, 0, bad.length))
        .isEqualTo(RowHasher.wordHash(text, 0, text.length, 0, false));
  }
}
