package dev.ferry.engine.rows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.cast.ColumnPlan;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A driver's fetch size is bounded by the bytes its rows may take, not by a row count. */
class FetchSizeTest {
  private static List<ColumnPlan> columns(String... types) {
    return Arrays.stream(types)
        .map(t -> new ColumnPlan("c", t, "c", "text", null, null, true, false, null, null, null))
        .toList();
  }

  @Test
  void narrowRowsFetchManyWideRowsFew() {
    assertThat(FetchSize.of(columns("int", "bigint", "double"))).isEqualTo(FetchSize.MAX);
    // a row of up to ~4 kB: 8 MB / (32 + 4,000) bytes
    assertThat(FetchSize.of(columns("int", "varchar(1000)"))).isEqualTo(2_080);
    // a large object: the minimum, whatever else the row holds
    assertThat(FetchSize.of(columns("int", "longblob"))).isEqualTo(FetchSize.MIN);
    assertThat(FetchSize.of(columns("int", "TEXT", "json"))).isEqualTo(FetchSize.MIN);
    // SQLite: a column declared without a type may hold anything
    assertThat(FetchSize.of(columns("INTEGER", ""))).isEqualTo(FetchSize.MIN);
    assertThat(FetchSize.width("VARBINARY(300)")).isEqualTo(300);
    assertThat(FetchSize.width("character varying")).isEqualTo(FetchSize.LARGE_VALUE);
  }
}
