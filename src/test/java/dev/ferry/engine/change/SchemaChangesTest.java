package dev.ferry.engine.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.TestDatabases;
import dev.ferry.engine.core.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 002/000/003-style changes on a live PostgreSQL through Flyway: info, dry run in a
 * rolled-back transaction with the catalog changes it would make, CONCURRENTLY explained, a failing
 * script named, migrate, and validate catching an applied script edited afterwards.
 */
class SchemaChangesTest {
  @TempDir Path dir;

  private Path project() throws Exception {
    Path m = Files.createDirectories(dir.resolve("migrations"));
    Files.writeString(
        m.resolve("V1__base.sql"),
        """
        CREATE TABLE tenants (id bigserial PRIMARY KEY, name text NOT NULL);
        CREATE TABLE projects (id bigserial PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants,
                               name text NOT NULL, cost numeric(12,2));
        """);
    Files.writeString(
        m.resolve("V2__cost_tracking.sql"),
        """
        -- seed 000: cost tracking; seed 003: tenant isolation
        CREATE TYPE cost_kind AS ENUM ('compute', 'storage');
        ALTER TABLE projects ADD COLUMN kind cost_kind;
        CREATE VIEW project_costs AS
          SELECT tenant_id, sum(cost) AS total FROM projects GROUP BY tenant_id;
        ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON projects
          USING (tenant_id = current_setting('app.current_tenant_id')::bigint);
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.name := trim(NEW.name); RETURN NEW; END; $$;
        """);
    Files.writeString(
        m.resolve("V3__tenant_index.sql"),
        "CREATE INDEX CONCURRENTLY projects_tenant_idx ON projects (tenant_id);\n");
    return m;
  }

  private static boolean columnExists(Connection c, String table, String column) throws Exception {
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                    + table
                    + "' AND column_name = '"
                    + column
                    + "'")) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }

  @Test
  void infoDryRunMigrateValidate() throws Exception {
    Path m = project();
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect()) {
      SchemaChanges changes = new SchemaChanges(pg.spec(), m, "public");
      assertThat(changes.migrate("1")).isEqualTo(1);
      assertThat(changes.info())
          .extracting(MigrationRow::version, MigrationRow::state)
          .containsExactly(
              Tuple.tuple("1", "Success"),
              Tuple.tuple("2", "Pending"),
              Tuple.tuple("3", "Pending"));

      DryRun dry = changes.dryRun(null);
      assertThat(dry.ok()).isTrue();
      assertThat(dry.scripts()).extracting(DryRun.Script::statements).containsExactly(6, 1);
      assertThat(dry.scripts().get(1).notes())
          .singleElement()
          .satisfies(
              n ->
                  assertThat(n)
                      .startsWith("cannot run in a transaction: CREATE INDEX CONCURRENTLY"));
      List<String> seen =
          dry.changes().stream().map(ch -> ch.what() + " " + ch.kind() + " " + ch.name()).toList();
      assertThat(seen)
          .contains(
              "added type public.cost_kind",
              "added column public.projects.kind",
              "added view public.project_costs",
              "added policy public.projects.tenant_isolation",
              "altered table public.projects",
              "added index public.projects_tenant_idx");
      // rolled back: nothing of it is in the database, Flyway still sees both pending
      assertThat(columnExists(c, "projects", "kind")).isFalse();
      assertThat(changes.info()).filteredOn(r -> r.state().equals("Pending")).hasSize(2);

      Path bad = m.resolve("V4__broken.sql");
      Files.writeString(
          bad,
          "ALTER TABLE projects ADD COLUMN budget numeric;\nALTER TABLE nope ADD COLUMN x int;\n");
      DryRun failed = changes.dryRun(null);
      assertThat(failed.ok()).isFalse();
      assertThat(failed.scripts().get(2).error())
          .contains("relation \"nope\" does not exist")
          .contains("42P01")
          .contains("in: ALTER TABLE nope ADD COLUMN x int");
      assertThat(columnExists(c, "projects", "budget")).isFalse();
      Files.delete(bad);

      // seed 002's batched backfill: a DO block that commits each batch; the dry run shows its
      // effect instead of failing with "invalid transaction termination"
      Path batched = m.resolve("V4__batched_backfill.sql");
      Files.writeString(
          batched,
          """
          ALTER TABLE projects ADD COLUMN score int;
          DO $$
          DECLARE n int;
          BEGIN
            LOOP
              UPDATE projects SET score = 50
               WHERE id IN (SELECT id FROM projects WHERE score IS NULL LIMIT 2);
              GET DIAGNOSTICS n = ROW_COUNT;
              COMMIT;
              EXIT WHEN n = 0;
            END LOOP;
          END $$;
          """);
      Files.writeString(m.resolve("V4__batched_backfill.sql.conf"), "executeInTransaction=false\n");
      DryRun withBatches = changes.dryRun(null);
      assertThat(withBatches.ok()).as(withBatches.toString()).isTrue();
      assertThat(withBatches.scripts().get(2).statements()).isEqualTo(2);
      assertThat(withBatches.scripts().get(2).notes())
          .singleElement()
          .satisfies(n -> assertThat(n).startsWith("commits as it goes: DO $$"));
      assertThat(columnExists(c, "projects", "score")).isFalse();
      Files.delete(batched);
      Files.delete(m.resolve("V4__batched_backfill.sql.conf"));

      assertThat(changes.migrate(null)).isEqualTo(2);
      assertThat(columnExists(c, "projects", "kind")).isTrue();
      try (ResultSet rs =
          c.createStatement()
              .executeQuery(
                  "SELECT indisvalid FROM pg_index WHERE indexrelid = 'projects_tenant_idx'::regclass")) {
        rs.next();
        assertThat(rs.getBoolean(1)).isTrue();
      }
      assertThat(changes.validate()).isEmpty();
      assertThat(changes.dryRun(null).scripts()).isEmpty();

      Files.writeString(
          m.resolve("V1__base.sql"), "-- edited after it ran\n", StandardOpenOption.APPEND);
      assertThat(changes.validate())
          .singleElement()
          .satisfies(p -> assertThat(p).contains("V1").containsIgnoringCase("checksum"));
    }
  }

  @Test
  void riskNamesTheLockTheTableItsSizeAndTheSaferWay() throws Exception {
    Path m = Files.createDirectories(dir.resolve("risky"));
    Files.writeString(
        m.resolve("V1__base.sql"),
        "CREATE TABLE \"Orders\" (id bigint PRIMARY KEY, customer_id bigint, note text);"
            + " CREATE TABLE customers (id bigint PRIMARY KEY);");
    Files.writeString(
        m.resolve("V2__risky.sql"),
        """
        CREATE INDEX orders_customer_idx ON "Orders" (customer_id);
        CREATE INDEX CONCURRENTLY orders_note_idx ON "Orders" (note);
        ALTER TABLE "Orders" ALTER COLUMN note SET NOT NULL;
        ALTER TABLE "Orders" ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers;
        ALTER TABLE "Orders" ADD CONSTRAINT orders_customer_fk2 FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;
        ALTER TABLE "Orders" ALTER COLUMN customer_id TYPE numeric;
        ALTER TABLE "Orders" ADD COLUMN token uuid DEFAULT gen_random_uuid();
        ALTER TABLE "Orders" ADD COLUMN status text;
        UPDATE "Orders" SET status = 'new';
        DROP TABLE customers;
        CREATE TABLE audit (id bigint);
        """);
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect()) {
      SchemaChanges changes = new SchemaChanges(pg.spec(), m, "public");
      changes.migrate("1");
      c.createStatement()
          .execute(
              "INSERT INTO \"Orders\" SELECT i, i % 100, repeat('x', 100) FROM generate_series(1, 50000) i");
      List<StatementRisk> risks = changes.risk(null);
      risks.forEach(
          r ->
              System.err.println(
                  "DBG "
                      + r.impact()
                      + " | "
                      + r.lock()
                      + " | "
                      + r.work()
                      + " | "
                      + r.statement()));
      assertThat(risks).hasSize(11).allMatch(r -> r.version().equals("2"));
      // what PostgreSQL did on a schema-only copy, with the target's rows
      assertThat(risks.get(0).lock()).isEqualTo("SHARE (blocks writes) — as PostgreSQL took it");
      assertThat(risks.get(0).impact()).isEqualTo(StatementRisk.Impact.MEDIUM);
      assertThat(risks.get(0).tableBytes()).isGreaterThan(5_000_000);
      assertThat(risks.get(0).advice()).startsWith("CREATE INDEX CONCURRENTLY");
      assertThat(risks.get(1).impact()).isEqualTo(StatementRisk.Impact.LOW);
      assertThat(risks.get(2).work()).startsWith("reads all of Orders under the lock");
      assertThat(risks.get(2).impact()).isEqualTo(StatementRisk.Impact.MEDIUM);
      assertThat(risks.get(3).advice()).startsWith("ADD it NOT VALID");
      assertThat(risks.get(3).impact()).isEqualTo(StatementRisk.Impact.MEDIUM);
      assertThat(risks.get(4).work()).startsWith("changes the catalog only");
      assertThat(risks.get(4).impact()).isEqualTo(StatementRisk.Impact.LOW);
      // numeric cannot reference the bigint key the statement before made it reference: it fails
      assertThat(risks.get(5).impact()).isEqualTo(StatementRisk.Impact.BLOCKER);
      assertThat(risks.get(5).work()).startsWith("fails: foreign key constraint");
      assertThat(risks.get(6).work()).startsWith("rewrites Orders");
      assertThat(risks.get(7).impact()).isEqualTo(StatementRisk.Impact.LOW);
      // a table the planner has no count for yet (never analysed): its 5 MB decide — MEDIUM
      assertThat(risks.get(8).work())
          .isEqualTo(
              "touches every row in one transaction: those rows stay locked and the table bloats"
                  + " until it commits");
      assertThat(risks.get(8).impact()).isEqualTo(StatementRisk.Impact.MEDIUM);
      // customers is referenced by the foreign key added before: the DROP fails
      assertThat(risks.get(9).impact()).isEqualTo(StatementRisk.Impact.BLOCKER);
      assertThat(risks.get(10).lock()).isEqualTo("none on existing data");
    }
  }

  @Test
  void undoRunsTheUScriptsInReverseAndKeepsFlywaysHistoryConsistent() throws Exception {
    Path m = project();
    Files.writeString(
        m.resolve("U3__tenant_index.sql"), "DROP INDEX CONCURRENTLY projects_tenant_idx;");
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect()) {
      SchemaChanges changes = new SchemaChanges(pg.spec(), m, "public");
      changes.migrate(null);
      // U2 is missing: nothing is undone, and the message says which script is needed
      Assertions.assertThatThrownBy(() -> changes.undo("1"))
          .hasMessageContaining("no undo script for version 2")
          .hasMessageContaining("U2__");
      assertThat(changes.info()).allMatch(r -> r.state().equals("Success"));

      Files.writeString(
          m.resolve("U2__cost_tracking.sql"),
          """
          DROP FUNCTION touch();
          DROP POLICY tenant_isolation ON projects;
          ALTER TABLE projects DISABLE ROW LEVEL SECURITY;
          DROP VIEW project_costs;
          ALTER TABLE projects DROP COLUMN kind;
          DROP TYPE cost_kind;
          """);
      assertThat(changes.undoPlan("1"))
          .containsExactly("U3__tenant_index.sql", "U2__cost_tracking.sql");
      List<UndoStep> done = changes.undo("1");
      assertThat(done).extracting(UndoStep::version).containsExactly("3", "2");
      assertThat(columnExists(c, "projects", "kind")).isFalse();
      assertThat(changes.info())
          .extracting(MigrationRow::version, MigrationRow::state)
          .containsExactly(
              Tuple.tuple("1", "Success"),
              Tuple.tuple("2", "Pending"),
              Tuple.tuple("3", "Pending"));
      assertThat(changes.validate()).isEmpty();
      // and forward again
      assertThat(changes.migrate(null)).isEqualTo(2);
      assertThat(columnExists(c, "projects", "kind")).isTrue();
    }
  }

  @Test
  void rowLevelSecurityAuditAndVerificationSql() throws Exception {
    Path m = Files.createDirectories(dir.resolve("rls"));
    Files.writeString(
        m.resolve("V1__tenants.sql"),
        """
        CREATE TABLE tenants (id bigint PRIMARY KEY);
        INSERT INTO tenants VALUES (1), (2);
        CREATE TABLE projects (id bigint PRIMARY KEY, tenant_id bigint REFERENCES tenants, name text);
        INSERT INTO projects VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c');
        ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON projects
          USING (tenant_id = current_setting('app.current_tenant_id')::bigint);
        CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id bigint REFERENCES tenants);
        CREATE TABLE notes (id bigint PRIMARY KEY, tenant_id bigint REFERENCES tenants, body text);
        INSERT INTO notes VALUES (1, 1, 'x'), (2, 2, 'y');
        ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY too_open ON notes USING (true);
        -- empty tables: the probe makes up rows of two tenants (foreign keys off, rolled back)
        CREATE TYPE task_state AS ENUM ('open', 'done');
        CREATE TABLE tasks (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants,
          title varchar(20) NOT NULL, state task_state NOT NULL, due date NOT NULL, tags text[] NOT NULL);
        ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON tasks
          USING (tenant_id = current_setting('app.current_tenant_id')::bigint);
        CREATE TABLE comments (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants);
        ALTER TABLE comments ENABLE ROW LEVEL SECURITY;
        CREATE POLICY too_open ON comments USING (true);
        """);
    Path verify = Files.createDirectories(m.resolve("verify"));
    Files.writeString(
        verify.resolve("orphans.sql"),
        "SELECT p.id FROM projects p LEFT JOIN tenants t ON t.id = p.tenant_id WHERE t.id IS NULL;");
    Files.writeString(
        verify.resolve("no_nameless.sql"), "SELECT id FROM projects WHERE name = 'c'");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      SchemaChanges changes = new SchemaChanges(pg.spec(), m, "public");
      changes.migrate(null);
      List<RlsAudit.TableAudit> audit = changes.rlsAudit("tenant_id", "app.current_tenant_id");
      assertThat(audit)
          .extracting(RlsAudit.TableAudit::table)
          .containsExactly(
              "public.comments",
              "public.invoices",
              "public.notes",
              "public.projects",
              "public.tasks");
      assertThat(audit.get(0).ok()).isFalse();
      assertThat(audit.get(0).probe())
          .startsWith("LEAK: as tenant 1 a non-owner sees 1 rows of other tenants");
      assertThat(audit.get(1).ok()).isFalse();
      assertThat(audit.get(1).probe()).startsWith("row-level security is disabled");
      assertThat(audit.get(2).ok()).isFalse();
      assertThat(audit.get(2).probe())
          .startsWith("LEAK: as tenant ")
          .contains("sees 1 rows of other tenants");
      assertThat(audit.get(3).ok()).isTrue();
      assertThat(audit.get(3).probe())
          .isEqualTo(
              "isolated: as tenants 1 and 2 a non-owner role sees exactly its own 2 and 1 rows");
      assertThat(audit.get(4).ok()).as(audit.get(4).probe()).isTrue();
      assertThat(audit.get(4).probe())
          .isEqualTo(
              "isolated (probe rows of two made-up tenants, rolled back): as tenants 1 and 2 a"
                  + " non-owner role sees exactly its own 1 and 1 rows");
      try (Connection c = pg.connect();
          ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM tasks")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
      // the probe left nothing behind
      try (Connection c = pg.connect();
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'ferry_rls_probe_%'")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
      List<String[]> checks = changes.verify();
      assertThat(checks)
          .extracting(r -> r[0] + " " + r[1])
          .containsExactly("no_nameless.sql FAIL", "orphans.sql PASS");
      assertThat(checks.get(0)[2]).isEqualTo("id=3");
    }
  }

  @Test
  void aTableWhoseProbeRowsCannotBeMadeIsUnprovenNeverOk() throws Exception {
    Path m = Files.createDirectories(dir.resolve("rls-unproven"));
    Files.writeString(
        m.resolve("V1__tenants.sql"),
        """
        -- a CHECK no made-up text passes, and a NOT NULL point no value is made up for
        CREATE TABLE codes (id bigint PRIMARY KEY, tenant_id bigint NOT NULL,
          code text NOT NULL CHECK (code ~ '^[A-Z]{3}$'));
        CREATE TABLE sites (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, at point NOT NULL);
        ALTER TABLE codes ENABLE ROW LEVEL SECURITY;
        ALTER TABLE sites ENABLE ROW LEVEL SECURITY;
        CREATE POLICY too_open ON codes USING (true);
        CREATE POLICY too_open ON sites USING (true);
        """);
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      SchemaChanges changes = new SchemaChanges(pg.spec(), m, "public");
      changes.migrate(null);
      List<RlsAudit.TableAudit> audit = changes.rlsAudit("tenant_id", "app.current_tenant_id");
      assertThat(audit)
          .extracting(RlsAudit.TableAudit::table, RlsAudit.TableAudit::result)
          .containsExactly(
              Tuple.tuple("public.codes", RlsAudit.Result.UNPROVEN),
              Tuple.tuple("public.sites", RlsAudit.Result.UNPROVEN));
      assertThat(audit).noneMatch(RlsAudit.TableAudit::ok);
      assertThat(audit.get(0).probe())
          .startsWith("UNPROVEN: the table holds rows of fewer than two tenants")
          .contains("codes_code_check")
          .contains("its isolation was not tested");
      assertThat(audit.get(1).probe()).contains("no made-up value for column at of type point");
      assertThat(changes.project().verify("tenant_id", "app.current_tenant_id").ok()).isFalse();
    }
  }

  @Test
  void aLockTimeoutStopsAChangeQueuedBehindARunningTransaction() throws Exception {
    Path m = Files.createDirectories(dir.resolve("locked"));
    Files.writeString(m.resolve("V1__base.sql"), "CREATE TABLE accounts (id bigint PRIMARY KEY);");
    Files.writeString(m.resolve("V2__email.sql"), "ALTER TABLE accounts ADD COLUMN email text;");
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection app = pg.connect()) {
      SchemaChanges changes = new SchemaChanges(pg.spec(), m, "public").timeouts("500ms", "1min");
      changes.migrate("1");
      // the application holds a lock on the table in an open transaction
      app.setAutoCommit(false);
      app.createStatement().execute("LOCK TABLE accounts IN ROW EXCLUSIVE MODE");
      long t0 = System.nanoTime();
      Assertions.assertThatThrownBy(() -> changes.migrate(null))
          .hasMessageContaining("lock timeout");
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
      DryRun dry = changes.dryRun(null);
      assertThat(dry.ok()).isFalse();
      assertThat(dry.scripts().get(0).error()).contains("55P03");
      app.rollback();
      assertThat(changes.migrate(null)).isEqualTo(1);
      Assertions.assertThatThrownBy(() -> changes.timeouts("soon", null))
          .hasMessageContaining("Not a timeout: 'soon'");
    }
  }

  /** The dry run in the background, stopped by the app's rollback should it wait past 20 s. */
  private static DryRun dryRunWhileLocked(SchemaChanges changes, Connection app) throws Exception {
    CompletableFuture<DryRun> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return changes.dryRun(null);
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      return running.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    } finally {
      app.rollback();
    }
  }

  @Test
  void aDryRunWithoutTimeoutsGivesUpOnALockedTableAtItsDefaultLockTimeout() throws Exception {
    Path m = Files.createDirectories(dir.resolve("dry-locked"));
    Files.writeString(m.resolve("V1__base.sql"), "CREATE TABLE accounts (id bigint PRIMARY KEY);");
    Files.writeString(m.resolve("V2__email.sql"), "ALTER TABLE accounts ADD COLUMN email text;");
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection app = pg.connect()) {
      SchemaChanges changes = new SchemaChanges(pg.spec(), m, "public");
      changes.migrate("1");
      app.setAutoCommit(false);

      // the application writes to the table: the ALTER waits for it, 2 s at most
      app.createStatement().execute("LOCK TABLE accounts IN ROW EXCLUSIVE MODE");
      long t0 = System.nanoTime();
      DryRun dry = dryRunWhileLocked(changes, app);
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
      assertThat(dry.ok()).isFalse();
      assertThat(dry.scripts().get(0).error())
          .contains("lock timeout")
          .contains("55P03")
          .contains("another session holds a lock")
          .contains("in: ALTER TABLE accounts ADD COLUMN email text");
      assertThat(dry.limits())
          .containsExactly(
              "lock_timeout 2s (Ferry's default for a dry run, which takes real locks)",
              "statement_timeout 60s (Ferry's default for a dry run, which takes real locks)");

      // another change holds ACCESS EXCLUSIVE: even reading the catalog gives up
      app.createStatement().execute("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
      long t1 = System.nanoTime();
      assertThatThrownBy(() -> dryRunWhileLocked(changes, app))
          .isInstanceOf(FerryException.class)
          .hasMessageContaining("The dry run ran no script")
          .hasMessageContaining("lock timeout")
          .hasMessageContaining("another session holds a lock")
          .hasMessageContaining("lock_timeout 2s (Ferry's default");
      assertThat((System.nanoTime() - t1) / 1e9).isLessThan(10);

      assertThat(changes.timeouts("10s", null).dryRun(null).limits())
          .containsExactly(
              "lock_timeout 10s (as set)",
              "statement_timeout 60s (Ferry's default for a dry run, which takes real locks)");
    }
  }

  @Test
  void statementsSplitAtTopLevelSemicolonsOnly() {
    assertThat(
            SqlStatements.split(
                "SELECT ';' AS a; -- a comment; still a comment\n"
                    + "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;\n"
                    + "/* block; comment */ SELECT \"x;y\" FROM t;\n-- only a comment;\n"))
        .hasSize(3);
  }
}
