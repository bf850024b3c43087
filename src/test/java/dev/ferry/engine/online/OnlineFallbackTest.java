package dev.ferry.engine.online;

import static dev.ferry.engine.online.OnlineFixtures.abortIfLeft;
import static dev.ferry.engine.online.OnlineFixtures.assertNothingLeft;
import static dev.ferry.engine.online.OnlineFixtures.digest;
import static dev.ferry.engine.online.OnlineFixtures.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.TestDatabases;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.demo.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallback window: cut over with {@code fallback}, the old primary follows the target's writes;
 * {@code fallback} switches back with every write made on the target, {@code finish} ends the
 * window; nothing of the reverse replication is left on either server. Both servers are the test's
 * own (the target needs {@code wal_level = logical} too); a target without it is refused before
 * writes stop.
 */
class OnlineFallbackTest {
  @TempDir static Path home;
  private static EmbeddedPostgres source;
  private static EmbeddedPostgres target;

  @BeforeAll
  static void start() throws Exception {
    source = EmbeddedPostgres.start(home.resolve("src"), Map.of("wal_level", "logical"));
    target = EmbeddedPostgres.start(home.resolve("dst"), Map.of("wal_level", "logical"));
  }

  @AfterAll
  static void stop() {
    if (target != null) {
      target.close();
    }
    if (source != null) {
      source.close();
    }
  }

  private static ConnectionSpec freshTarget(String name) throws SQLException {
    try (Connection c = target.connection("postgres").open();
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + name);
    }
    return target.connection(name);
  }

  private static void exec(ConnectionSpec spec, String sql) throws SQLException {
    try (Connection c = spec.open();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static long count(ConnectionSpec spec, String sql) throws SQLException {
    try (Connection c = spec.open();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void writesOnTheTargetFlowBackAndASwitchBackLosesNone() throws Exception {
    ConnectionSpec src = OnlineFixtures.shop(source, "shop_back");
    ConnectionSpec dst = freshTarget("shop_back_target");
    OnlineMigration m = new OnlineMigration(src, dst, "public", null, home.resolve("ws1"));
    OnlineRun run = m.start();
    try {
      waitFor(m, run, "streaming");
      Cutover c =
          m.cutover(
              m.runs().load(run.id()),
              CutoverOptions.defaults().withFallback(null),
              () -> true,
              x -> {});
      assertThat(c.matches()).isTrue();
      assertThat(c.timeline()).anyMatch(s -> s.what().startsWith("fallback window"));
      // the applications write on the target: the old primary follows, its own writes refused
      exec(dst, "INSERT INTO customers (name) VALUES ('on the target')");
      exec(dst, "UPDATE orders SET status = 'changed on the target' WHERE id = 42");
      exec(dst, "DELETE FROM order_lines WHERE order_id = 43");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (count(src, "SELECT count(*) FROM customers WHERE name = 'on the target'") == 0
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(m.status(m.runs().load(run.id())).warnings())
          .anyMatch(w -> w.startsWith("fallback window open"));
      assertThatThrownBy(() -> exec(src, "INSERT INTO customers (name) VALUES ('old primary')"))
          .hasMessageContaining("stopped");

      Duration down = m.fallback(m.runs().load(run.id()), Duration.ofSeconds(30), x -> {});
      assertThat(down).isLessThan(Duration.ofSeconds(10));
      assertThat(m.runs().load(run.id()).state()).isEqualTo(OnlineRun.State.FELL_BACK);
      for (String t : List.of("customers", "orders", "order_lines")) {
        assertThat(digest(src, t)).as(t).isEqualTo(digest(dst, t));
      }
      // the old primary takes writes again, its sequences past the target's; the target refuses
      exec(src, "INSERT INTO customers (name) VALUES ('back on the old primary')");
      assertThat(count(src, "SELECT max(id) FROM customers"))
          .isGreaterThan(count(dst, "SELECT max(id) FROM customers"));
      assertThatThrownBy(() -> exec(dst, "INSERT INTO customers (name) VALUES ('late')"))
          .hasMessageContaining("stopped");
      assertNoReverseReplication(src, dst);
      assertNothingLeft(src, dst);
    } finally {
      abortIfLeft(m, m.runs().load(run.id()));
    }
  }

  @Test
  void finishEndsTheWindowAndATargetWithoutLogicalWalIsRefusedFirst() throws Exception {
    ConnectionSpec src = OnlineFixtures.shop(source, "shop_finish");
    ConnectionSpec dst = freshTarget("shop_finish_target");
    OnlineMigration m = new OnlineMigration(src, dst, "public", null, home.resolve("ws2"));
    OnlineRun run = m.start();
    try {
      waitFor(m, run, "streaming");
      m.cutover(
          m.runs().load(run.id()),
          CutoverOptions.defaults().withFallback(null),
          () -> true,
          x -> {});
      m.finish(m.runs().load(run.id()));
      assertNoReverseReplication(src, dst);
      assertThatThrownBy(() -> m.fallback(m.runs().load(run.id()), Duration.ofSeconds(5), x -> {}))
          .isInstanceOf(RefusedException.class)
          .hasMessageContaining("no fallback window");
    } finally {
      abortIfLeft(m, m.runs().load(run.id()));
    }
    // the shared server runs with wal_level = replica: refused before writes stop
    ConnectionSpec again = OnlineFixtures.shop(source, "shop_replica_target");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      OnlineMigration r =
          new OnlineMigration(again, pg.spec(), "public", null, home.resolve("ws3"));
      OnlineRun started = r.start();
      try {
        waitFor(r, started, "streaming");
        assertThatThrownBy(
                () ->
                    r.cutover(
                        r.runs().load(started.id()),
                        CutoverOptions.defaults().withFallback(null),
                        () -> true,
                        x -> {}))
            .isInstanceOf(RefusedException.class)
            .hasMessageContaining("wal_level = logical on the target");
        exec(again, "INSERT INTO customers (name) VALUES ('still writable')");
      } finally {
        abortIfLeft(r, r.runs().load(started.id()));
      }
    }
  }

  private static void assertNoReverseReplication(ConnectionSpec src, ConnectionSpec dst)
      throws SQLException {
    assertThat(count(src, "SELECT count(*) FROM pg_subscription")).isZero();
    assertThat(count(dst, "SELECT count(*) FROM pg_publication")).isZero();
    assertThat(count(dst, "SELECT count(*) FROM pg_replication_slots")).isZero();
  }
}
