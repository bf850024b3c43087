package dev.ferry.engine.online;

import static dev.ferry.engine.online.OnlineFixtures.abortIfLeft;
import static dev.ferry.engine.online.OnlineFixtures.assertNothingLeft;
import static dev.ferry.engine.online.OnlineFixtures.digest;
import static dev.ferry.engine.online.OnlineFixtures.waitFor;
import static dev.ferry.engine.online.OnlineFixtures.writer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.demo.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of either server during an online run is survived: both servers are the test's own
 * (embedded PostgreSQL; the source with {@code wal_level = logical}), a writer keeps writing (and
 * connects again after the source restarts), the target crashes during the initial copy and the
 * source crashes while changes stream — no checkpoint, crash recovery on start. PostgreSQL's slot
 * keeps the source's position, the subscription connects again by itself; after cutover every row
 * is equal on both sides and nothing of the replication is left.
 */
class OnlineRestartTest {
  @TempDir Path home;

  @Test
  void aCrashOfTheTargetDuringTheCopyAndOfTheSourceWhileStreamingLosesNothing() throws Exception {
    try (EmbeddedPostgres source =
            EmbeddedPostgres.start(home.resolve("src"), Map.of("wal_level", "logical"));
        EmbeddedPostgres target = EmbeddedPostgres.start(home.resolve("dst"))) {
      ConnectionSpec src = OnlineFixtures.shop(source, "shop_restart");
      ConnectionSpec dst = target.connection("postgres");
      OnlineMigration m = new OnlineMigration(src, dst, "public", null, home.resolve("ws"));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong committed = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      Thread w = writer(src, stop, committed, refused);
      OnlineRun run = m.start();
      try {
        target.restart(true); // the target crashes while its subscription copies the tables
        OnlineStatus streaming = waitFor(m, run, "streaming");
        assertThat(streaming.tables()).hasSize(3);

        long before = committed.get();
        source.restart(true); // the source crashes while changes stream
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (committed.get() < before + 50 && System.nanoTime() < deadline) {
          Thread.sleep(100); // the application is back and writing
        }
        assertThat(committed.get()).as("writes after the source restarted").isGreaterThan(before);
        OnlineStatus after = waitFor(m, run, "streaming");
        assertThat(after.retainedWalBytes()).as("the slot survived the crash").isNotNull();

        Cutover c =
            m.cutover(
                m.runs().load(run.id()),
                CutoverOptions.defaults().waiting(Duration.ofSeconds(90)),
                () -> true,
                x -> {});
        stop.set(true);
        w.join();
        assertThat(c.matches()).as(c.tables().toString()).isTrue();
        for (String t : List.of("customers", "orders", "order_lines")) {
          assertThat(digest(dst, t)).as(t).isEqualTo(digest(src, t));
        }
        assertNothingLeft(src, dst);
      } finally {
        stop.set(true);
        abortIfLeft(m, run);
      }
    }
  }
}
