package dev.ferry.engine.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.plan.MigrationPlan;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement of the target's DDL runs as exactly one statement, in the run and in its rehearsal:
 * text from the source (a view's body) that smuggles in a second one is refused before anything
 * runs.
 */
class DdlRunnerTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();
  private final List<LedgerEntry> ledger = new ArrayList<>();
  private final DdlRunner runner =
      new DdlRunner(MigrationListener.NONE, warnings::add, ledger::add);

  private static long deadlocks(TestDatabases.Scratch pg) throws Exception {
    return Long.parseLong(
        pg.column("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
            .get(0));
  }

  private static boolean exists(TestDatabases.Scratch pg, String table) throws Exception {
    return !pg.column("SELECT relname FROM pg_class WHERE relname = '" + table + "'").isEmpty();
  }

  @Test
  void aViewWhoseBodyHoldsASecondStatementDoesNotRunIt() throws Exception {
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect()) {
      c.createStatement().execute("CREATE TABLE victim (id int)");
      Ddl view =
          Ddl.optional("v", "view v", "CREATE VIEW v AS SELECT 1 AS one; DROP TABLE victim")
              .makes(Ddl.Kind.VIEW, "v");
      assertThat(runner.execute(c, view, Phase.SCHEMA)).isFalse();
      assertThat(exists(pg, "victim")).isTrue();
      assertThat(exists(pg, "v")).isFalse();
      assertThat(warnings)
          .singleElement()
          .satisfies(
              w ->
                  assertThat(w)
                      .startsWith("view v was not created: ")
                      .contains("2 statements in one")
                      .contains("DROP TABLE victim"));
      assertThat(ledger).singleElement().matches(e -> e.state() == ObjectState.FAILED);

      Ddl table = Ddl.of("t", "table t", "CREATE TABLE t (id int); DROP TABLE victim");
      assertThatThrownBy(() -> runner.execute(c, table, Phase.SCHEMA))
          .isInstanceOf(FerryException.class)
          .hasMessageContaining("Creating table t failed");
      assertThat(exists(pg, "victim")).isTrue();
      assertThat(exists(pg, "t")).isFalse();

      // one statement with semicolons in strings, comments and a function body still runs
      Ddl routine =
          Ddl.of(
              null,
              "function f",
              "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'a;b'; END; $$;"
                  + " -- trailing; comment",
              "CREATE VIEW w AS SELECT f() AS x /* ; */");
      assertThat(runner.execute(c, routine, Phase.SCHEMA)).isTrue();
      assertThat(pg.column("SELECT x FROM w")).containsExactly("a;b");
    }
  }

  @Test
  void theRehearsalDoesNotRunASecondStatementEither() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("s.db"),
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)",
            "CREATE VIEW emails AS SELECT email FROM users");
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect()) {
      c.createStatement().execute("CREATE TABLE victim (id int)");
      Ferry ferry =
          Ferry.configure()
              .target(pg.spec())
              .workspace(dir.resolve("ws"))
              .source(ConnectionSpec.sqlite(db))
              .load();
      MigrationPlan plan = ferry.plan();
      SchemaScript s = ferry.ddl(plan);
      // the view as a translator that let a statement through would write it: its COMMIT would
      // end the rehearsal's transaction, so the DROP would stay
      Ddl smuggled =
          Ddl.optional(
                  null,
                  "view emails",
                  "CREATE VIEW emails AS SELECT 1 AS one; COMMIT; DROP TABLE victim")
              .makes(Ddl.Kind.VIEW, "emails");
      SchemaScript injected =
          new SchemaScript(
              s.prelude(),
              s.tables(),
              s.afterTables(),
              s.keys(),
              s.indexes(),
              s.checks(),
              s.foreignKeys(),
              s.triggers(),
              List.of(smuggled),
              s.finishing(),
              s.accounted(),
              s.notCarried());
      List<Rehearsal.Outcome> outcomes = Rehearsal.run(c, plan, injected);
      assertThat(exists(pg, "victim")).isTrue();
      assertThat(exists(pg, "users")).isFalse(); // rolled back
      assertThat(outcomes)
          .filteredOn(o -> o.ddl() == smuggled)
          .singleElement()
          .satisfies(o -> assertThat(o.error()).contains("3 statements in one"));
    }
  }

  @Test
  void aForeignKeyChosenAsADeadlocksVictimIsAddedOnceTheOtherSessionWentAhead() throws Exception {
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect();
        Connection other = pg.connect()) {
      c.createStatement()
          .execute(
              "CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int, p int);"
                  + " INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1)");
      // the other session waits longest before looking for deadlocks: Ferry's is the victim
      c.createStatement().execute("SET deadlock_timeout = '2s'");
      long deadlocksBefore = deadlocks(pg);
      other.createStatement().execute("SET deadlock_timeout = '30s'");
      other.setAutoCommit(false);
      other.createStatement().execute("LOCK TABLE parent IN SHARE ROW EXCLUSIVE MODE");
      Ddl fk =
          new Ddl(
                  "child",
                  "foreign key child_p_fkey → parent",
                  List.of(
                      "ALTER TABLE child ADD CONSTRAINT child_p_fkey FOREIGN KEY (p)"
                          + " REFERENCES parent (id) NOT VALID",
                      "ALTER TABLE child VALIDATE CONSTRAINT child_p_fkey"),
                  true,
                  "parent")
              .makes(Ddl.Kind.FOREIGN_KEY, "child_p_fkey");
      var adding =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return runner.execute(c, fk, Phase.CONSTRAINTS);
                } catch (java.sql.SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      // Ferry's session holds child and waits for parent; the other now waits for child
      long until = System.nanoTime() + 10_000_000_000L;
      boolean waiting = false;
      while (!waiting && System.nanoTime() < until) {
        waiting =
            !pg.column(
                    "SELECT pid FROM pg_locks WHERE NOT granted AND relation = 'parent'::regclass")
                .isEmpty();
        Thread.sleep(20);
      }
      assertThat(waiting).as("Ferry's session waits for parent").isTrue();
      // before Ferry's session looks for a deadlock (after 2 s): it finds one, and is the victim
      other.createStatement().execute("LOCK TABLE child IN SHARE ROW EXCLUSIVE MODE");
      other.commit();
      assertThat(adding.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(warnings).isEmpty();
      assertThat(ledger).singleElement().matches(e -> e.state() == ObjectState.CREATED);
      assertThat(pg.column("SELECT convalidated FROM pg_constraint WHERE conname = 'child_p_fkey'"))
          .containsExactly("t");
      // there was a deadlock (so the foreign key was added by a second attempt)
      long waitUntil = System.nanoTime() + 10_000_000_000L;
      while (deadlocks(pg) == deadlocksBefore && System.nanoTime() < waitUntil) {
        Thread.sleep(200);
      }
      assertThat(deadlocks(pg)).isGreaterThan(deadlocksBefore);
    }
  }
}
