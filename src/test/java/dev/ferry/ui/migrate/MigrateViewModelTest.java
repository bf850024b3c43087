package dev.ferry.ui.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.backup.Manifests;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.Waiver;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.schema.Analyze;
import dev.ferry.ui.assess.AssessViewModel;
import dev.ferry.ui.common.CurrentThreadTaskExecutor;
import dev.ferry.ui.common.Outcome;
import dev.ferry.ui.common.ThreadTaskExecutor;
import dev.ferry.ui.migrate.MigrateViewModel.RunState;
import dev.ferry.ui.session.MigrationSession;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Migrate step without the toolkit: progress from the engine's events, Pause stopping at a safe
 * point and Resume finishing with exactly the source's rows.
 */
class MigrateViewModelTest {
  @TempDir Path dir;

  private static void await(Callable<Boolean> condition) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(20);
    }
  }

  @Test
  void backUpFirstTakesVerifiedBackupsOfTheSourceAndTheTargetBeforeWriting() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("shop.db"),
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)",
            "INSERT INTO items VALUES (1, 'pen'), (2, 'ink')");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      MigrationSession session = new MigrationSession(dir.resolve("ws"));
      session.sourcesProperty().set(List.of(ConnectionSpec.sqlite(db)));
      session.targetProperty().set(pg.spec());
      new AssessViewModel(session, new CurrentThreadTaskExecutor()).run();
      MigrateViewModel vm = new MigrateViewModel(session, new CurrentThreadTaskExecutor());
      vm.backupFirstProperty().set(true);
      vm.start();
      assertThat(vm.stateProperty().get()).isEqualTo(RunState.DONE);
      assertThat(vm.log())
          .anyMatch(l -> l.startsWith("backup of shop.db: "))
          .anyMatch(l -> l.startsWith("backup of " + pg.name() + ": "));
      var backups = Manifests.list(dir.resolve("ws").resolve("backups"));
      assertThat(backups).hasSize(2);
      for (var b : backups) {
        assertThat(Manifests.verify(Path.of(b.file()))).isEmpty();
      }
    }
  }

  @Test
  void objectsTheTargetRefusedAreListedAndTheRunReadsAsAFailure() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("v.db"),
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)",
            "INSERT INTO items VALUES (1, 'pen'), (2, 'ink')",
            "CREATE VIEW p_items AS SELECT id FROM items WHERE name GLOB 'p*'");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      MigrationSession session = new MigrationSession(dir.resolve("ws"));
      session.sourcesProperty().set(List.of(ConnectionSpec.sqlite(db)));
      session.targetProperty().set(pg.spec());
      new AssessViewModel(session, new CurrentThreadTaskExecutor()).run();
      // the DBA waives the rehearsal's blocker: the run goes ahead and the view fails
      session
          .planProperty()
          .set(
              session
                  .planProperty()
                  .get()
                  .withWaivers(
                      List.of(new Waiver("schema-rehearsal", "view p_items", "later", "dba"))));
      MigrateViewModel vm = new MigrateViewModel(session, new CurrentThreadTaskExecutor());
      assertThat(vm.outcomeProperty().get()).isEqualTo(Outcome.NONE);
      vm.start();
      assertThat(vm.resultProperty().get().status()).isEqualTo(RunStatus.OBJECTS_FAILED);
      assertThat(vm.outcomeProperty().get()).isEqualTo(Outcome.FAILURE);
      assertThat(vm.statusProperty().get())
          .isEqualTo(
              "✗ OBJECTS_FAILED: 2 rows loaded, but 1 object of the schema failed (listed below,"
                  + " with PostgreSQL's reason).");
      assertThat(vm.failedObjects())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.object()).startsWith("view p_items");
                assertThat(e.detail()).contains("syntax error at or near \"GLOB\"");
              });
    }
  }

  @Test
  void aFailedRunIsDiscardedAfterConfirmationAndStartRunsThePlanAfresh() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("e.db"),
            "CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT)",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
                + " INSERT INTO events SELECT i, 'event ' || i FROM n");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      MigrationSession session = new MigrationSession(dir.resolve("ws"));
      session.sourcesProperty().set(List.of(ConnectionSpec.sqlite(db)));
      session.targetProperty().set(pg.spec());
      new AssessViewModel(session, new CurrentThreadTaskExecutor()).run();
      Settings.Builder b = session.planProperty().get().settings().toBuilder();
      b.lockTimeoutSeconds = 1;
      session.planProperty().set(session.planProperty().get().withSettings(b.build()));
      // someone locks the table as soon as the run has made it: the load fails
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      Thread locker =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (var c = pg.connect()) {
                      c.setAutoCommit(false);
                      while (true) {
                        try (ResultSet rs =
                            c.createStatement()
                                .executeQuery("SELECT to_regclass('public.events') IS NOT NULL")) {
                          rs.next();
                          if (rs.getBoolean(1)) {
                            break;
                          }
                        }
                        c.rollback();
                        Thread.sleep(5);
                      }
                      c.createStatement()
                          .execute("LOCK TABLE public.events IN ACCESS EXCLUSIVE MODE");
                      release.await();
                      c.rollback();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  });
      MigrateViewModel vm = new MigrateViewModel(session, new ThreadTaskExecutor());
      vm.start();
      await(() -> vm.stateProperty().get() == RunState.FAILED);
      release.countDown();
      locker.join();
      assertThat(vm.canStartBinding().get()).isFalse();
      assertThat(vm.canDiscardBinding().get()).isTrue();

      java.util.concurrent.atomic.AtomicReference<dev.ferry.engine.DiscardPlan> shown =
          new java.util.concurrent.atomic.AtomicReference<>();
      vm.planDiscard(shown::set);
      await(() -> shown.get() != null);
      assertThat(shown.get().tables()).containsExactly("events");
      assertThat(shown.get().describe()).contains("1 table: events");
      vm.discard(shown.get());
      await(() -> vm.stateProperty().get() == RunState.IDLE);
      assertThat(vm.statusProperty().get()).contains("discarded");
      assertThat(pg.column("SELECT to_regclass('public.events')::text")).containsOnlyNulls();
      assertThat(vm.canStartBinding().get()).isTrue();

      vm.start();
      await(() -> vm.stateProperty().get() == RunState.DONE);
      assertThat(vm.resultProperty().get().status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(pg.row("SELECT count(*) AS n FROM events")).containsEntry("n", "5000");
    }
  }

  @Test
  void pauseStopsAtASafePointAndResumeFinishesWithEveryRow() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("big.db"),
            "CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT, at TIMESTAMP)",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000)"
                + " INSERT INTO events SELECT i, printf('event %d with some text', i),"
                + " datetime(1700000000 + i, 'unixepoch') FROM n");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      MigrationSession session = new MigrationSession(dir.resolve("ws"));
      Settings.Builder s = Settings.defaults().toBuilder();
      s.chunkRows = 20_000;
      s.batchRows = 2_000;
      s.jobs = 1;
      session.settingsProperty().set(s.build());
      session.sourcesProperty().set(List.of(ConnectionSpec.sqlite(db)));
      session.targetProperty().set(pg.spec());
      new AssessViewModel(session, new CurrentThreadTaskExecutor()).run();

      ThreadTaskExecutor executor = new ThreadTaskExecutor();
      MigrateViewModel vm = new MigrateViewModel(session, executor);
      assertThat(vm.canStartBinding().get()).isTrue();
      vm.start();
      await(
          () -> vm.stateProperty().get() == RunState.RUNNING && vm.progressProperty().get() > 0.1);
      assertThat(vm.tables())
          .singleElement()
          .satisfies(t -> assertThat(t.table()).isEqualTo("events"));
      vm.pause();
      await(() -> vm.stateProperty().get() == RunState.PAUSED);
      assertThat(vm.resumableProperty().get()).isTrue();
      assertThat(vm.resultProperty().get().status()).isEqualTo(RunStatus.INTERRUPTED);
      long committed;
      try (var c = pg.connect();
          ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM public.events")) {
        rs.next();
        committed = rs.getLong(1);
      }
      assertThat(committed).isPositive().isLessThan(400_000).isEqualTo(committed / 20_000 * 20_000);
      assertThat(vm.statusProperty().get()).startsWith("Paused: ");

      vm.resume();
      await(() -> vm.stateProperty().get() == RunState.DONE);
      assertThat(vm.resultProperty().get().status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(vm.resultProperty().get().validation().ok()).isTrue();
      try (var c = pg.connect();
          ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM public.events")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(400_000);
      }
      assertThat(vm.log()).anyMatch(l -> l.startsWith("events: "));
      assertThat(vm.samples()).isNotEmpty();
    }
  }

  @Test
  void aTableShowsItsKeysBuildingWhileAnotherStillLoads() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("two.db"),
            "CREATE TABLE first (id INTEGER PRIMARY KEY, n INTEGER)",
            "CREATE INDEX first_n ON first (n)",
            "CREATE TABLE second (id INTEGER PRIMARY KEY, body TEXT)",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150000)"
                + " INSERT INTO first SELECT i, i % 1000 FROM n",
            "INSERT INTO second SELECT id, printf('%.300c', 'x') || id FROM first"
                + " WHERE id <= 120000");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      MigrationSession session = new MigrationSession(dir.resolve("ws2"));
      Settings.Builder s = Settings.defaults().toBuilder();
      s.chunkRows = 10_000;
      s.jobs = 2;
      session.settingsProperty().set(s.build());
      session.sourcesProperty().set(List.of(ConnectionSpec.sqlite(db)));
      session.targetProperty().set(pg.spec());
      new AssessViewModel(session, new CurrentThreadTaskExecutor()).run();
      MigrateViewModel vm = new MigrateViewModel(session, new ThreadTaskExecutor());
      vm.start();
      java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
      while (vm.stateProperty().get() != RunState.DONE
          && vm.stateProperty().get() != RunState.FAILED) {
        String first = state(vm, "first");
        String second = state(vm, "second");
        seen.add(first + " | " + second);
        Thread.sleep(10);
      }
      assertThat(vm.resultProperty().get().status()).isEqualTo(RunStatus.SUCCEEDED);
      // the larger table's keys were shown building (naming the key or index) or built while the
      // other still loaded
      assertThat(seen)
          .anyMatch(
              p ->
                  p.matches("building keys: (primary key|index) .+ \\| loading")
                      || p.equals("keys built | loading"));
      assertThat(vm.tables()).allMatch(t -> t.stateProperty().get().equals("done"));
    }
  }

  @Test
  void aTablesStateSaysWhatIsBeingBuiltAndWhenItIsVacuumed() {
    MigrateViewModel vm =
        new MigrateViewModel(
            new MigrationSession(dir.resolve("ws3")), new CurrentThreadTaskExecutor());
    var events = vm.listener();
    events.onEvent(
        new MigrationEvent.TableFinished(Phase.DATA, "orders", 10, 0, Duration.ofSeconds(1)));
    vm.flush();
    assertThat(state(vm, "orders")).isEqualTo("loaded");
    events.onEvent(
        new MigrationEvent.WorkStarted(
            Phase.CONSTRAINTS, "orders", "INDEX", "index orders_customer"));
    vm.flush();
    assertThat(state(vm, "orders")).isEqualTo("building keys: index orders_customer");
    events.onEvent(
        new MigrationEvent.WorkStarted(
            Phase.CONSTRAINTS, "orders", Analyze.VACUUM, Analyze.VACUUM_WHAT));
    vm.flush();
    assertThat(state(vm, "orders")).isEqualTo("vacuum and analyze");
    java.time.Instant now = java.time.Instant.now();
    events.onEvent(
        new MigrationEvent.Span(
            Phase.CONSTRAINTS, "orders", Analyze.VACUUM, Analyze.VACUUM_WHAT, now, now, true));
    vm.flush();
    assertThat(state(vm, "orders")).isEqualTo("keys built");
  }

  private static String state(MigrateViewModel vm, String table) {
    return vm.tables().stream()
        .filter(t -> t.table().equals(table))
        .map(t -> t.stateProperty().get())
        .findFirst()
        .orElse("-");
  }
}
