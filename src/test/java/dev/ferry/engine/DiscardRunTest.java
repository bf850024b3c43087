package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ScratchDatabases;
import dev.ferry.TestDatabases;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed run is discarded so that a corrected plan starts over: what the run made goes (tables,
 * views, enum types, its own schema), what depends on it from others is named first, the run can no
 * longer be resumed, and a new run into the same target succeeds.
 */
class DiscardRunTest {
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();
  TestDatabases.Scratch source;
  TestDatabases.Scratch target;

  @BeforeEach
  void setUp() throws SQLException {
    source = databases.postgres();
    target = databases.postgres();
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TYPE mood AS ENUM ('calm', 'busy')");
      st.execute("CREATE TABLE people (id int PRIMARY KEY, m mood)");
      st.execute("INSERT INTO people SELECT g, 'calm' FROM generate_series(1, 100) g");
      st.execute("CREATE TABLE items (id int PRIMARY KEY, person int REFERENCES people(id))");
      st.execute("INSERT INTO items SELECT g, 1 + g % 100 FROM generate_series(1, 1000) g");
      st.execute("CREATE VIEW busy_people AS SELECT id FROM people WHERE m = 'busy'");
    }
  }

  private Ferry ferry(String schema) {
    Settings.Builder b = Settings.defaults().toBuilder();
    b.jobs = 1;
    b.lockTimeoutSeconds = 1;
    return Ferry.configure()
        .source(source.spec())
        .target(target.spec())
        .targetSchema(schema)
        .workspace(dir.resolve("ws"))
        .settings(b.build())
        .load();
  }

  /** A run that fails in its load: a lock on items is held through every retry, then let go. */
  private MigrationResult failedRun(Ferry f, String schema) throws Exception {
    java.util.concurrent.atomic.AtomicReference<Connection> locker =
        new java.util.concurrent.atomic.AtomicReference<>();
    MigrationListener lock =
        e -> {
          if (e instanceof MigrationEvent.PhaseStarted p && p.phase() == Phase.DATA) {
            try {
              Connection c = target.connect();
              c.setAutoCommit(false);
              try (Statement st = c.createStatement()) {
                st.execute("LOCK TABLE \"" + schema + "\".items IN ACCESS EXCLUSIVE MODE");
              }
              locker.set(c);
            } catch (SQLException ex) {
              throw new IllegalStateException(ex);
            }
          }
        };
    MigrationResult r;
    try {
      r = f.migrate(f.plan(), lock, new AtomicBoolean());
    } finally {
      if (locker.get() != null) {
        locker.get().rollback();
        locker.get().close();
      }
    }
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.FAILED);
    return r;
  }

  @Test
  void discardingNamesWhatOthersBuiltOnTheRunsTablesDropsTheRestAndANewRunSucceeds()
      throws Exception {
    Ferry f = ferry("public");
    MigrationResult failed = failedRun(f, "public");
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      // someone else builds on a table of the failed run
      st.execute("CREATE VIEW someone_elses AS SELECT count(*) FROM people");
      st.execute("CREATE TABLE keep_me (id int)");
    }

    DiscardPlan plan = f.discardPlan(failed.runId());
    assertThat(plan.dropSchema()).isFalse();
    assertThat(plan.tables()).containsExactly("items", "people");
    // the view is made after the load: this run never got there
    assertThat(plan.views()).isEmpty();
    assertThat(plan.types()).containsExactly("mood");
    assertThat(plan.alsoDropped()).containsExactly("view public.someone_elses");
    assertThat(plan.describe())
        .contains(target.name() + ".public")
        .contains("2 tables: items, people")
        .contains("someone_elses")
        .contains("can no longer be resumed");

    f.discard(plan);
    assertThat(
            target.column(
                "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                    + " AND relkind IN ('r', 'v') ORDER BY 1"))
        .containsExactly("keep_me");
    assertThat(target.column("SELECT to_regtype('public.mood')::text")).containsOnlyNulls();
    assertThat(target.column("SELECT to_regnamespace('ferry_state')::text")).containsOnlyNulls();
    assertThatThrownBy(() -> f.resume(failed.runId(), MigrationListener.NONE, new AtomicBoolean()))
        .hasMessageContaining("discarded");
    assertThatThrownBy(() -> f.discard(plan)).hasMessageContaining("discarded already");

    MigrationResult again = f.migrate(f.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(again.status()).as(again.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(target.row("SELECT count(*) AS n FROM items")).containsEntry("n", "1000");
  }

  @Test
  void aSchemaTheRunCreatedIsDroppedWholeAndAStalePlanIsRefused() throws Exception {
    Ferry f = ferry("landing");
    MigrationResult failed = failedRun(f, "landing");
    DiscardPlan plan = f.discardPlan(failed.runId());
    assertThat(plan.dropSchema()).isTrue();
    assertThat(plan.describe()).contains("schema landing and everything in it");
    assertThat(plan.alsoDropped()).isEmpty();

    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE landing.arrived_since (id int)");
    }
    // the confirmation showed another target than there is now: nothing is dropped
    assertThatThrownBy(() -> f.discard(plan))
        .hasMessageContaining("changed since the discard was planned");
    assertThat(target.column("SELECT to_regclass('landing.items')::text"))
        .containsExactly("landing.items");

    DiscardPlan now = f.discardPlan(failed.runId());
    // what others put in the schema since is named before the schema goes
    assertThat(now.alsoDropped()).containsExactly("table landing.arrived_since");
    f.discard(now);
    assertThat(target.column("SELECT to_regnamespace('landing')::text")).containsOnlyNulls();
  }
}
