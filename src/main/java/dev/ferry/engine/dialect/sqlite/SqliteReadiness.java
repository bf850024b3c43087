package dev.ferry.engine.dialect.sqlite;

import dev.ferry.engine.dialect.ReadinessFinding;
import dev.ferry.engine.dialect.ReadinessFinding.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a SQLite file can be read as it is: its integrity ({@code PRAGMA quick_check}) and a
 * write-ahead log beside it holding changes the file alone does not have.
 */
final class SqliteReadiness {
  private SqliteReadiness() {}

  /** The file's integrity: {@code PRAGMA quick_check} reads all of it. */
  static List<ReadinessFinding> integrity(Connection c) throws SQLException {
    List<ReadinessFinding> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
      List<String> problems = new ArrayList<>();
      while (rs.next()) {
        problems.add(rs.getString(1));
      }
      if (!problems.equals(List.of("ok"))) {
        out.add(
            new ReadinessFinding(
                "sqlite-corrupt",
                Level.BLOCKER,
                "PRAGMA quick_check reports: "
                    + String.join("; ", problems.subList(0, Math.min(5, problems.size()))),
                "Repair the file (sqlite3 .recover) or restore it from a backup before"
                    + " migrating."));
      }
    }
    return out;
  }

  /** A write-ahead log beside the file. */
  static List<ReadinessFinding> of(Path file) {
    List<ReadinessFinding> out = new ArrayList<>();
    Path wal = Path.of(file + "-wal");
    try {
      if (Files.exists(wal) && Files.size(wal) > 0) {
        out.add(
            new ReadinessFinding(
                "sqlite-wal",
                Level.WARNING,
                "a write-ahead log ("
                    + wal.getFileName()
                    + ", "
                    + Files.size(wal)
                    + " bytes) holds changes not yet in the database file; Ferry reads through"
                    + " SQLite and sees them, but a copy of the .db file alone would not",
                "Stop the application writing to it, or checkpoint it (PRAGMA wal_checkpoint)"
                    + " before the migration."));
      }
    } catch (IOException e) {
      // the WAL vanished between exists and size: nothing to report
    }
    return out;
  }
}
