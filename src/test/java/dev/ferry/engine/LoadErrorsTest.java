package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ScratchDatabases;
import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only bad data is a bad row: a target that does not fit the plan is refused before a row moves,
 * and privilege or lock errors during the load stop the run with their real cause (transient ones
 * retried first) instead of filling the reject file with good rows.
 */
class LoadErrorsTest {
  private static final int ROWS = 1001;
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();
  TestDatabases.Scratch pg;
  Path items;

  @BeforeEach
  void setUp() throws SQLException {
    pg = databases.postgres();
    items =
        SqliteFixture.create(
            dir.resolve("shop.db"),
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL)",
            "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < "
                + ROWS
                + ") INSERT INTO items SELECT x, 'item ' || x, x * 1.5 FROM s");
  }

  private Ferry ferry(ConnectionSpec target, Settings settings) {
    return Ferry.configure()
        .target(target)
        .workspace(dir.resolve("ws"))
        .settings(settings)
        .source(ConnectionSpec.sqlite(items))
        .load();
  }

  private static Settings settings(IfExists ifExists) {
    Settings.Builder b = Settings.defaults().toBuilder();
    b.jobs = 1;
    b.chunkRows = 400;
    b.ifExists = ifExists;
    return b.build();
  }

  private void target(String... sql) throws SQLException {
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }

  private static long lines(MigrationResult r, Path ws) throws Exception {
    Path rejects = ws.resolve("runs").resolve(r.runId()).resolve("rejects");
    if (!Files.isDirectory(rejects)) {
      return 0;
    }
    long n = 0;
    try (var files = Files.list(rejects)) {
      for (Path f : files.toList()) {
        n += Files.readAllLines(f).size();
      }
    }
    return n;
  }

  @Test
  void appendingIntoATableThatLacksAColumnIsABlockerBeforeAnyRowMoves() throws Exception {
    target(
        "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL)",
        "INSERT INTO items VALUES (0, 'kept')");
    Ferry f = ferry(pg.spec(), settings(IfExists.APPEND));
    List<Finding> blockers =
        f.assess(f.plan(), true).findings().stream()
            .filter(x -> x.severity() == Severity.BLOCKER)
            .toList();
    assertThat(blockers)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.id()).isEqualTo("target-columns");
              assertThat(b.object()).isEqualTo("items");
              assertThat(b.message())
                  .contains("price")
                  .contains("double precision")
                  .contains("missing");
            });
    assertThatThrownBy(() -> f.migrate(f.plan(), MigrationListener.NONE, new AtomicBoolean()))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("nothing was written")
        .hasMessageContaining("price")
        .hasMessageNotContaining("rejected")
        .hasMessageNotContaining("error budget");
    assertThat(pg.row("SELECT count(*) AS n FROM items")).containsEntry("n", "1");
    assertThat(pg.column("SELECT nspname FROM pg_namespace WHERE nspname = 'ferry_state'"))
        .isEmpty();
  }

  @Test
  void existingColumnsOfTypesTheValuesCannotEnterAndRequiredExtraColumnsAreBlockers()
      throws Exception {
    target(
        "CREATE TABLE items (id bigint PRIMARY KEY, name integer, price double precision,"
            + " owner text NOT NULL)");
    Ferry f = ferry(pg.spec(), settings(IfExists.TRUNCATE));
    List<Finding> blockers =
        f.assess(f.plan(), true).findings().stream()
            .filter(x -> x.severity() == Severity.BLOCKER)
            .toList();
    assertThat(blockers).hasSize(2).allSatisfy(b -> assertThat(b.id()).isEqualTo("target-columns"));
    assertThat(blockers)
        .anySatisfy(
            b -> assertThat(b.message()).contains("name").contains("text").contains("integer"))
        .anySatisfy(
            b ->
                assertThat(b.message()).contains("owner").contains("NOT NULL").contains("default"));
    assertThatThrownBy(() -> f.migrate(f.plan(), MigrationListener.NONE, new AtomicBoolean()))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("owner");
  }

  @Test
  void anExistingTableWithExtraNullableColumnsAndWiderTypesTakesTheRows() throws Exception {
    target(
        "CREATE TABLE items (id bigint PRIMARY KEY, name varchar(40) NOT NULL, price numeric,"
            + " note text, added timestamptz NOT NULL DEFAULT now())");
    Settings.Builder b = settings(IfExists.APPEND).toBuilder();
    b.validate = false;
    Ferry f = ferry(pg.spec(), b.build());
    assertThat(f.assess(f.plan(), true).findings())
        .noneMatch(x -> x.severity() == Severity.BLOCKER);
    MigrationResult r = f.migrate(f.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(pg.row("SELECT count(*) AS n, sum(price) AS s FROM items"))
        .containsEntry("n", String.valueOf(ROWS))
        .containsEntry("s", "752251.5");
  }

  @Test
  void aPermissionErrorMidRunStopsTheRunWithTheRealCauseAndRejectsNothing() throws Exception {
    String role = "ferry_loader_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection admin = DriverManager.getConnection(TestDatabases.pgAdminUrl());
        Statement st = admin.createStatement()) {
      st.execute("CREATE ROLE " + role + " LOGIN");
    }
    try {
      target(
          "GRANT CREATE ON DATABASE " + pg.name() + " TO " + role,
          "GRANT USAGE, CREATE ON SCHEMA public TO " + role);
      ConnectionSpec asLoader =
          ConnectionSpec.parse(pg.url().replace("user=postgres", "user=" + role));
      // once the tables exist, the load's role loses INSERT on the one it is about to fill
      MigrationListener revoke =
          e -> {
            if (e instanceof MigrationEvent.PhaseStarted p && p.phase() == Phase.DATA) {
              try {
                target("REVOKE INSERT ON items FROM " + role);
              } catch (SQLException ex) {
                throw new IllegalStateException(ex);
              }
            }
          };
      Ferry f = ferry(asLoader, settings(IfExists.FAIL));
      MigrationResult r = f.migrate(f.plan(), revoke, new AtomicBoolean());
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.message())
          .contains("permission denied for table items")
          .contains("42501")
          .contains("items")
          .contains("chunk")
          .doesNotContain("error budget");
      assertThat(r.rowsRejected()).isZero();
      assertThat(lines(r, dir.resolve("ws"))).isZero();
      assertThat(pg.row("SELECT count(*) AS n FROM items")).containsEntry("n", "0");
    } finally {
      target("DROP OWNED BY " + role);
      try (Connection admin = DriverManager.getConnection(TestDatabases.pgAdminUrl());
          Statement st = admin.createStatement()) {
        st.execute("DROP ROLE " + role);
      }
    }
  }

  /** Holds an ACCESS EXCLUSIVE lock on items from the start of the load for {@code millis}. */
  private MigrationListener lockDuringLoad(long millis, List<Throwable> errors) {
    return e -> {
      if (e instanceof MigrationEvent.PhaseStarted p && p.phase() == Phase.DATA) {
        try {
          Connection locker = pg.connect();
          locker.setAutoCommit(false);
          try (Statement st = locker.createStatement()) {
            st.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
          }
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (locker) {
                      Thread.sleep(millis);
                      locker.rollback();
                    } catch (Exception ex) {
                      errors.add(ex);
                    }
                  });
        } catch (SQLException ex) {
          throw new IllegalStateException(ex);
        }
      }
    };
  }

  @Test
  void aLockTimeoutIsRetriedAndTheRunSucceedsOnceTheLockIsReleased() throws Exception {
    // a genuinely bad row in the chunk that is retried: rejected once, not once per attempt
    SqliteFixture.create(items, "UPDATE items SET name = CAST(x'61006200' AS TEXT) WHERE id = 5");
    // short enough that splitting the batch would reach single rows while the lock is held
    target("ALTER DATABASE " + pg.name() + " SET lock_timeout = '50ms'");
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<String> warnings = new CopyOnWriteArrayList<>();
    MigrationListener locked = lockDuringLoad(1000, errors);
    Ferry f = ferry(pg.spec(), settings(IfExists.FAIL));
    MigrationResult r =
        f.migrate(
            f.plan(),
            e -> {
              locked.onEvent(e);
              if (e instanceof MigrationEvent.Warning w) {
                warnings.add(w.message());
              }
            },
            new AtomicBoolean());
    assertThat(errors).isEmpty();
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED_WITH_REJECTS);
    assertThat(r.rowsRejected()).isEqualTo(1);
    assertThat(lines(r, dir.resolve("ws"))).isEqualTo(1);
    assertThat(pg.row("SELECT count(*) AS n, count(DISTINCT id) AS d FROM items"))
        .containsEntry("n", String.valueOf(ROWS - 1))
        .containsEntry("d", String.valueOf(ROWS - 1));
    assertThat(pg.column("SELECT id FROM items WHERE id = 5")).isEmpty();
    assertThat(r.tables().get(0).rowsLoaded()).isEqualTo(ROWS - 1);
    assertThat(r.validation().tables().get(0).status()).isEqualTo("MATCH_EXCEPT_REJECTS");
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("items").contains("55P03"));
  }

  @Test
  void aLockHeldThroughEveryRetryStopsTheRunNamingTheLock() throws Exception {
    target("ALTER DATABASE " + pg.name() + " SET lock_timeout = '100ms'");
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    Ferry f = ferry(pg.spec(), settings(IfExists.FAIL));
    MigrationResult r = f.migrate(f.plan(), lockDuringLoad(6000, errors), new AtomicBoolean());
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.message())
        .contains("items")
        .contains("chunk")
        .contains("55P03")
        .contains("lock timeout")
        .contains("resume with");
    assertThat(r.rowsRejected()).isZero();
    assertThat(lines(r, dir.resolve("ws"))).isZero();
  }

  @Test
  void thePlansLockTimeoutBoundsTheWaitForALockedTableEvenWhenTheServerSetsNone() throws Exception {
    Settings.Builder b = settings(IfExists.FAIL).toBuilder();
    b.lockTimeoutSeconds = 1;
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    Ferry f = ferry(pg.spec(), b.build());
    // held longer than every attempt together: without the plan's timeout the load would wait
    MigrationResult r = f.migrate(f.plan(), lockDuringLoad(30_000, errors), new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.FAILED);
    assertThat(r.message()).contains("items").contains("55P03").contains("lock timeout");
    assertThat(r.rowsRejected()).isZero();
  }
}
