package dev.ferry.engine.dialect.mysql;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.BackupTool;
import dev.ferry.engine.backup.TrialRestore;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.core.FerryException;
import java.nio.file.Path;

/**
 * MySQL and MariaDB sources are only read by Ferry, never written, so Ferry takes no backup of
 * them: every request is refused with the tool to use instead.
 */
public final class MysqlBackup implements BackupTool {
  @Override
  public DatabaseKind kind() {
    return DatabaseKind.MYSQL;
  }

  @Override
  public Backup backup(ConnectionSpec db, Path dir) {
    throw unsupported(db);
  }

  @Override
  public TrialRestore trialRestore(ConnectionSpec origin, Path backup) {
    throw unsupported(origin);
  }

  @Override
  public void restore(ConnectionSpec db, Path backup, boolean intoOtherDatabase) {
    throw unsupported(db);
  }

  @Override
  public String identity(ConnectionSpec db) {
    throw unsupported(db);
  }

  @Override
  public String restorePlan(ConnectionSpec db, Path backup) {
    throw unsupported(db);
  }

  private static FerryException unsupported(ConnectionSpec db) {
    return new FerryException(
        "Ferry does not back up MySQL/MariaDB databases (it only reads them); use mysqldump for "
            + db.name());
  }
}
