package dev.ferry.engine.backup;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Backup, trial restore and restore of any database Ferry connects to, by the {@link BackupTool} of
 * its kind (each database's tool lives with its dialect: a dump tool for a server, a compressed
 * copy for a file; a tool may also refuse, with the advice of what to use instead).
 */
public final class Backups {
  private static final Map<DatabaseKind, BackupTool> TOOLS = load();

  private Backups() {}

  /** Where a workspace keeps its backups. */
  public static Path dir(Path workspace) {
    return workspace.resolve("backups");
  }

  /** Whether a migration backs up this source first (a file), see {@link BackupTool}. */
  public static boolean backsUpSource(ConnectionSpec source) {
    return tool(source).backsUpSources();
  }

  /** The name the database's backups are filed under. */
  public static String backupName(ConnectionSpec db) {
    return tool(db).backupName(db);
  }

  public static Backup backup(ConnectionSpec db, Path dir) throws SQLException, IOException {
    return tool(db).backup(db, dir);
  }

  /** Restores a backup into scratch space and compares it with {@code origin}; changes nothing. */
  public static TrialRestore trialRestore(ConnectionSpec origin, Path backup)
      throws SQLException, IOException {
    return tool(origin).trialRestore(origin, backup);
  }

  /** Restores a verified backup of {@code db} over it: its objects (a server) or its file. */
  public static void restore(ConnectionSpec db, Path backup) throws SQLException, IOException {
    tool(db).restore(db, backup, false);
  }

  /** Restores a verified backup over {@code db}, also one taken of another database. */
  public static void restore(ConnectionSpec db, Path backup, boolean intoOtherDatabase)
      throws SQLException, IOException {
    tool(db).restore(db, backup, intoOtherDatabase);
  }

  /** Which server (or file) {@code db} is, as its backups' manifests record it. */
  public static String identity(ConnectionSpec db) throws SQLException {
    return tool(db).identity(db);
  }

  /** What restoring {@code backup} over {@code db} will do, before it is done. */
  public static String restorePlan(ConnectionSpec db, Path backup)
      throws SQLException, IOException {
    return tool(db).restorePlan(db, backup);
  }

  private static BackupTool tool(ConnectionSpec db) {
    BackupTool t = TOOLS.get(db.kind());
    if (t == null) {
      throw new IllegalStateException("No backup tool for " + db.kind() + " on the class path");
    }
    return t;
  }

  private static Map<DatabaseKind, BackupTool> load() {
    Map<DatabaseKind, BackupTool> out = new EnumMap<>(DatabaseKind.class);
    for (BackupTool t : ServiceLoader.load(BackupTool.class, Backups.class.getClassLoader())) {
      out.put(t.kind(), t);
    }
    return Map.copyOf(out);
  }
}
