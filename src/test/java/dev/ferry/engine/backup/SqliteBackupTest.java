package dev.ferry.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.connect.ConnectionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite source copied while open, compressed, checked, trial-restored and put back. */
class SqliteBackupTest {
  @TempDir Path dir;

  private static long count(Path db, String table) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void twoBackupsInOneSecondAreTwoFiles() throws Exception {
    Path db = dir.resolve("alerts.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement().execute("CREATE TABLE a (id INTEGER PRIMARY KEY)");
    }
    Backup first = Backups.backup(ConnectionSpec.sqlite(db), dir.resolve("b"));
    Backup second = Backups.backup(ConnectionSpec.sqlite(db), dir.resolve("b"));
    assertThat(second.file()).isNotEqualTo(first.file());
    assertThat(Manifests.list(dir.resolve("b"))).hasSize(2);
    assertThat(Manifests.verify(Path.of(first.file()))).isEmpty();
    assertThat(Manifests.verify(Path.of(second.file()))).isEmpty();
  }

  @Test
  void aStaleWalIsMovedAsideWithTheFileAndAnotherFilesBackupIsRefused() throws Exception {
    Path db = dir.resolve("cache.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement().execute("CREATE TABLE a (id INTEGER PRIMARY KEY)");
      c.createStatement().execute("INSERT INTO a VALUES (1), (2)");
    }
    Backup b = Backups.backup(ConnectionSpec.sqlite(db), dir.resolve("b"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement().execute("DELETE FROM a");
    }
    // what a crashed writer leaves: a WAL and its index next to the file
    Files.writeString(dir.resolve("cache.db-wal"), "not the backup's");
    Files.writeString(dir.resolve("cache.db-shm"), "not the backup's");
    assertThat(Backups.restorePlan(ConnectionSpec.sqlite(db), Path.of(b.file())))
        .contains("-wal, -shm and -journal files, are kept beside it");
    Backups.restore(ConnectionSpec.sqlite(db), Path.of(b.file()));
    assertThat(count(db, "a")).isEqualTo(2);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .anyMatch(n -> n.startsWith("cache.db-wal.before-restore-"))
          .anyMatch(n -> n.startsWith("cache.db-shm.before-restore-"))
          .anyMatch(n -> n.startsWith("cache.db.before-restore-"))
          .doesNotContain("cache.db-shm");
    }
    Path other = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other)) {
      c.createStatement().execute("CREATE TABLE z (id int)");
    }
    assertThatThrownBy(() -> Backups.restore(ConnectionSpec.sqlite(other), Path.of(b.file())))
        .hasMessageContaining("is a backup of cache.db, not of other.db");
  }

  @Test
  void backupTrialRestoreAndRestore() throws Exception {
    Path db = dir.resolve("mingus.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)");
      st.execute("CREATE TABLE \"cash flow\" (id INTEGER PRIMARY KEY, amount REAL)");
      st.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
              + " INSERT INTO users SELECT i, 'user' || i || '@example.com' FROM n");
      st.execute("INSERT INTO \"cash flow\" VALUES (1, 9.5), (2, -3)");
      ConnectionSpec spec = ConnectionSpec.sqlite(db);

      // taken while another connection holds the file open
      Backup b = Backups.backup(spec, dir.resolve("backups"));
      assertThat(b.database()).isEqualTo("mingus.db");
      assertThat(b.file()).endsWith(".gz");
      assertThat(Files.size(Path.of(b.file()))).isLessThan(Files.size(db));
      assertThat(Manifests.verify(Path.of(b.file()))).isEmpty();
      assertThat(Manifests.newest(dir.resolve("backups"), "mingus.db")).contains(b);

      TrialRestore trial = Backups.trialRestore(spec, Path.of(b.file()));
      assertThat(trial.ok()).as(trial.toString()).isTrue();
      assertThat(trial.tables())
          .containsExactly(
              new TrialRestore.TableCount("cash flow", 2, 2),
              new TrialRestore.TableCount("users", 5000, 5000));
      assertThat(Files.exists(Path.of(trial.restoredInto()))).isFalse();

      st.execute("DELETE FROM users WHERE id > 100");
    }
    assertThat(
            Backups.trialRestore(
                    ConnectionSpec.sqlite(db),
                    Path.of(
                        Manifests.newest(dir.resolve("backups"), "mingus.db").orElseThrow().file()))
                .ok())
        .isFalse();

    Backup b = Manifests.newest(dir.resolve("backups"), "mingus.db").orElseThrow();
    Backups.restore(ConnectionSpec.sqlite(db), Path.of(b.file()));
    assertThat(count(db, "users")).isEqualTo(5000);
    try (var kept = Files.list(dir)) {
      Path before =
          kept.filter(p -> p.getFileName().toString().startsWith("mingus.db.before-restore-"))
              .findFirst()
              .orElseThrow();
      assertThat(count(before, "users")).isEqualTo(100);
    }

    Files.write(Path.of(b.file()), new byte[] {0}, StandardOpenOption.APPEND);
    assertThatThrownBy(() -> Backups.restore(ConnectionSpec.sqlite(db), Path.of(b.file())))
        .hasMessageContaining("SHA-256 differs");
  }
}
