package dev.ferry.engine.change;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.Backups;
import dev.ferry.engine.backup.Manifests;
import dev.ferry.engine.backup.TrialRestore;
import dev.ferry.engine.connect.ConnectionSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/** Backups of the target around its schema changes, each one recorded in the journal. */
final class TargetBackups {
  private final ConnectionSpec target;
  private final Path workspace;
  private final ChangeJournal journal;

  TargetBackups(ConnectionSpec target, Path workspace, ChangeJournal journal) {
    this.target = target;
    this.workspace = workspace;
    this.journal = journal;
  }

  Path dir() {
    return Backups.dir(workspace);
  }

  /** Backs up the target with pg_dump into {@code dir} (null: the workspace's backups). */
  Backup backup(Path dir) throws SQLException, IOException {
    Backup b = Backups.backup(target, dir != null ? dir : dir());
    journal.record("backup", b.file(), b.bytes() + " bytes, sha256 " + b.sha256());
    return b;
  }

  TrialRestore trialRestore(Backup b) throws SQLException, IOException {
    TrialRestore t = Backups.trialRestore(target, Path.of(b.file()));
    journal.record(
        "trial-restore",
        b.file(),
        t.ok() ? "restored and every table matches" : "FAILED: " + t.problems() + " " + t.tables());
    return t;
  }

  Restore restore(Path backup) throws SQLException, IOException {
    Backups.restore(target, backup);
    journal.record("restore", backup.toString(), "restored into " + target);
    return new Restore(backup, target.toString());
  }

  /** This target's backups in the workspace, newest first. */
  List<Backup> list() throws IOException {
    return Manifests.list(dir()).stream().filter(b -> b.database().equals(target.name())).toList();
  }
}
