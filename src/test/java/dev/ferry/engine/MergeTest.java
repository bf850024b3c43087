package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ScratchDatabases;
import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.assess.Assessment;
import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableResult;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.NameConflicts;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.plan.TablePlan;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 004's other resolution: same-named tables with the same columns in several SQLite files
 * merged into one PostgreSQL table, their keys checked for overlaps, different ones still prefixed.
 */
class MergeTest {
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();
  private TestDatabases.Scratch pg;

  @BeforeEach
  void setUp() throws Exception {
    pg = databases.postgres();
  }

  /** A users table with ids from..to; ISO dates in one file, epochs in the other. */
  private Path users(String file, int from, int to, boolean epochs) throws Exception {
    return SqliteFixture.create(
        dir.resolve(file),
        "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL,"
            + " created_at TIMESTAMP)",
        "WITH RECURSIVE n(i) AS (SELECT "
            + from
            + " UNION ALL SELECT i + 1 FROM n WHERE i < "
            + to
            + ") INSERT INTO users SELECT i, 'user' || i || '@"
            + file
            + "', "
            + (epochs ? "1700000000 + i" : "datetime(1700000000 + i, 'unixepoch')")
            + " FROM n",
        "CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id))",
        "INSERT INTO sessions SELECT id, id FROM users WHERE id % 100 = 0");
  }

  private Ferry ferry(NameConflicts conflicts, Path... files) {
    Settings.Builder s = Settings.defaults().toBuilder();
    s.nameConflicts = conflicts;
    s.chunkRows = 4_000; // several chunks per source table: their numbers must not collide
    s.batchRows = 1_000;
    Ferry.Builder b =
        Ferry.configure().target(pg.spec()).workspace(dir.resolve("ws")).settings(s.build());
    for (Path f : files) {
      b.source(ConnectionSpec.sqlite(f));
    }
    return b.load();
  }

  @Test
  void sameShapedTablesMergeAndDifferentOnesArePrefixed() throws Exception {
    Path a = users("a.db", 1, 10_000, false);
    Path b = users("b.db", 20_001, 27_000, true);
    Path c =
        SqliteFixture.create(
            dir.resolve("c.db"),
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)",
            "INSERT INTO users VALUES (1, 'different shape')");
    Ferry ferry = ferry(NameConflicts.MERGE, a, b, c);
    MigrationPlan plan = ferry.plan();
    assertThat(plan.includedTables())
        .extracting(TablePlan::id)
        .extracting(id -> id.label())
        .containsExactly("a:sessions", "a:users", "b:sessions", "b:users", "c:users");
    assertThat(plan.includedTables())
        .extracting(TablePlan::target)
        .containsExactly("sessions", "users", "sessions", "users", "c_users");
    assertThat(plan.tables().get(3).resolution()).startsWith("merged with a:users");
    assertThat(plan.tables().get(4).resolution())
        .contains("not merged: the columns or types differ");

    Assessment assessment = ferry.assess();
    assertThat(assessment.findings())
        .filteredOn(f -> f.id().equals("name-merge"))
        .extracting(Finding::object)
        .containsExactlyInAnyOrder("b:users", "b:sessions");
    assertThat(assessment.findings()).noneMatch(f -> f.id().equals("merge-key-overlap"));

    MigrationResult r = ferry.migrate(plan, MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.tables())
        .filteredOn(t -> t.target().equals("users"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.source()).isEqualTo("a:users + b:users");
              assertThat(t.rowsLoaded()).isEqualTo(17_000);
            });
    assertThat(r.validation().ok()).as(r.validation().summary()).isTrue();
    assertThat(r.validation().tables())
        .extracting(TableValidation::target)
        .containsExactly("c_users", "sessions", "users");
    try (Connection conn = pg.connect();
        Statement st = conn.createStatement()) {
      // epochs (b) and ISO text (a) both became timestamps; b's foreign keys point into the merge
      assertThat(
              scalar(
                  st,
                  "SELECT count(*) FROM public.users WHERE created_at = to_timestamp(1700020001)"
                      + " AND email = 'user20001@b.db'"))
          .isEqualTo(1);
      assertThat(scalar(st, "SELECT count(*) FROM public.sessions")).isEqualTo(100 + 70);
      assertThat(
              scalar(
                  st,
                  "SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.users'::regclass"
                      + " AND contype = 'p'"))
          .isEqualTo(1);
      // the identity continues after the highest id of either source
      st.execute("INSERT INTO public.users (email) VALUES ('new@x')");
      assertThat(scalar(st, "SELECT max(id) FROM public.users")).isEqualTo(27_001);
      // one changed row in the merged table is caught by a standalone validation
      st.execute("UPDATE public.users SET email = 'changed' WHERE id = 25000");
      st.execute("DELETE FROM public.users WHERE id = 27001");
    }
    var report = ferry.validate(plan, MigrationListener.NONE, new AtomicBoolean());
    TableValidation users =
        report.tables().stream().filter(t -> t.target().equals("users")).findFirst().orElseThrow();
    assertThat(users.status()).isEqualTo("MISMATCH");
    assertThat(users.sourceRows()).isEqualTo(17_000);
    assertThat(users.problems()).anyMatch(p -> p.contains("merged from 2 source tables"));
  }

  @Test
  void overlappingKeysBlockTheMerge() throws Exception {
    Path a = users("a.db", 1, 5_000, false);
    Path b = users("b.db", 4_990, 6_000, true);
    Ferry ferry = ferry(NameConflicts.MERGE, a, b);
    Assessment assessment = ferry.assess();
    assertThat(assessment.findings())
        .filteredOn(f -> f.id().equals("merge-key-overlap"))
        .extracting(Finding::object)
        .containsExactlyInAnyOrder("users(id)", "sessions(id)");
    assertThat(assessment.findings())
        .filteredOn(f -> f.object().equals("users(id)"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
              assertThat(f.object()).isEqualTo("users(id)");
              assertThat(f.message()).startsWith("11 key values of 'users'").contains("4990");
            });
    assertThatThrownBy(
            () -> ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean()))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("merge-key-overlap");
    // the default resolution prefixes instead, and the same files load
    MigrationResult prefixed =
        ferry(NameConflicts.PREFIX, a, b)
            .migrate(
                ferry(NameConflicts.PREFIX, a, b).plan(),
                MigrationListener.NONE,
                new AtomicBoolean());
    assertThat(prefixed.status()).as(prefixed.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(prefixed.tables()).extracting(TableResult::target).contains("users", "b_users");
  }

  @Test
  void aHandEditedMergeOfDifferentTablesIsRefused() throws Exception {
    Path a = users("a.db", 1, 10, false);
    Path c =
        SqliteFixture.create(
            dir.resolve("c.db"), "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
    Ferry ferry = ferry(NameConflicts.PREFIX, a, c);
    MigrationPlan plan = ferry.plan();
    List<TablePlan> edited = new ArrayList<>();
    for (TablePlan t : plan.tables()) {
      edited.add(
          t.target().equals("c_users")
              ? new TablePlan(
                  t.source(), t.schema(), t.name(), "users", true, t.resolution(), t.columns())
              : t);
    }
    MigrationPlan merged =
        new MigrationPlan(
            plan.version(), plan.sources(), plan.target(), plan.settings(), edited, plan.waivers());
    assertThatThrownBy(() -> ferry.migrate(merged, MigrationListener.NONE, new AtomicBoolean()))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("a:users and c:users both load into 'users'")
        .hasMessageContaining("target columns differ");
  }

  private static long scalar(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
