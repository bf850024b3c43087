package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ScratchDatabases;
import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.core.ValidationReport;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orphan rows the source holds too: a note by default, a failure when the DBA asks for --strict
 * (strictOrphans), and neither is called a difference.
 */
class StrictOrphansTest {
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();
  TestDatabases.Scratch pg;
  Path db;

  @BeforeEach
  void source() throws SQLException {
    pg = databases.postgres();
    db =
        SqliteFixture.create(
            dir.resolve("orphans.db"),
            "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT)",
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))",
            "INSERT INTO parent VALUES (1, 'a')",
            "INSERT INTO child VALUES (1, 1), (2, 42)");
  }

  private Ferry ferry(boolean strict) {
    Settings.Builder b = Settings.defaults().toBuilder();
    b.jobs = 2;
    b.strictOrphans = strict;
    return Ferry.configure()
        .target(pg.spec())
        .workspace(dir.resolve("ws"))
        .settings(b.build())
        .source(ConnectionSpec.sqlite(db))
        .load();
  }

  private static TableValidation child(ValidationReport v) {
    return v.tables().stream().filter(t -> t.target().equals("child")).findFirst().orElseThrow();
  }

  @Test
  void preExistingOrphansAreANoteByDefaultAndAFailureUnderStrict() throws Exception {
    Ferry lenient = ferry(false);
    MigrationResult r =
        lenient.migrate(lenient.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(child(r.validation()).status()).isEqualTo("MATCH");
    assertThat(child(r.validation()).notes())
        .singleElement()
        .satisfies(n -> assertThat(n).contains("1 orphan rows were orphans in the source too"));

    // the same target validated strictly: nothing differs, yet the table fails
    Ferry strict = ferry(true);
    MigrationPlan plan = strict.plan();
    assertThat(plan.settings().strictOrphans()).isTrue();
    ValidationReport v = strict.validate(plan, MigrationListener.NONE, new AtomicBoolean());
    TableValidation child = child(v);
    assertThat(child.status()).isEqualTo(TableValidation.PRE_EXISTING_ORPHANS);
    assertThat(child.ok()).isFalse();
    assertThat(child.differs()).isFalse();
    assertThat(child.notes()).isEmpty();
    assertThat(child.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .contains("1 orphan rows, orphans in the source too (pre-existing)")
                    .contains("--strict")
                    .contains("child_parent_id_fkey"));
    assertThat(v.ok()).isFalse();
    assertThat(v.summary())
        .isEqualTo(
            "1 of 2 tables match; 1 table keeps orphan rows the source holds too, failed by"
                + " --strict: child")
        .doesNotContain("differ");
  }

  @Test
  void aStrictRunEndsValidationFailed() throws Exception {
    Ferry strict = ferry(true);
    MigrationResult r = strict.migrate(strict.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).isEqualTo(RunStatus.VALIDATION_FAILED);
    assertThat(r.message()).contains("failed by --strict: child").doesNotContain("differ");
    assertThat(child(r.validation()).status()).isEqualTo(TableValidation.PRE_EXISTING_ORPHANS);
    // the rows are loaded all the same, the source's orphan included
    assertThat(pg.column("SELECT count(*) FROM child")).containsExactly("2");
  }
}
