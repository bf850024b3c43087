package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.TestDatabases;
import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.event.MigrationListener;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's {@code PRAGMA quick_check} reads the whole file: a migration runs it beside its load
 * instead of before it, and a file that fails it fails the run — however well its table reads —
 * while the assessment still reports it as a BLOCKER before anything is written.
 */
class SourceIntegrityTest {
  @TempDir Path dir;

  /** A table readable by its rowid and an index whose last page is broken. */
  private Path brokenIndex() throws Exception {
    Path db = dir.resolve("broken.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA page_size = 4096");
      st.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
      st.execute(
          "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 5000)"
              + " INSERT INTO notes SELECT i, printf('note %08d', i) FROM g");
      st.execute("CREATE INDEX notes_body ON notes (body)"); // its pages come last
    }
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      long last = f.length() - 4096;
      f.seek(last);
      f.write(0x7f); // not a b-tree page type
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM notes")) {
      rs.next();
      assertThat(rs.getLong(1)).as("the table still reads").isEqualTo(5000);
    }
    return db;
  }

  @Test
  void aFileFailingItsIntegrityCheckBesideTheLoadFailsTheRun() throws Exception {
    Path db = brokenIndex();
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      Ferry ferry =
          Ferry.configure()
              .source(ConnectionSpec.sqlite(db))
              .target(pg.spec())
              .workspace(dir.resolve("ws"))
              .load();
      var plan = ferry.plan();
      // the assessment reads the whole file first and says so
      assertThat(ferry.assess(plan, false).findings())
          .extracting(Finding::id)
          .contains("sqlite-corrupt");
      MigrationResult r = ferry.migrate(plan, MigrationListener.NONE, new AtomicBoolean());
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.message())
          .contains("failed its integrity check")
          .contains("quick_check")
          .contains("ferry discard " + r.runId());
      assertThat(r.message()).doesNotContain("resume with");
      // a resume checks again: it cannot end SUCCEEDED on the same file
      MigrationResult again = ferry.resume(r.runId(), MigrationListener.NONE, new AtomicBoolean());
      assertThat(again.status()).isEqualTo(RunStatus.FAILED);
      assertThat(again.message()).contains("failed its integrity check");
    }
  }
}
