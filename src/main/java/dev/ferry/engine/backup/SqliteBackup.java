package dev.ferry.engine.backup;

import dev.ferry.engine.core.FerryException;
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
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Backs up a SQLite source file: a consistent copy taken by SQLite itself ({@code VACUUM INTO},
 * safe while the application writes), gzip-compressed, with a SHA-256 manifest (seed 004's backup
 * system). Restoring puts the copy back and keeps the file it replaces beside it.
 */
public final class SqliteBackup {
  private SqliteBackup() {}

  public static Backup backup(Path database, Path dir) throws SQLException, IOException {
    Path source = database.toAbsolutePath().normalize();
    if (!Files.isRegularFile(source)) {
      throw new FerryException("SQLite file not found: " + source);
    }
    Files.createDirectories(dir);
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
          OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
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
            Instant.now());
    Manifests.write(b);
    return b;
  }

  /**
   * Decompresses a verified backup to a temporary file, checks it with {@code PRAGMA
   * integrity_check}, compares every table's rows with {@code origin} now, and deletes the copy.
   */
  public static TrialRestore trialRestore(Path origin, Path file) throws SQLException, IOException {
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
        restored = RowCounts.sqlite(c);
      }
      Map<String, Long> live;
      try (Connection c =
          DriverManager.getConnection("jdbc:sqlite:file:" + origin.toAbsolutePath() + "?mode=ro")) {
        live = RowCounts.sqlite(c);
      }
      return new TrialRestore(
          file.toString(), scratch.toString(), RowCounts.compare(live, restored), problems);
    } finally {
      Files.deleteIfExists(scratch);
    }
  }

  /**
   * Puts a verified backup back at {@code to}; a file already there is kept as {@code
   * <to>.before-restore-<time>}. Returns that kept file, or null when there was none.
   */
  public static Path restore(Path file, Path to) throws IOException {
    List<String> problems = Manifests.verify(file);
    if (!problems.isEmpty()) {
      throw new FerryException("Not restoring " + file + ": " + String.join("; ", problems));
    }
    Path target = to.toAbsolutePath().normalize();
    Path tmp =
        Files.createTempFile(target.getParent(), target.getFileName().toString(), ".restoring");
    Path kept = null;
    try {
      gunzip(file, tmp);
      if (Files.exists(target)) {
        kept = target.resolveSibling(target.getFileName() + ".before-restore-" + Manifests.stamp());
        Files.move(target, kept);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return kept;
  }

  private static void gunzip(Path gz, Path to) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16);
        OutputStream out = Files.newOutputStream(to)) {
      in.transferTo(out);
    }
  }
}
