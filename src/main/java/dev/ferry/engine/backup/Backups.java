package dev.ferry.engine.backup;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.core.FerryException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Backup, trial restore and restore of any database Ferry connects to, by its kind: PostgreSQL with
 * pg_dump, SQLite files copied and compressed. MySQL/MariaDB sources are only read by Ferry and
 * have no backup here (mysqldump is the tool for them).
 */
public final class Backups {
  private Backups() {}

  /** Where a workspace keeps its backups. */
  public static Path dir(Path workspace) {
    return workspace.resolve("backups");
  }

  public static Backup backup(ConnectionSpec db, Path dir) throws SQLException, IOException {
    return switch (db.kind()) {
      case POSTGRESQL -> PgDump.backup(db, dir);
      case SQLITE -> SqliteBackup.backup(file(db), dir);
      case MYSQL -> throw unsupported(db);
    };
  }

  /** Restores a backup into scratch space and compares it with {@code origin}; changes nothing. */
  public static TrialRestore trialRestore(ConnectionSpec origin, Path backup)
      throws SQLException, IOException {
    return switch (origin.kind()) {
      case POSTGRESQL -> PgDump.trialRestore(origin, backup);
      case SQLITE -> SqliteBackup.trialRestore(file(origin), backup);
      case MYSQL -> throw unsupported(origin);
    };
  }

  /** Restores a verified backup over {@code db}: its objects (PostgreSQL) or its file (SQLite). */
  public static void restore(ConnectionSpec db, Path backup) throws SQLException, IOException {
    switch (db.kind()) {
      case POSTGRESQL -> PgDump.restore(db, backup);
      case SQLITE -> SqliteBackup.restore(backup, file(db));
      case MYSQL -> throw unsupported(db);
    }
  }

  /** The connection a backup file was taken of, told by its manifest's kind of file. */
  public static DatabaseKind kindOf(Path backup) {
    return backup.getFileName().toString().endsWith(".gz")
        ? DatabaseKind.SQLITE
        : DatabaseKind.POSTGRESQL;
  }

  private static Path file(ConnectionSpec sqlite) {
    return Path.of(sqlite.url().substring("jdbc:sqlite:".length()));
  }

  private static FerryException unsupported(ConnectionSpec db) {
    return new FerryException(
        "Ferry does not back up MySQL/MariaDB databases (it only reads them); use mysqldump for "
            + db.name());
  }
}
