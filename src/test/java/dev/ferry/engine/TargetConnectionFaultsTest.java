package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ScratchDatabases;
import dev.ferry.SqliteFixture;
import dev.ferry.TcpProxy;
import dev.ferry.TestDatabases;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network between Ferry and the target breaks mid-COPY, through a TCP proxy in the test: a cut
 * connection and a stalled one are rolled back and loaded again; a target that stays unreachable
 * stops the run resumably and the resume completes. Every time the target ends equal to the source,
 * compared row by row here (not by Ferry's validator).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TargetConnectionFaultsTest {
  private static final int ROWS = 60_000;

  /** Past the schema's DDL, inside the first load session's data. */
  private static final long MID_COPY = 1_500_000;

  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();
  TestDatabases.Scratch pg;
  Path source;
  TcpProxy proxy;
  final List<String> warnings = new CopyOnWriteArrayList<>();
  final MigrationListener listener =
      e -> {
        if (e instanceof MigrationEvent.Warning w) {
          warnings.add(w.message());
        }
      };

  @BeforeEach
  void setUp() throws Exception {
    pg = databases.postgres();
    source =
        SqliteFixture.create(
            dir.resolve("shop.db"),
            "CREATE TABLE items (id INTEGER PRIMARY KEY, pad TEXT NOT NULL)",
            "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < "
                + ROWS
                + ") INSERT INTO items SELECT x, printf('%090d', x * 7919) FROM s");
    proxy = new TcpProxy("127.0.0.1", 5432);
  }

  @AfterEach
  void tearDown() throws Exception {
    proxy.close();
  }

  private Ferry ferry(int stallSeconds) {
    Settings.Builder b = Settings.defaults().toBuilder();
    b.jobs = 2;
    b.chunkRows = 20_000;
    b.batchRows = 5_000;
    b.stallSeconds = stallSeconds;
    ConnectionSpec viaProxy =
        ConnectionSpec.parse(pg.url().replace(":5432/", ":" + proxy.port() + "/"));
    return Ferry.configure()
        .workspace(dir.resolve("ws"))
        .source(ConnectionSpec.sqlite(source))
        .target(viaProxy)
        .settings(b.build())
        .load();
  }

  @Test
  void aConnectionCutMidCopyIsRolledBackAndLoadedAgainWithEveryRowOnce() throws Exception {
    proxy.arm(TcpProxy.Fault.CUT, MID_COPY, 1);
    Ferry f = ferry(120);
    MigrationResult r = f.migrate(f.plan(), listener, new AtomicBoolean());
    assertThat(proxy.faults()).isEqualTo(1);
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(warnings)
        .anySatisfy(w -> assertThat(w).contains("items").contains("loading it again"));
    assertTargetEqualsSource();
  }

  @Test
  void aTargetUnreachableAfterTheCutStopsTheRunAndTheResumeCompletes() throws Exception {
    proxy.armThenRefuse(TcpProxy.Fault.CUT, MID_COPY);
    Ferry f = ferry(120);
    MigrationResult failed = f.migrate(f.plan(), listener, new AtomicBoolean());
    assertThat(proxy.faults()).isEqualTo(1);
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.message())
        .contains("items")
        .contains("ferry migrate --resume " + failed.runId());
    assertThat(count()).isLessThan(ROWS);

    proxy.refuse(false);
    MigrationResult r = f.resume(failed.runId(), listener, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertTargetEqualsSource();
  }

  @Test
  void aStalledConnectionIsDroppedItsServerSessionEndedAndTheChunkLoadedAgain() throws Exception {
    proxy.arm(TcpProxy.Fault.STALL, MID_COPY, 1);
    Ferry f = ferry(3);
    MigrationResult r = f.migrate(f.plan(), listener, new AtomicBoolean());
    assertThat(proxy.faults()).isEqualTo(1);
    // the stalled session's lock would have kept the primary key from being built
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(warnings)
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("items")
                    .contains("no data and sent no reply for 3 s")
                    .contains("loading it again"));
    assertTargetEqualsSource();
  }

  private long count() throws SQLException {
    return Long.parseLong(pg.row("SELECT count(*) AS n FROM items").get("n"));
  }

  /** Every source row in the target once, with its value: an ordered walk of both tables. */
  private void assertTargetEqualsSource() throws SQLException {
    try (Connection s = DriverManager.getConnection("jdbc:sqlite:" + source);
        Connection t = pg.connect();
        Statement ss = s.createStatement();
        Statement ts = t.createStatement();
        ResultSet a = ss.executeQuery("SELECT id, pad FROM items ORDER BY id");
        ResultSet b = ts.executeQuery("SELECT id, pad FROM items ORDER BY id")) {
      long n = 0;
      while (a.next()) {
        assertThat(b.next()).as("target row %d", n + 1).isTrue();
        assertThat(b.getLong(1)).isEqualTo(a.getLong(1));
        assertThat(b.getString(2)).isEqualTo(a.getString(2));
        n++;
      }
      assertThat(b.next()).as("a row the source does not have").isFalse();
      assertThat(n).isEqualTo(ROWS);
    }
    assertThat(pg.row("SELECT count(*) - count(DISTINCT id) AS dup FROM items"))
        .containsEntry("dup", "0");
  }
}
