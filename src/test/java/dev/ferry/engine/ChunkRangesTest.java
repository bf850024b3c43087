package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ScratchDatabases;
import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.plan.SourceChange;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunk boundaries come from the data (keys anywhere in the 64-bit range, sparse or skewed), are
 * decided once and kept in the journal; a resume loads exactly those ranges and names a source that
 * changed in a range it already loaded.
 */
class ChunkRangesTest {
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();

  private static Settings settings(long chunkRows) {
    Settings.Builder b = Settings.defaults().toBuilder();
    b.chunkRows = chunkRows;
    b.batchRows = 1_000;
    b.jobs = 1;
    return b.build();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void keysAtBothEndsOfTheRangeAndSparseKeysSplitIntoEvenChunksAndAllLoad() throws Exception {
    TestDatabases.Scratch pg = databases.postgres();
    Path db =
        SqliteFixture.create(
            dir.resolve("sparse.db"),
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)",
            "INSERT INTO t VALUES (-9223372036854775808, 'min'), (-5, 'neg'),"
                + " (4611686018427387904, 'huge'), (9223372036854775807, 'max')",
            "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 5000)"
                + " INSERT INTO t SELECT x * 1000003, 'row ' || x FROM s");
    Ferry ferry =
        Ferry.configure()
            .source(ConnectionSpec.sqlite(db))
            .target(pg.spec())
            .workspace(dir.resolve("ws"))
            .settings(settings(1_000))
            .load();
    MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE id IN (-9223372036854775808, -5,"
                    + " 4611686018427387904, 9223372036854775807)) FROM t")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(5_004);
      assertThat(rs.getLong(2)).isEqualTo(4);
    }
    // about a chunk per 1,000 rows, however far apart the keys are
    List<long[]> chunks = chunkPlan(dir.resolve("ws"), "t");
    assertThat(chunks).hasSize(6);
    assertThat(chunks.get(0)[0]).isEqualTo(Long.MIN_VALUE); // open below
    assertThat(chunks.get(chunks.size() - 1)[1]).isEqualTo(Long.MAX_VALUE); // open above
  }

  @Test
  void aResumeLoadsTheRangesTheRunDecidedAndRefusesASourceChangedWhereItAlreadyLoaded()
      throws Exception {
    TestDatabases.Scratch source = databases.postgres();
    TestDatabases.Scratch target = databases.postgres();
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE events (id bigint PRIMARY KEY, payload text)");
      st.execute("INSERT INTO events SELECT g, 'event ' || g FROM generate_series(1, 60000) g");
      st.execute("ANALYZE events");
    }
    Path ws = dir.resolve("ws");
    Ferry ferry =
        Ferry.configure()
            .source(source.spec())
            .target(target.spec())
            .workspace(ws)
            .settings(settings(10_000))
            .load();
    AtomicBoolean cancel = new AtomicBoolean();
    MigrationListener stopAfterTwoChunks =
        e -> {
          if (e instanceof MigrationEvent.TableProgress p
              && p.phase() == Phase.DATA
              && p.rowsDone() >= 20_000) {
            cancel.set(true);
          }
        };
    MigrationResult stopped = ferry.migrate(ferry.plan(), stopAfterTwoChunks, cancel);
    assertThat(stopped.status()).isEqualTo(RunStatus.INTERRUPTED);
    List<long[]> decided = chunkPlan(ws, "events");
    assertThat(decided).hasSize(6);

    // the statistics change and rows arrive after the last key: neither moves a range
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO events SELECT g, 'late ' || g FROM generate_series(60001, 75000) g");
      st.execute("ANALYZE events");
      // ...but a row deleted where the run already loaded is a change the resume must not skip
      st.execute("DELETE FROM events WHERE id = 7");
    }
    MigrationResult refused =
        ferry.resume(stopped.runId(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
    assertThat(refused.message())
        .contains("events chunk 1 (")
        .contains("10000 rows when loaded, 9999 now")
        .contains("--on-source-change reload");

    MigrationResult resumed =
        ferry.resume(
            stopped.runId(), SourceChange.RELOAD, MigrationListener.NONE, new AtomicBoolean());
    assertThat(resumed.status()).as(resumed.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(chunkPlan(ws, "events")).hasSizeGreaterThanOrEqualTo(7);
    // every row exactly once, equal to the source, checked apart from Ferry's own validation
    assertThat(ids(target)).isEqualTo(ids(source));
  }

  @Test
  void levelByLevelEveryTableReadsTheSameSnapshotOfTheSource() throws Exception {
    TestDatabases.Scratch source = databases.postgres();
    TestDatabases.Scratch target = databases.postgres();
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE parent (id int PRIMARY KEY)");
      st.execute("CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent)");
      st.execute("INSERT INTO parent SELECT g FROM generate_series(1, 100) g");
      st.execute("INSERT INTO child SELECT g, g FROM generate_series(1, 100) g");
    }
    Settings.Builder b = settings(10_000).toBuilder();
    b.loadOrder = LoadOrder.DEPENDENCY_ORDER;
    Ferry ferry =
        Ferry.configure()
            .source(source.spec())
            .target(target.spec())
            .workspace(dir.resolve("ws"))
            .settings(b.build())
            .load();
    // a row written to the source after the first level loaded, before the second starts
    MigrationListener writer =
        e -> {
          if (e instanceof MigrationEvent.TableFinished f
              && f.phase() == Phase.DATA
              && f.table().equals("parent")) {
            try (Connection c = source.connect();
                Statement st = c.createStatement()) {
              st.execute("INSERT INTO child VALUES (101, 1)");
            } catch (SQLException ex) {
              throw new IllegalStateException(ex);
            }
          }
        };
    MigrationResult r = ferry.migrate(ferry.plan(), writer, new AtomicBoolean());
    try (Connection c = target.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM child")) {
      rs.next();
      assertThat(rs.getLong(1)).as("the child read as of the run's one snapshot").isEqualTo(100);
    }
    // and validation, which counts the source as it is now, names the change
    assertThat(r.status()).isEqualTo(RunStatus.VALIDATION_FAILED);
    assertThat(r.validation().tables())
        .filteredOn(t -> t.target().equals("child"))
        .singleElement()
        .satisfies(t -> assertThat(t.problems().get(0)).contains("the source changed after"));
  }

  /** Count, sum of ids and a checksum of every row: equal on both sides only if the rows are. */
  private static String ids(TestDatabases.Scratch db) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) || ' ' || count(DISTINCT id) || ' ' || sum(id) || ' '"
                    + " || sum(hashtext(id || payload)::bigint) FROM events")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The chunk ranges the journal keeps for a table: [lo, hi] with open ends as MIN/MAX. */
  private static List<long[]> chunkPlan(Path ws, String table) throws SQLException {
    List<long[]> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("journal.db"));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT coalesce(lo, -9223372036854775808), coalesce(hi, 9223372036854775807)"
                    + " FROM chunk_plans WHERE target_table = '"
                    + table
                    + "' AND run_id = (SELECT max(run_id) FROM chunk_plans) ORDER BY chunk")) {
      while (rs.next()) {
        out.add(new long[] {rs.getLong(1), rs.getLong(2)});
      }
    }
    return out;
  }
}
