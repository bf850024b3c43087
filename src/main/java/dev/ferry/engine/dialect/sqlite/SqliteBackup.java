package dev.ferry.engine.dialect.sqlite;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.BackupTool;
import dev.ferry.engine.backup.Manifests;
import dev.ferry.engine.backup.RowCounts;
import dev.ferry.engine.backup.TrialRestore;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.PrivateFiles;
import dev.ferry.engine.dialect.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Backs up a SQLite source file: a consistent copy taken by SQLite itself ({@code VACUUM INTO},
 * safe while the application writes), gzip-compressed, with a SHA-256 manifest (seed 004's backup
 * system). Restoring puts the copy back and keeps the file it replaces beside it.
 */
public final class SqliteBackup implements BackupTool {
  @Override
  public DatabaseKind kind() {
    return DatabaseKind.SQLITE;
  }

  @Override
  public boolean backsUpSources() {
    return true; // the DBA's file: a consistent copy costs seconds
  }

  @Override
  public String backupName(ConnectionSpec db) {
    return SqliteDialect.file(db).getFileName().toString();
  }

  @Override
  public Backup backup(ConnectionSpec db, Path dir) throws SQLException, IOException {
    Path source = SqliteDialect.file(db).toAbsolutePath().normalize();
    if (!Files.isRegularFile(source)) {
      throw new FerryException("SQLite file not found: " + source);
    }
    PrivateFiles.folder(dir);
    String name = source.getFileName().toString();
    Path file = Manifests.unused(dir, name + "-" + Manifests.stamp(), ".gz");
    Path copy = Files.createTempFile(dir, name, ".copy");
    Files.delete(copy);
    String version;
    try {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source);
          Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
          rs.next();
          version = "SQLite " + rs.getString(1);
        }
        try (PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
          ps.setString(1, copy.toString());
          ps.execute();
        }
      }
      try (InputStream in = Files.newInputStream(copy);
          OutputStream out = new GZIPOutputStream(PrivateFiles.newOutputStream(file), 1 << 16)) {
        in.transferTo(out);
      }
    } finally {
      Files.deleteIfExists(copy);
    }
    Backup b =
        new Backup(
            file.toString(),
            Manifests.sha256(file),
            Files.size(file),
            name,
            version,
            "VACUUM INTO + gzip of " + source,
            Instant.now(),
            identity(db));
    Manifests.write(b);
    return b;
  }

  /**
   * Decompresses a verified backup to a temporary file, checks it with {@code PRAGMA
   * integrity_check}, compares every table's rows with the database's file now, and deletes the
   * copy.
   */
  @Override
  public TrialRestore trialRestore(ConnectionSpec db, Path file) throws SQLException, IOException {
    Path origin = SqliteDialect.file(db);
    List<String> problems = new ArrayList<>(Manifests.verify(file));
    if (!problems.isEmpty()) {
      return new TrialRestore(file.toString(), null, List.of(), problems);
    }
    Path scratch = Files.createTempFile("ferry-trial-", ".db");
    try {
      gunzip(file, scratch);
      Map<String, Long> restored;
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + scratch);
          Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
          while (rs.next()) {
            if (!rs.getString(1).equals("ok")) {
              problems.add("integrity_check: " + rs.getString(1));
            }
          }
        }
        restored = rowCounts(c);
      }
      Map<String, Long> live;
      try (Connection c =
          DriverManager.getConnection("jdbc:sqlite:file:" + origin.toAbsolutePath() + "?mode=ro")) {
        live = rowCounts(c);
      }
      return new TrialRestore(
          file.toString(), scratch.toString(), RowCounts.compare(live, restored), problems);
    } finally {
      Files.deleteIfExists(scratch);
    }
  }

  /**
   * Puts a verified backup back at the database's file; a file already there is kept as {@code
   * <file>.before-restore-<time>}.
   */
  @Override
  public String identity(ConnectionSpec db) {
    return SqliteDialect.file(db).toAbsolutePath().normalize().toString();
  }

  @Override
  public String restorePlan(ConnectionSpec db, Path file) throws IOException {
    Path target = SqliteDialect.file(db).toAbsolutePath().normalize();
    Backup b = Manifests.read(file);
    StringBuilder sb = new StringBuilder();
    sb.append("Restore ")
        .append(file.getFileName())
        .append(" (taken ")
        .append(b.at())
        .append(") over ")
        .append(target)
        .append(
            ":\n• the file now there, and its -wal, -shm and -journal files, are kept beside it")
        .append(" as <name>.before-restore-<time> (a stale WAL must not replay over the backup)")
        .append("\n• the backup's file takes its place in one move");
    if (!b.database().equals(backupName(db))) {
      sb.append("\nThe backup is of ")
          .append(b.database())
          .append(", not of ")
          .append(backupName(db))
          .append(".");
    }
    return sb.toString();
  }

  @Override
  public void restore(ConnectionSpec db, Path file, boolean intoOtherDatabase) throws IOException {
    Path to = SqliteDialect.file(db);
    List<String> problems = Manifests.verify(file);
    if (!problems.isEmpty()) {
      throw new FerryException("Not restoring " + file + ": " + String.join("; ", problems));
    }
    Backup b = Manifests.read(file);
    if (!b.database().equals(backupName(db)) && !intoOtherDatabase) {
      throw new dev.ferry.engine.core.RefusedException(
          "Not restoring: "
              + file.getFileName()
              + " is a backup of "
              + b.database()
              + ", not of "
              + backupName(db)
              + " (restore over another file on purpose with --into-other-target)");
    }
    Path target = to.toAbsolutePath().normalize();
    Path tmp =
        Files.createTempFile(target.getParent(), target.getFileName().toString(), ".restoring");
    try {
      gunzip(file, tmp);
      String stamp = Manifests.stamp();
      // the database file and what SQLite keeps beside it: a WAL left there would be replayed
      // over the restored file on the next open
      for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
        Path f = target.resolveSibling(target.getFileName() + suffix);
        if (Files.exists(f)) {
          Files.move(f, f.resolveSibling(f.getFileName() + ".before-restore-" + stamp));
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Every user table's exact row count. */
  private static Map<String, Long> rowCounts(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
                    + " ESCAPE '\\' ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (String t : tables) {
      out.put(t, RowCounts.count(c, Identifiers.quote(t)));
    }
    return out;
  }

  private static void gunzip(Path gz, Path to) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16);
        OutputStream out = Files.newOutputStream(to)) {
      in.transferTo(out);
    }
  }
}
