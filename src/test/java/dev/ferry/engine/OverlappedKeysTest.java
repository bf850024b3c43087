package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.event.MigrationEvent.Span;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table's primary key and indexes build as soon as its last chunk commits, while other tables
 * still load; the constraints phase does not build them again.
 */
class OverlappedKeysTest {
  @TempDir Path dir;

  @Test
  void aLoadedTablesKeysBuildWhileAnotherTableStillLoads() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("two.db"),
            "CREATE TABLE big (id INTEGER PRIMARY KEY, code TEXT, amount REAL)",
            "CREATE INDEX big_code ON big (code)",
            "CREATE TABLE later (id INTEGER PRIMARY KEY, big_id INTEGER REFERENCES big(id), note TEXT)",
            "CREATE INDEX later_note ON later (note)",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)"
                + " INSERT INTO big SELECT i, 'c' || (i % 977), i * 0.5 FROM n",
            "INSERT INTO later SELECT id, id, 'note ' || id FROM big WHERE id <= 60000");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      Ferry ferry = ferry(db, pg, "ws", 5_000);
      MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
      assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);

      List<Span> spans = ferry.timeline(r.runId());
      Span bigLoad = span(spans, "big", Span.LOAD);
      Span bigKey = span(spans, "big", "PRIMARY_KEY");
      Span bigIndex = span(spans, "big", "INDEX");
      Span laterLoad = span(spans, "later", Span.LOAD);
      // the larger table loads first; its key starts building while the other still loads (its
      // index follows the key in the same task, so whether it too starts before the other load
      // ends is a race on two cores: only that it is built after the table's load is asserted)
      assertThat(bigKey.started()).isAfterOrEqualTo(bigLoad.finished());
      assertThat(bigKey.started()).isBefore(laterLoad.finished());
      assertThat(bigIndex.started()).isAfterOrEqualTo(bigKey.started());
      // the other table's keys come after its own load
      assertThat(span(spans, "later", "PRIMARY_KEY").started())
          .isAfterOrEqualTo(laterLoad.finished());
      assertThat(span(spans, "later", "FOREIGN_KEY").ok()).isTrue();

      // every key once in the ledger, and present in the target
      List<LedgerEntry> keys =
          r.ledger().stream()
              .filter(e -> e.object().contains("primary key") || e.object().contains("index"))
              .toList();
      assertThat(keys).allMatch(e -> e.state() == ObjectState.CREATED);
      assertThat(keys.stream().map(LedgerEntry::object).distinct().count()).isEqualTo(keys.size());
      try (Connection c = pg.connect();
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"
                          + " AND tablename IN ('big', 'later')")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(4); // two primary keys, two indexes
      }
      assertThat(r.validation().ok()).isTrue();
      // each table's statistics, and its pages marked all-visible by a vacuum (what lets the
      // foreign key's validation read the indexes alone)
      try (Connection c = pg.connect();
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT s.relname, s.last_analyze, s.last_vacuum, c.relallvisible"
                          + " FROM pg_stat_user_tables s JOIN pg_class c"
                          + " ON c.oid = s.relid WHERE s.schemaname = 'public' ORDER BY 1")) {
        java.util.Map<String, java.time.Instant> analyzed = new java.util.HashMap<>();
        java.util.Map<String, java.time.Instant> vacuumed = new java.util.HashMap<>();
        java.util.Map<String, Integer> allVisible = new java.util.HashMap<>();
        while (rs.next()) {
          analyzed.put(rs.getString(1), rs.getTimestamp(2).toInstant());
          vacuumed.put(rs.getString(1), rs.getTimestamp(3).toInstant());
          allVisible.put(rs.getString(1), rs.getInt(4));
        }
        // a page is all-visible once no transaction could still miss its rows: the large table's
        // were committed before the other table's load began; the other table's rows, while the
        // large table's index was being built (its transaction may not see them), wait for the
        // next vacuum
        assertThat(allVisible.get("big")).isPositive();
        assertThat(vacuumed.get("later")).isAfter(span(spans, "later", "INDEX").finished());
        assertThat(vacuumed.get("big")).isAfter(bigIndex.finished());
        Span fk = span(spans, "later", "FOREIGN_KEY");
        // each right after its own keys and indexes, and both before the foreign key is added:
        // its validation reads the two tables' indexes, their pages all-visible
        assertThat(analyzed.get("big")).isAfter(bigIndex.finished());
        assertThat(fk.started()).isAfterOrEqualTo(span(spans, "big", "VACUUM").finished());
        assertThat(analyzed.get("later"))
            .isAfter(span(spans, "later", "INDEX").finished())
            .isBefore(fk.started());
      }
    }
  }

  @Test
  void aForeignKeyBetweenTwoLoadedTablesIsAddedWhileAThirdStillLoads() throws Exception {
    Path db = bigParentAndChild("three.db");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      Ferry ferry = ferry(db, pg, "ws3", 20_000);
      MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
      assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
      List<Span> spans = ferry.timeline(r.runId());
      Span fk = span(spans, "child", "FOREIGN_KEY");
      assertThat(fk.ok()).isTrue();
      // both of its tables were loaded, keyed and vacuumed; the big table was still loading
      assertThat(fk.started())
          .isAfterOrEqualTo(span(spans, "parent", "VACUUM").finished())
          .isAfterOrEqualTo(span(spans, "child", "VACUUM").finished())
          .isBefore(span(spans, "big", Span.LOAD).finished());
      // once in the ledger, made, and validated on the target
      assertThat(r.ledger().stream().filter(e -> e.object().startsWith("foreign key")).toList())
          .singleElement()
          .satisfies(e -> assertThat(e.state()).isEqualTo(ObjectState.CREATED));
      try (Connection c = pg.connect();
          ResultSet rs =
              c.createStatement()
                  .executeQuery("SELECT convalidated FROM pg_constraint WHERE contype = 'f'")) {
        rs.next();
        assertThat(rs.getBoolean(1)).isTrue();
      }
      assertThat(r.validation().ok()).isTrue();
    }
  }

  @Test
  void aResumeThatReloadsAParentDropsTheForeignKeysAddedWhileLoadingAndAddsThemAgain()
      throws Exception {
    Path db = bigParentAndChild("reload.db");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      Ferry ferry = ferry(db, pg, "ws4", 20_000);
      // stopped as soon as the foreign key between parent and child is made (big still loads)
      AtomicBoolean cancel = new AtomicBoolean();
      MigrationResult stopped =
          ferry.migrate(
              ferry.plan(),
              e -> {
                if (e instanceof Span span && "FOREIGN_KEY".equals(span.kind())) {
                  cancel.set(true);
                }
              },
              cancel);
      assertThat(stopped.status()).isEqualTo(RunStatus.INTERRUPTED);
      try (Connection c = pg.connect();
          ResultSet rs =
              c.createStatement()
                  .executeQuery("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("the foreign key made while loading").isEqualTo(1);
      }
      // the parent gains a row in a range already loaded: the resume reloads it
      SqliteFixture.create(db, "INSERT INTO parent VALUES (2500, 'new')");
      MigrationResult resumed =
          ferry.resume(
              stopped.runId(),
              dev.ferry.engine.plan.SourceChange.RELOAD,
              MigrationListener.NONE,
              new AtomicBoolean());
      assertThat(resumed.status()).as(resumed.message()).isEqualTo(RunStatus.SUCCEEDED);
      try (Connection c = pg.connect();
          ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM parent")) {
        rs.next();
        assertThat(rs.getInt(1)).as("the parent, loaded again").isEqualTo(2001);
      }
      assertThat(resumed.validation().ok()).isTrue();
      try (Connection c = pg.connect();
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated")) {
        rs.next();
        assertThat(rs.getInt(1)).as("the foreign key, added again").isEqualTo(1);
      }
    }
  }

  private static Span span(List<Span> spans, String table, String kind) {
    List<Span> found =
        spans.stream().filter(s -> table.equals(s.table()) && kind.equals(s.kind())).toList();
    assertThat(found).as(table + " " + kind).hasSize(1);
    return found.get(0);
  }

  /**
   * A large table without an integer key (one chunk, loading on one worker the whole time) and a
   * parent (ids 1..2000) with a child pointing at it.
   */
  private Path bigParentAndChild(String file) throws Exception {
    return SqliteFixture.create(
        dir.resolve(file),
        "CREATE TABLE big (code TEXT PRIMARY KEY, amount REAL) WITHOUT ROWID",
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT)",
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
            + " INSERT INTO big SELECT 'code ' || i, i * 0.5 FROM n",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
            + " INSERT INTO parent SELECT i, 'p' || i FROM n",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
            + " INSERT INTO child SELECT i, 1 + i % 2000 FROM n");
  }

  /** Ferry from the SQLite file into the scratch database, on two workers. */
  private Ferry ferry(Path db, TestDatabases.Scratch pg, String workspace, long chunkRows)
      throws Exception {
    Settings.Builder s = Settings.defaults().toBuilder();
    s.chunkRows = chunkRows;
    s.jobs = 2;
    return Ferry.configure()
        .source(ConnectionSpec.sqlite(db))
        .target(pg.spec())
        .workspace(dir.resolve(workspace))
        .settings(s.build())
        .load();
  }
}
