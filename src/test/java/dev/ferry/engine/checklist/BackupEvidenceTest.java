package dev.ferry.engine.checklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ScratchDatabases;
import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.Backups;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.event.MigrationListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checklist's backup item is proved by a backup of this very server and database, and says how
 * old it is; a same-named database's backup from another server proves nothing.
 */
class BackupEvidenceTest {
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();

  @Test
  void onlyABackupOfThisServerAndDatabaseProvesTheItemAndItsAgeIsNamed() throws Exception {
    TestDatabases.Scratch pg = databases.postgres();
    Path db = SqliteFixture.create(dir.resolve("a.db"), "CREATE TABLE t (id INTEGER PRIMARY KEY)");
    Path ws = dir.resolve("ws");
    Ferry f =
        Ferry.configure().source(ConnectionSpec.sqlite(db)).target(pg.spec()).workspace(ws).load();
    MigrationResult r = f.migrate(f.plan(), MigrationListener.NONE, new AtomicBoolean());
    Backup b = Backups.backup(pg.spec(), Backups.dir(ws));
    assertThat(b.server()).startsWith("system ");

    Evidence proved = f.evidence(r, f.plan()).get("backup");
    assertThat(proved.proved()).as(proved.text()).isTrue();
    assertThat(proved.text())
        .startsWith("backup of " + pg.name() + " on " + b.server() + " taken ")
        .contains(" s ago");

    // the manifest says another server: it is not this database's backup
    Path manifest = Path.of(b.file() + ".manifest.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = (ObjectNode) json.readTree(manifest.toFile());
    m.put("server", "system 1234567890");
    Files.writeString(manifest, json.writeValueAsString(m));
    Evidence other = f.evidence(r, f.plan()).get("backup");
    assertThat(other.proved()).isFalse();
    // (the item then looks for backups of the SQLite sources instead: there are none either)
    assertThat(other.text()).startsWith("no backup of ").doesNotContain(b.file());
  }
}
