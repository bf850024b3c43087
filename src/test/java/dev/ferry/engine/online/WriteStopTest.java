package dev.ferry.engine.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ferry's write stop on a source: every write to a published table refused — also one aimed
 * straight at a partition of a partitioned table — and nothing of it left once lifted.
 */
class WriteStopTest {
  @Test
  void writesToATableAndToEachPartitionAreRefusedUntilLifted() throws Exception {
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE plain (id int PRIMARY KEY)");
      st.execute("CREATE TABLE events (id int, at date NOT NULL) PARTITION BY RANGE (at)");
      st.execute(
          "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO"
              + " ('2026-01-01')");
      st.execute(
          "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO"
              + " ('2027-01-01')");
      OnlineRun run =
          new OnlineRun(
              "20261204_000000_abcd",
              "src",
              "dst",
              "public",
              List.of("plain", "events"),
              "ferry_online_20261204_000000_abcd",
              "ferry_online_20261204_000000_abcd",
              "ferry_online_20261204_000000_abcd",
              null,
              OnlineRun.State.STREAMING,
              true,
              Instant.now(),
              null,
              null,
              null,
              List.of(),
              null,
              null);
      WriteStop.stop(c, run);
      assertThat(WriteStop.active(c, run)).isEqualTo(4); // plain, events and its two partitions
      for (String write :
          List.of(
              "INSERT INTO plain VALUES (1)",
              "INSERT INTO events VALUES (1, '2025-05-05')",
              "INSERT INTO events_2026 VALUES (2, '2026-05-05')",
              "TRUNCATE events_2025",
              "DELETE FROM events_2026")) {
        assertThatThrownBy(() -> st.execute(write))
            .as(write)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("stopped");
      }
      WriteStop.stop(c, run); // again, as a retried cutover would: the triggers are kept
      WriteStop.allow(c, run);
      assertThat(WriteStop.active(c, run)).isZero();
      st.execute("INSERT INTO events_2026 VALUES (2, '2026-05-05')");
      st.execute("INSERT INTO plain VALUES (1)");
      assertThat(pg.column("SELECT proname FROM pg_proc WHERE proname LIKE 'ferry_online%'"))
          .isEmpty();
    }
  }
}
