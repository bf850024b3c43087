package dev.ferry.engine.online;

import static dev.ferry.engine.online.OnlineFixtures.abortIfLeft;
import static dev.ferry.engine.online.OnlineFixtures.assertNothingLeft;
import static dev.ferry.engine.online.OnlineFixtures.digest;
import static dev.ferry.engine.online.OnlineFixtures.waitFor;
import static dev.ferry.engine.online.OnlineFixtures.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.TestDatabases;
import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online PostgreSQL → PostgreSQL on the servers' own logical replication: a source of its own
 * ({@code wal_level = logical}, the embedded binaries) under a steady write load — inserts, updates
 * and deletes across tables with foreign keys — during the initial copy and streaming; after
 * cutover every row is on the target, sequences are past the source's and nothing of the
 * replication is left; abort at each phase leaves no publication, subscription or slot.
 */
class OnlineMigrationTest {
  @TempDir static Path home;
  private static EmbeddedPostgres source;

  @BeforeAll
  static void startSource() throws Exception {
    source = EmbeddedPostgres.start(home.resolve("pg"), Map.of("wal_level", "logical"));
  }

  @AfterAll
  static void stopSource() {
    if (source != null) {
      source.close();
    }
  }

  /** A fresh database on the source with customers, orders and their lines. */
  private static ConnectionSpec shop(String name) throws SQLException {
    return OnlineFixtures.shop(source, name);
  }

  @Test
  void everyRowWrittenDuringCopyAndStreamingIsOnTheTargetAfterCutover() throws Exception {
    ConnectionSpec src = shop("shop_cutover");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      OnlineMigration m = new OnlineMigration(src, pg.spec(), "public", null, home.resolve("ws"));
      List<Finding> checks = m.preChecks();
      assertThat(checks).noneMatch(f -> f.severity() == Severity.BLOCKER);
      assertThat(checks).anyMatch(f -> f.id().equals("online.sequences"));

      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong committed = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      Thread w = writer(src, stop, committed, refused);
      OnlineRun run = m.start();
      try {
        assertThat(run.tables()).containsExactlyInAnyOrder("customers", "orders", "order_lines");
        // the run is on disk with the names of what it made, and no password
        OnlineRun saved = m.runs().load(null);
        assertThat(saved.publication()).isEqualTo(run.publication()).startsWith("ferry_online_");
        assertThat(saved.source()).doesNotContain(source.password().reveal());

        OnlineStatus streaming = waitFor(m, run, "streaming");
        assertThat(streaming.tables()).hasSize(3).allMatch(t -> t.state().equals("ready"));
        assertThat(streaming.retainedWalBytes()).isNotNull();
        assertThat(streaming.warnings()).isEmpty();
        long before = committed.get();
        Thread.sleep(1500); // streaming under writes
        assertThat(committed.get()).isGreaterThan(before);

        // the application keeps writing: Ferry stops its writes on the source itself; once the
        // target stands alone it takes a write at once, and the comparison after the switch (on
        // snapshots at the cutover LSN) is not disturbed by it
        List<String> steps = new java.util.ArrayList<>();
        Cutover c =
            m.cutover(
                m.runs().load(run.id()),
                CutoverOptions.defaults(),
                () -> true,
                step -> {
                  steps.add(step);
                  if (step.startsWith("the target stands alone")) {
                    try (Connection tc = pg.connect();
                        Statement st = tc.createStatement()) {
                      st.execute("INSERT INTO customers (name) VALUES ('first on the target')");
                    } catch (SQLException e) {
                      throw new IllegalStateException(e);
                    }
                  }
                });
        long refusedAtCutover = refused.get();
        Thread.sleep(200);
        stop.set(true);
        w.join();
        System.out.println("cutover: " + c.timeline() + " downtime " + c.writeDowntime());
        assertThat(c.comparedBeforeSwitch()).isFalse();
        assertThat(c.tables()).hasSize(3).allMatch(Cutover.TableCheck::matches);
        assertThat(c.writeDowntime()).isLessThan(Duration.ofSeconds(10));
        assertThat(steps).anyMatch(x -> x.startsWith("the target stands alone"));
        OnlineRun finished = m.runs().load(run.id());
        assertThat(finished.state()).isEqualTo(OnlineRun.State.DONE);
        assertThat(finished.verification()).startsWith("match: 3 tables");
        // the writer's writes were refused from the stop on, with the read-only SQLSTATE
        assertThat(refused.get()).isGreaterThan(0).isGreaterThanOrEqualTo(refusedAtCutover);
        try (Connection sc = src.open();
            Statement st = sc.createStatement()) {
          assertThatThrownBy(() -> st.execute("DELETE FROM order_lines"))
              .isInstanceOf(SQLException.class)
              .hasMessageContaining("stopped");
        }
        // the row written on the target after the switch is the only difference
        try (Connection tc = pg.connect();
            Statement st = tc.createStatement()) {
          st.execute("DELETE FROM customers WHERE name = 'first on the target'");
        }

        // every row, compared by each server's own text of it
        for (String t : List.of("customers", "orders", "order_lines")) {
          assertThat(digest(pg.spec(), t)).as(t).isEqualTo(digest(src, t));
        }
        // sequences continue past the source's; the foreign keys and indexes are there
        try (Connection tc = pg.connect();
            Statement st = tc.createStatement()) {
          st.execute("INSERT INTO customers (name) VALUES ('after')");
          st.execute("INSERT INTO orders (customer_id, total) VALUES (1, 1)");
          assertThat(pg.column("SELECT conname FROM pg_constraint WHERE contype = 'f'")).hasSize(2);
          assertThat(
                  pg.column("SELECT indexname FROM pg_indexes WHERE indexname = 'orders_status'"))
              .hasSize(1);
        }
        assertNothingLeft(src, pg.spec());
        // released: the old primary takes writes again
        m.release(finished);
        try (Connection sc = src.open();
            Statement st = sc.createStatement()) {
          st.execute("UPDATE orders SET status = 'writable again' WHERE id = 3");
        }
      } finally {
        stop.set(true);
        abortIfLeft(m, run);
      }
    }
  }

  @Test
  void aWriteStopThatCannotGetItsLocksChangesNothingAndOneInADeadlockTriesAgain() throws Exception {
    ConnectionSpec src = shop("shop_locked");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      OnlineMigration m = new OnlineMigration(src, pg.spec(), "public", null, home.resolve("ws6"));
      OnlineRun run = m.start();
      try {
        waitFor(m, run, "streaming");
        run = m.prepareCutover(m.runs().load(run.id()));
        // a session holds an uncommitted write on orders: the stop waits for it, then gives up
        try (Connection held = src.open();
            Statement hs = held.createStatement()) {
          held.setAutoCommit(false);
          hs.execute("UPDATE orders SET status = 'held' WHERE id = 11");
          OnlineRun r = run;
          assertThatThrownBy(() -> m.cutover(r, CutoverOptions.defaults(), () -> true, x -> {}))
              .hasMessageContaining("Writes not stopped")
              .hasMessageContaining("orders")
              .hasMessageContaining("pid");
          held.commit();
        }
        OnlineRun back = m.runs().load(run.id());
        assertThat(back.state()).isEqualTo(OnlineRun.State.STREAMING);
        try (Connection sc = src.open();
            Statement st = sc.createStatement()) {
          st.execute("INSERT INTO customers (name) VALUES ('still writable')");
          try (ResultSet rs =
              st.executeQuery("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'ferry%'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
          }
        }
        // an application transaction holding the run's last table and then writing its first
        // deadlocks with the write stop (which took the first and waits for the last): the stop,
        // the deadlock's victim, tries again once the application's transaction is through
        List<String> order;
        try (Connection sc = src.open()) {
          order = WriteStop.parentsFirst(sc, back);
        }
        assertThat(order.indexOf("orders")).isLessThan(order.indexOf("order_lines"));
        assertThat(order.indexOf("customers")).isLessThan(order.indexOf("orders"));
        String first = order.get(0);
        String last = order.get(order.size() - 1);
        try (Connection app = src.open();
            Statement as = app.createStatement()) {
          app.setAutoCommit(false);
          as.execute("LOCK TABLE " + last + " IN ROW EXCLUSIVE MODE");
          OnlineRun r = back;
          java.util.concurrent.CompletableFuture<Cutover> stopping =
              java.util.concurrent.CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return m.cutover(r, CutoverOptions.defaults(), () -> true, x -> {});
                    } catch (SQLException e) {
                      throw new IllegalStateException(e);
                    }
                  });
          // the stop holds the first table and waits for the last
          try (Connection watch = src.open();
              Statement ws = watch.createStatement()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean waiting = false;
            while (!waiting && System.nanoTime() < deadline) {
              try (ResultSet rs =
                  ws.executeQuery(
                      "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = '"
                          + last
                          + "'::regclass")) {
                rs.next();
                waiting = rs.getLong(1) > 0;
              }
              Thread.sleep(20);
            }
            assertThat(waiting).as("the stop waits for " + last).isTrue();
          }
          boolean appWasTheVictim = false;
          try {
            as.execute("LOCK TABLE " + first + " IN ROW EXCLUSIVE MODE");
            app.commit();
          } catch (SQLException victim) {
            assertThat(victim.getSQLState()).isEqualTo("40P01");
            appWasTheVictim = true; // this side was chosen: the stop goes on as well
            app.rollback();
          }
          Cutover stopped = stopping.get(60, java.util.concurrent.TimeUnit.SECONDS);
          assertThat(stopped.matches()).isTrue();
          boolean stopTriedAgain =
              m.runs().load(run.id()).events().stream()
                  .anyMatch(e -> e.what().contains("tried again after 1 deadlock"));
          assertThat(appWasTheVictim || stopTriedAgain)
              .as("a deadlock happened: " + m.runs().load(run.id()).events())
              .isTrue();
        }
        m.release(m.runs().load(run.id()));
        assertNothingLeft(src, pg.spec());
      } finally {
        abortIfLeft(m, m.runs().load(run.id()));
      }
    }
  }

  @Test
  void aCutoverConfirmedByTheDbaComparesBeforeTheSwitch() throws Exception {
    ConnectionSpec src = shop("shop_confirmed");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      OnlineMigration m = new OnlineMigration(src, pg.spec(), "public", null, home.resolve("ws7"));
      OnlineRun run = m.start();
      try {
        OnlineRun back = m.runs().load(waitFor(m, run, "streaming").id());
        // the DBA stops writes and confirms; compared before the switch
        Cutover c =
            m.cutover(
                back,
                CutoverOptions.defaults()
                    .withWrites(CutoverOptions.Writes.CONFIRMED)
                    .comparingBeforeSwitch(true),
                () -> true,
                x -> {});
        assertThat(c.comparedBeforeSwitch()).isTrue();
        assertThat(c.matches()).isTrue();
        assertThat(m.runs().load(run.id()).verification()).startsWith("match");
        assertThat(digest(pg.spec(), "orders")).isEqualTo(digest(src, "orders"));
        // the source was not blocked: the DBA's own maintenance mode is theirs to lift
        try (Connection sc = src.open();
            Statement st = sc.createStatement()) {
          st.execute("INSERT INTO customers (name) VALUES ('writable')");
        }
        assertNothingLeft(src, pg.spec());
      } finally {
        abortIfLeft(m, m.runs().load(run.id()));
      }
    }
  }

  @Test
  void abortAtEachPhaseLeavesNoPublicationSubscriptionOrSlot() throws Exception {
    ConnectionSpec src = shop("shop_abort");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      OnlineMigration m = new OnlineMigration(src, pg.spec(), "public", null, home.resolve("ws2"));
      OnlineRun run = m.start(); // aborted during the initial copy
      OnlineRun aborted = m.abort(run);
      assertThat(aborted.state()).isEqualTo(OnlineRun.State.ABORTED);
      assertNothingLeft(src, pg.spec());
      assertThatThrownBy(() -> m.cutover(aborted, CutoverOptions.defaults(), () -> true, x -> {}))
          .isInstanceOf(RefusedException.class);
    }
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      OnlineMigration m = new OnlineMigration(src, pg.spec(), "public", null, home.resolve("ws3"));
      OnlineRun run = m.start();
      try {
        waitFor(m, run, "streaming");
      } finally {
        m.abort(run); // aborted while streaming
      }
      assertNothingLeft(src, pg.spec());
      // the source is untouched and still takes writes
      try (Connection c = src.open();
          Statement st = c.createStatement()) {
        st.execute("UPDATE orders SET status = 'still the primary' WHERE id = 5");
      }
    }
  }

  @Test
  void aStreamStoppedByAConflictOnTheTargetIsSaid() throws Exception {
    ConnectionSpec src = shop("shop_conflict");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      OnlineMigration m = new OnlineMigration(src, pg.spec(), "public", null, home.resolve("ws5"));
      OnlineRun run = m.start();
      try {
        waitFor(m, run, "streaming");
        // someone writes on the target: the same key inserted on the source then conflicts
        try (Connection c = pg.connect();
            Statement st = c.createStatement()) {
          st.execute("INSERT INTO customers (id, name) VALUES (900001, 'written on the target')");
        }
        try (Connection c = src.open();
            Statement st = c.createStatement()) {
          st.execute("INSERT INTO customers (id, name) VALUES (900001, 'from the source')");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        OnlineStatus s = m.status(run);
        while (s.warnings().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(300);
          s = m.status(run);
        }
        assertThat(s.warnings()).anyMatch(w -> w.startsWith("the subscription's workers failed"));
      } finally {
        m.abort(m.runs().load(run.id()));
      }
      assertNothingLeft(src, pg.spec());
    }
  }

  @Test
  void aTableWithoutAKeyOrReplicaIdentityIsABlocker() throws Exception {
    ConnectionSpec src = shop("shop_nokey");
    try (Connection c = src.open();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE audit (at timestamptz, what text)");
    }
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      OnlineMigration m = new OnlineMigration(src, pg.spec(), "public", null, home.resolve("ws4"));
      assertThat(m.preChecks())
          .filteredOn(f -> f.severity() == Severity.BLOCKER)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.object()).isEqualTo("public.audit");
                assertThat(f.remedy()).contains("REPLICA IDENTITY FULL");
              });
      assertThatThrownBy(m::start)
          .isInstanceOf(RefusedException.class)
          .hasMessageContaining("public.audit");
      assertNothingLeft(src, pg.spec());
      assertThat(pg.column("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
          .isEmpty();
    }
  }
}
