package dev.ferry.engine.backup;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * How one kind of database is backed up, restored on trial and restored. The tools are services
 * ({@code META-INF/services/dev.ferry.engine.backup.BackupTool}) that live with their database's
 * dialect, so this package names no database.
 */
public interface BackupTool {
  /** The kind of database this tool backs up. */
  DatabaseKind kind();

  /**
   * Whether Ferry backs up a source of this kind before a migration: a file it can copy whole.
   * Server sources are only read by Ferry, and their DBAs have their own dumps.
   */
  default boolean backsUpSources() {
    return false;
  }

  /** The name a database's backups are filed under (their manifests' database). */
  default String backupName(ConnectionSpec db) {
    return db.name();
  }

  /** Backs {@code db} up into {@code dir}, with its manifest beside the backup file. */
  Backup backup(ConnectionSpec db, Path dir) throws SQLException, IOException;

  /** Restores a backup into scratch space and compares it with {@code origin}; changes nothing. */
  TrialRestore trialRestore(ConnectionSpec origin, Path backup) throws SQLException, IOException;

  /**
   * Restores a verified backup over {@code db}; a backup of another database is refused unless
   * {@code intoOtherDatabase}.
   */
  void restore(ConnectionSpec db, Path backup, boolean intoOtherDatabase)
      throws SQLException, IOException;

  /** Which server (or file) {@code db} is, as backups record it. */
  String identity(ConnectionSpec db) throws SQLException;

  /** What restoring {@code backup} over {@code db} will do, said before it is done. */
  String restorePlan(ConnectionSpec db, Path backup) throws SQLException, IOException;
}
