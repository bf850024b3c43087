package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ScratchDatabases;
import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.journal.RunRecord;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code ferry migrate} process is killed with SIGKILL (or stopped with SIGTERM, as Ctrl-C
 * does) in the middle of a table; {@code resume} must end with exactly the source's rows.
 */
class ResumeTest {
  private static final int ROWS = 600_000;

  /** Rows with text in an INTEGER column: rejected, once each, however often the run restarts. */
  private static final int BAD = 6;

  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();
  TestDatabases.Scratch pg;
  Path source;

  @BeforeEach
  void setUp() throws SQLException {
    pg = databases.postgres();
    source =
        SqliteFixture.create(
            dir.resolve("big source.db"),
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL, total NUMERIC(10,2), note TEXT)",
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
            "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < "
                + ROWS
                + ")"
                + " INSERT INTO orders SELECT x, x % 1000, (x % 50000) / 100.0, printf('order %d with some text to make rows wider', x) FROM s",
            "UPDATE orders SET customer = 'nobody' WHERE id % 100000 = 0",
            "WITH RECURSIVE s(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM s WHERE x < 999)"
                + " INSERT INTO customers SELECT x, 'customer ' || x FROM s");
  }

  private Process startMigrate(Path workspace) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.ferry.Main",
                "migrate",
                "--source",
                "jdbc:sqlite:" + source,
                "--target",
                pg.url(),
                "--workspace",
                workspace.toString(),
                "--chunk-rows",
                "30000",
                "--batch-rows",
                "5000",
                "--jobs",
                "1",
                "-q"));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
  }

  private long committedChunks() throws SQLException {
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM ferry_state.copied_chunks")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return 0; // not created yet
    }
  }

  private long targetRows() throws SQLException {
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT id) FROM orders")) {
      rs.next();
      assertThat(rs.getLong(1)).as("no duplicate ids").isEqualTo(rs.getLong(2));
      return rs.getLong(1);
    }
  }

  private void waitForChunks(long n, Process p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (committedChunks() < n) {
      assertThat(p.isAlive()).as("migration still running (see child.log)").isTrue();
      assertThat(System.nanoTime()).as("chunks committed in time").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void aRunKilledWithSigkillMidTableResumesToExactlyTheSourceRows() throws Exception {
    Path ws = dir.resolve("ws");
    Process p = startMigrate(ws);
    waitForChunks(3, p);
    p.destroyForcibly(); // SIGKILL: no hook, no rollback, the open chunk's transaction dies with
    // the connection
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long before = targetRows();
    assertThat(before).isGreaterThan(0).isLessThan(ROWS);

    Ferry ferry = Ferry.configure().workspace(ws).load();
    RunRecord killed = ferry.runs().get(0);
    assertThat(killed.isAbandoned()).isTrue();
    MigrationResult r = ferry.resume(null, MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED_WITH_REJECTS);
    assertThat(r.runId()).isEqualTo(killed.runId());
    assertThat(targetRows()).isEqualTo(ROWS - BAD);
    assertThat(r.rowsRejected()).isEqualTo(BAD);
    Path rejectFile = ws.resolve("runs").resolve(r.runId()).resolve("rejects/orders.rejects.jsonl");
    assertThat(Files.readAllLines(rejectFile)).hasSize(BAD);
    assertThat(r.validation().ok()).as(r.validation().summary()).isTrue();
    assertThat(r.validation().tables())
        .extracting(v -> v.status())
        .contains("MATCH_EXCEPT_REJECTS");
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = 'ferry_state'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("checkpoint table removed after success").isZero();
    }
  }

  @Test
  void aRunStoppedLikeCtrlCIsMarkedInterruptedAndResumes() throws Exception {
    Path ws = dir.resolve("ws");
    Process p = startMigrate(ws);
    waitForChunks(2, p);
    p.destroy(); // SIGTERM runs the shutdown hooks, as SIGINT (Ctrl-C) does
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Ferry ferry = Ferry.configure().workspace(ws).source(ConnectionSpec.sqlite(source)).load();
    RunRecord stopped = ferry.runs().get(0);
    assertThat(stopped.status())
        .as(Files.readString(dir.resolve("child.log")))
        .isEqualTo(RunStatus.INTERRUPTED);
    assertThat(stopped.message()).contains("ferry migrate --resume " + stopped.runId());
    MigrationResult r = ferry.resume(stopped.runId(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED_WITH_REJECTS);
    assertThat(targetRows()).isEqualTo(ROWS - BAD);
    assertThat(r.rowsRejected()).isEqualTo(BAD);
  }

  @Test
  void aCutTargetConnectionFailsTheRunAndResumeLosesNothing() throws Exception {
    Path ws = dir.resolve("ws");
    Settings.Builder b = Settings.defaults().toBuilder();
    b.chunkRows = 30_000;
    b.batchRows = 5_000;
    b.jobs = 2;
    Ferry ferry =
        Ferry.configure()
            .workspace(ws)
            .source(ConnectionSpec.sqlite(source))
            .target(pg.spec())
            .settings(b.build())
            .load();
    AtomicBoolean cut = new AtomicBoolean();
    MigrationListener cutter =
        e -> {
          if (e instanceof MigrationEvent.TableProgress p
              && p.rowsDone() > 100_000
              && cut.compareAndSet(false, true)) {
            try (Connection c = DriverManager.getConnection(TestDatabases.pgAdminUrl());
                Statement st = c.createStatement()) {
              // what a network cut or a DBA's pg_terminate_backend does to Ferry's COPY sessions
              st.execute(
                  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                      + pg.name()
                      + "' AND application_name = 'ferry'");
            } catch (SQLException ex) {
              throw new IllegalStateException(ex);
            }
          }
        };
    MigrationResult failed = ferry.migrate(ferry.plan(), cutter, new AtomicBoolean());
    assertThat(cut.get()).isTrue();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    // the server's "terminating connection" notice, or the driver's I/O error when the socket
    // closes first
    assertThat(failed.message())
        .containsAnyOf("terminating connection", "connection was lost")
        .contains("ferry migrate --resume " + failed.runId());
    // the stack trace is kept for a bug report in the run's folder, not printed
    assertThat(
            Files.readString(
                ferry.workspace().resolve("runs").resolve(failed.runId()).resolve("failure.log")))
        .contains("\tat ");
    long before = targetRows();
    assertThat(before).isLessThan(ROWS - BAD);

    MigrationResult r = ferry.resume(failed.runId(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED_WITH_REJECTS);
    assertThat(targetRows()).isEqualTo(ROWS - BAD);
    assertThat(r.rowsRejected()).isEqualTo(BAD);
    assertThat(r.validation().ok()).as(r.validation().summary()).isTrue();
  }
}
