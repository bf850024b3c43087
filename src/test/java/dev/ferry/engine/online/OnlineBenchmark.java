package dev.ferry.engine.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.TestDatabases;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.demo.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/online.sh: an online migration of a source of {@code FERRY_ONLINE_ROWS} orders (default 2
 * million, with 2 lines each) under a steady write load: the initial-sync time, the lag while
 * streaming, and the write downtime at cutover. Lines starting ONLINE are the figures.
 */
@Tag("benchmark")
class OnlineBenchmark {
  @TempDir Path home;

  @Test
  void initialSyncLagAndCutoverDowntime() throws Exception {
    long rows = Long.parseLong(System.getenv().getOrDefault("FERRY_ONLINE_ROWS", "2000000"));
    try (EmbeddedPostgres pg =
            EmbeddedPostgres.start(
                home.resolve("pg"),
                Map.of("wal_level", "logical", "max_wal_size", "4GB", "shared_buffers", "256MB"));
        TestDatabases.Scratch target = TestDatabases.postgres()) {
      ConnectionSpec source = pg.connection("postgres");
      long t0 = System.nanoTime();
      try (Connection c = source.open();
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE customers (id bigserial PRIMARY KEY, name text)");
        st.execute(
            "CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint REFERENCES"
                + " customers, total numeric(12,2), status text, placed timestamptz DEFAULT now())");
        st.execute(
            "CREATE TABLE order_lines (order_id bigint REFERENCES orders ON DELETE CASCADE, line"
                + " int, sku text, qty int, PRIMARY KEY (order_id, line))");
        st.execute("CREATE INDEX orders_customer ON orders (customer_id)");
        st.execute(
            "INSERT INTO customers (name) SELECT 'customer ' || g FROM generate_series(1, "
                + Math.max(1000, rows / 20)
                + ") g");
        st.execute(
            "INSERT INTO orders (customer_id, total, status) SELECT 1 + g % "
                + Math.max(1000, rows / 20)
                + ", (g % 100000) / 100.0, 'new' FROM generate_series(1, "
                + rows
                + ") g");
        st.execute(
            "INSERT INTO order_lines SELECT o.id, l, 'sku-' || (o.id % 977), l FROM orders o,"
                + " generate_series(1, 2) l");
        st.execute("VACUUM ANALYZE");
      }
      System.out.printf(
          "ONLINE source: %,d orders, %,d lines generated in %.0f s%n",
          rows, rows * 2, (System.nanoTime() - t0) / 1e9);

      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong committed = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      Thread writer =
          new Thread(
              () -> {
                try (Connection c = source.open();
                    Statement st = c.createStatement()) {
                  c.setAutoCommit(false);
                  while (!stop.get()) {
                    long id = 1 + ThreadLocalRandom.current().nextLong(rows);
                    try {
                      st.execute(
                          "WITH o AS (INSERT INTO orders (customer_id, total, status) VALUES (1,"
                              + " 1, 'new') RETURNING id) INSERT INTO order_lines SELECT id, 1,"
                              + " 'x', 1 FROM o");
                      st.execute("UPDATE orders SET status = 'paid' WHERE id = " + id);
                      c.commit();
                      committed.incrementAndGet();
                    } catch (java.sql.SQLException e) {
                      // Ferry stopped writes for the cutover: the application keeps trying
                      if ("40P01".equals(e.getSQLState())) {
                        c.rollback(); // a deadlock's victim: the application tries again
                        continue;
                      }
                      if (!"25006".equals(e.getSQLState())) {
                        throw e;
                      }
                      c.rollback();
                      refused.incrementAndGet();
                      Thread.sleep(5);
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      writer.setDaemon(true);
      writer.start();

      OnlineMigration m = new OnlineMigration(source, target.spec(), "public", null, home);
      long s0 = System.nanoTime();
      OnlineRun run = m.start();
      try {
        OnlineStatus s = m.status(run);
        while (!s.state().equals("streaming")) {
          Thread.sleep(1000);
          s = m.status(run);
        }
        double sync = (System.nanoTime() - s0) / 1e9;
        System.out.printf(
            "ONLINE initial sync (start to every table ready): %.1f s, %,d write transactions"
                + " meanwhile%n",
            sync, committed.get());
        long maxLag = 0;
        double maxSeconds = 0;
        long c0 = committed.get();
        for (int i = 0; i < 20; i++) {
          Thread.sleep(1000);
          s = m.status(run);
          maxLag = Math.max(maxLag, s.lagBytes() == null ? 0 : s.lagBytes());
          maxSeconds = Math.max(maxSeconds, s.lagSeconds() == null ? 0 : s.lagSeconds());
        }
        System.out.printf(
            "ONLINE streaming 20 s at %.0f write transactions/s: lag at most %,d bytes, %.2f s;"
                + " slot keeps %,d kB%n",
            (committed.get() - c0) / 20.0, maxLag, maxSeconds, s.retainedWalBytes() >> 10);
        // the application keeps writing: Ferry stops its writes, then compares after the switch
        long atCutover = committed.get();
        Cutover c =
            m.cutover(
                m.runs().load(run.id()),
                CutoverOptions.defaults().waiting(Duration.ofMinutes(5)),
                () -> true,
                step -> System.out.println("ONLINE cutover step: " + step));
        stop.set(true);
        writer.join();
        System.out.printf(
            "ONLINE the writer kept writing: %,d transactions committed during the cutover"
                + " (before the stop), %,d refused by Ferry's write stop%n",
            committed.get() - atCutover, refused.get());
        c.timeline()
            .forEach(
                st ->
                    System.out.printf(
                        "ONLINE cutover %8d ms  %s%n", st.took().toMillis(), st.what()));
        System.out.printf(
            "ONLINE write downtime at cutover: %.2f s (%d tables compared after the switch on"
                + " snapshots, all match: %s)%n",
            c.writeDowntime().toMillis() / 1000.0,
            c.tables().size(),
            c.tables().stream().allMatch(Cutover.TableCheck::matches));
        assertThat(c.tables()).allMatch(Cutover.TableCheck::matches);
      } finally {
        stop.set(true);
        OnlineRun now = m.runs().load(run.id());
        if (now.replicating()) {
          m.abort(now);
        }
      }
    }
  }
}
