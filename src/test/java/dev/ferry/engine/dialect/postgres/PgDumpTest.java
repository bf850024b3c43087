package dev.ferry.engine.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.TestDatabases;
import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.Backups;
import dev.ferry.engine.backup.Manifests;
import dev.ferry.engine.backup.TrialRestore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pg_dump backup with its SHA-256 manifest, restored after a bad change; a tampered one refused.
 */
class PgDumpTest {
  @TempDir Path dir;

  private static long rows(Connection c) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM accounts")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void backupVerifyRestore() throws Exception {
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect()) {
      c.createStatement().execute("CREATE TABLE accounts (id bigint PRIMARY KEY, email text)");
      c.createStatement()
          .execute("INSERT INTO accounts SELECT i, 'a' || i FROM generate_series(1, 1000) i");
      Backup b = new PgDump().backup(pg.spec(), dir);
      assertThat(b.database()).isEqualTo(pg.name());
      assertThat(b.sha256()).hasSize(64);
      assertThat(Files.readString(Path.of(b.file() + ".manifest.json"))).contains(b.sha256());
      assertThat(Manifests.verify(Path.of(b.file()))).isEmpty();

      c.createStatement().execute("DELETE FROM accounts WHERE id > 10");
      assertThat(rows(c)).isEqualTo(10);
      new PgDump().restore(pg.spec(), Path.of(b.file()), false);
      assertThat(rows(c)).isEqualTo(1000);

      Files.write(Path.of(b.file()), new byte[] {1}, StandardOpenOption.APPEND);
      assertThat(Manifests.verify(Path.of(b.file())))
          .anyMatch(p -> p.startsWith("SHA-256 differs"));
      assertThatThrownBy(() -> new PgDump().restore(pg.spec(), Path.of(b.file()), false))
          .hasMessageContaining("Not restoring")
          .hasMessageContaining("SHA-256 differs");
    }
  }

  @Test
  void aRestoreIsARollbackEverythingMadeSinceGoesAndAFailureChangesNothing() throws Exception {
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        TestDatabases.Scratch other = TestDatabases.postgres();
        Connection c = pg.connect()) {
      c.createStatement().execute("CREATE SCHEMA crm");
      c.createStatement().execute("CREATE TABLE accounts (id bigint PRIMARY KEY, email text)");
      c.createStatement().execute("CREATE TABLE crm.notes (id bigint PRIMARY KEY)");
      c.createStatement()
          .execute("INSERT INTO accounts SELECT i, 'a' || i FROM generate_series(1, 500) i");
      c.createStatement().execute("INSERT INTO crm.notes VALUES (1), (2)");
      Backup b = new PgDump().backup(pg.spec(), dir);

      // what a migration did since: a new table and enum that depend on the old ones, a backfill
      c.createStatement().execute("CREATE TYPE crm.mood AS ENUM ('calm', 'busy')");
      c.createStatement()
          .execute(
              "CREATE TABLE crm.visits (id bigint PRIMARY KEY, account bigint REFERENCES"
                  + " accounts(id), mood crm.mood)");
      c.createStatement().execute("CREATE VIEW busy AS SELECT count(*) FROM crm.visits");
      c.createStatement().execute("ALTER TABLE accounts ADD COLUMN tier int DEFAULT 1");
      c.createStatement().execute("UPDATE accounts SET email = 'changed'");
      c.createStatement().execute("CREATE SCHEMA untouched");
      c.createStatement().execute("CREATE TABLE untouched.keep (id int)");

      String plan = Backups.restorePlan(pg.spec(), Path.of(b.file()));
      assertThat(plan)
          .contains("into database " + pg.name())
          .contains(
              "schemas dropped with everything in them, then made again from the backup: crm, public")
          .contains("brings back 2 tables")
          .contains("not in the backup, so gone afterwards: crm.visits, public.busy");

      Backups.restore(pg.spec(), Path.of(b.file()));
      assertThat(pg.column("SELECT to_regclass('crm.visits')::text")).containsOnlyNulls();
      assertThat(pg.column("SELECT to_regtype('crm.mood')::text")).containsOnlyNulls();
      assertThat(pg.column("SELECT to_regclass('public.busy')::text")).containsOnlyNulls();
      assertThat(
              pg.column(
                  "SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts'"))
          .containsExactly("2");
      assertThat(pg.row("SELECT count(*) AS n, min(email) AS e FROM accounts"))
          .containsEntry("n", "500")
          .containsEntry("e", "a1");
      assertThat(pg.column("SELECT count(*) FROM crm.notes")).containsExactly("2");
      // a schema the backup does not cover is not touched
      assertThat(pg.column("SELECT to_regclass('untouched.keep')::text"))
          .containsExactly("untouched.keep");

      // into another database: refused unless asked for, and then it works there
      assertThatThrownBy(() -> Backups.restore(other.spec(), Path.of(b.file())))
          .hasMessageContaining("is a backup of database " + pg.name())
          .hasMessageContaining("--into-other-target");
      Backups.restore(other.spec(), Path.of(b.file()), true);
      assertThat(other.column("SELECT count(*) FROM accounts")).containsExactly("500");

      // a restore that stops part-way changes nothing: a view outside the covered schemas depends
      // on a covered one (dropping crm would take it along), found inside the one transaction
      c.createStatement().execute("CREATE TABLE crm.late (id int)");
      c.createStatement().execute("CREATE VIEW untouched.on_late AS SELECT * FROM crm.late");
      assertThatThrownBy(() -> Backups.restore(pg.spec(), Path.of(b.file())))
          .hasMessageContaining("restore refused, nothing changed: untouched.on_late");
      assertThat(pg.column("SELECT to_regclass('crm.late')::text")).containsExactly("crm.late");
    }
  }

  @Test
  void trialRestoreComparesEveryTableAndLeavesNoScratchDatabase() throws Exception {
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect()) {
      c.createStatement().execute("CREATE SCHEMA sales");
      c.createStatement().execute("CREATE TABLE accounts (id bigint PRIMARY KEY)");
      c.createStatement().execute("CREATE TABLE sales.orders (id bigint PRIMARY KEY)");
      c.createStatement().execute("INSERT INTO accounts SELECT generate_series(1, 300)");
      c.createStatement().execute("INSERT INTO sales.orders SELECT generate_series(1, 70)");
      Backup b = new PgDump().backup(pg.spec(), dir);

      TrialRestore same = Backups.trialRestore(pg.spec(), Path.of(b.file()));
      assertThat(same.ok()).as(same.toString()).isTrue();
      assertThat(same.tables())
          .containsExactly(
              new TrialRestore.TableCount("public.accounts", 300, 300),
              new TrialRestore.TableCount("sales.orders", 70, 70));
      assertThat(pg.column("SELECT datname FROM pg_database WHERE datname LIKE 'ferry_trial_%'"))
          .isEmpty();

      c.createStatement().execute("INSERT INTO sales.orders VALUES (71)");
      TrialRestore changed = Backups.trialRestore(pg.spec(), Path.of(b.file()));
      assertThat(changed.ok()).isFalse();
      assertThat(changed.tables()).contains(new TrialRestore.TableCount("sales.orders", 71, 70));
    }
  }

  @Test
  void aMissingToolSaysWhatToInstall() {
    assertThatThrownBy(() -> PgDump.tool("pg_dump", 99))
        .hasMessageContaining("pg_dump 99 or newer is needed")
        .hasMessageContaining("postgresql-client-99");
  }
}
