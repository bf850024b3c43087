package dev.ferry.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ScratchDatabases;
import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.ValidationReport;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.plan.IfExists;
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
 * The schema section confirms what the ledger claims: changes made to the target behind Ferry's
 * back after a migration are each named by {@code Ferry.validate} (what {@code ferry validate}
 * runs), an untouched target has none.
 */
class SchemaSectionTest {
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();
  TestDatabases.Scratch pg;
  Path db;

  @BeforeEach
  void setUp() throws Exception {
    pg = databases.postgres();
    db =
        SqliteFixture.create(
            dir.resolve("shop.db"),
            "CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL)",
            "CREATE TABLE items (id INTEGER PRIMARY KEY,"
                + " parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE,"
                + " code VARCHAR(20) NOT NULL, qty INTEGER, note TEXT, memo TEXT,"
                + " made DATETIME, CHECK (qty >= 0))",
            "CREATE INDEX items_code ON items (code)",
            "CREATE INDEX items_note ON items (note)",
            "CREATE UNIQUE INDEX items_lower_code ON items (lower(code))",
            "INSERT INTO parent VALUES (1, 'a'), (2, 'b')",
            "INSERT INTO items VALUES (1, 1, 'x', 3, 'n', 'm', '2024-01-01 10:00:00'),"
                + " (2, 2, 'y', 0, NULL, NULL, NULL)");
  }

  private Ferry ferry(Settings settings, String workspace) {
    return Ferry.configure()
        .target(pg.spec())
        .workspace(dir.resolve(workspace))
        .settings(settings)
        .source(ConnectionSpec.sqlite(db))
        .load();
  }

  private static Settings settings() {
    Settings.Builder b = Settings.defaults().toBuilder();
    b.jobs = 2;
    return b.build();
  }

  private static ValidationReport validate(Ferry f) throws Exception {
    return f.validate(f.plan(), MigrationListener.NONE, new AtomicBoolean());
  }

  private void onTarget(String... sql) throws SQLException {
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }

  @Test
  void everyChangeBehindFerrysBackIsNamedWithWhatDiffers() throws Exception {
    Ferry ferry = ferry(settings(), "ws");
    MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.validation().schema()).isEmpty();
    assertThat(r.validation().schemaNotes()).isEmpty();
    ValidationReport untouched = validate(ferry);
    assertThat(untouched.schema()).isEmpty();
    assertThat(untouched.schemaNotes()).isEmpty();
    assertThat(untouched.ok()).isTrue();

    onTarget(
        "DROP INDEX items_note",
        "ALTER TABLE items ALTER COLUMN qty TYPE numeric",
        "DROP INDEX items_code",
        "CREATE INDEX items_code ON items (qty)",
        "ALTER TABLE items DROP COLUMN memo",
        "ALTER TABLE items ALTER COLUMN code DROP NOT NULL",
        "ALTER TABLE items DROP CONSTRAINT items_parent_id_fkey",
        "ALTER TABLE items ADD CONSTRAINT items_parent_id_fkey FOREIGN KEY (parent_id)"
            + " REFERENCES parent (id) ON DELETE SET NULL",
        "ALTER TABLE items DROP CONSTRAINT items_pkey");
    ValidationReport v = validate(ferry);
    assertThat(v.ok()).isFalse();
    assertThat(v.summary()).contains("planned objects are missing or different in the target");
    assertThat(v.schema())
        .hasSize(5)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("table items ")
                    .contains("column qty is numeric in the target, planned bigint")
                    .contains("column code is nullable in the target, planned NOT NULL")
                    .contains("column memo is not in the target"))
        .contains("index items_note: planned, not in the target (dropped or never made)")
        .contains("index items_code: key (qty) in the target, planned (code)")
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("foreign key items_parent_id_fkey")
                    .endsWith(": ON DELETE SET NULL in the target, planned ON DELETE CASCADE"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("primary key items_pkey (id)")
                    .endsWith("planned, not in the target (dropped or never made)"));
  }

  @Test
  void aConstraintLeftUnvalidatedAndAnIndexNoLongerUniqueAreNamed() throws Exception {
    Ferry ferry = ferry(settings(), "ws");
    MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    onTarget(
        "ALTER TABLE items DROP CONSTRAINT items_check",
        "ALTER TABLE items ADD CONSTRAINT items_check CHECK (qty >= 0) NOT VALID",
        "DROP INDEX items_lower_code",
        "CREATE INDEX items_lower_code ON items (lower(code))");
    assertThat(validate(ferry).schema())
        .containsExactlyInAnyOrder(
            "check items_check: \"qty\" >= 0: NOT VALID in the target (its rows were never checked"
                + " against it)",
            "index items_lower_code (expression/partial, translated): not unique in the target,"
                + " planned unique");
  }

  @Test
  void aKeptTableNeedsItsColumnsAndKeyAndItsMissingIndexIsANote() throws Exception {
    Ferry ferry = ferry(settings(), "ws");
    assertThat(ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean()).status())
        .isEqualTo(RunStatus.SUCCEEDED);
    // the DBA's own changes to a table Ferry then loads again and keeps: an integer column where
    // the plan says bigint takes its values; an index the DBA dropped is theirs to miss
    onTarget("ALTER TABLE items ALTER COLUMN qty TYPE integer", "DROP INDEX items_note");
    Settings.Builder t = settings().toBuilder();
    t.ifExists = IfExists.TRUNCATE;
    // the kept foreign key is in place during the load, and tables load in any order: Ferry's
    // sessions suspend it (validation still counts its orphans)
    Ferry again = ferry(t.build(), "ws");
    MigrationResult kept = again.migrate(again.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(kept.status()).as(kept.message() + kept.warnings()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(kept.validation().schema()).isEmpty();
    assertThat(kept.validation().schemaNotes())
        .containsExactly(
            "index items_note: planned, not in the target (dropped or never made)"
                + " (table items was kept as it was: not made by the run)");

    // a planned column the kept table lacks is a failure: the table cannot take the rows
    onTarget("ALTER TABLE items DROP COLUMN memo");
    assertThat(validate(again).schema())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .startsWith("table items ")
                    .endsWith("column memo is not in the target"));
  }

  @Test
  void withoutARunIntoTheTargetThereIsNoLedgerToReadBack() throws Exception {
    Ferry ferry = ferry(settings(), "ws");
    ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    ValidationReport elsewhere = validate(ferry(settings(), "other-ws"));
    assertThat(elsewhere.schema()).isEmpty();
    assertThat(elsewhere.schemaNotes())
        .singleElement()
        .satisfies(n -> assertThat(n).startsWith("no run in this workspace loaded the target"));
  }
}
