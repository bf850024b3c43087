package dev.ferry.cli;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.Backups;
import dev.ferry.engine.backup.Manifests;
import dev.ferry.engine.backup.TrialRestore;
import dev.ferry.engine.connect.ConnectionSpec;
import java.io.Console;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry backup}: back up databases with a manifest, list backups, prove one restores. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back up databases before Ferry writes: PostgreSQL with pg_dump -Fc (the client tools are found and"
          + " version-checked), SQLite files as a consistent compressed copy (VACUUM INTO + gzip). Each"
          + " backup gets <file>.manifest.json with its SHA-256.",
      "  ferry backup jdbc:sqlite:mingus.db 'jdbc:postgresql://127.0.0.1/app?user=postgres' --trial-restore",
      "  ferry backup --list"
    })
final class BackupCommand implements Callable<Integer> {
  @Parameters(paramLabel = "<database>", arity = "0..*", description = "Databases to back up.")
  List<String> databases = new ArrayList<>();

  @Option(
      names = "--trial-restore",
      description =
          "Restore each new backup into scratch space (a new database, a temporary file) and compare"
              + " every table's rows with the database; nothing is changed.")
  boolean trial;

  @Option(names = "--list", description = "List the backups in the directory, newest first.")
  boolean list;

  @Option(
      names = "--dir",
      paramLabel = "<dir>",
      description = "Where backups go (default: the workspace's backups/).")
  Path dir;

  @CommandLine.Mixin WorkspaceOption ws;

  @Override
  public Integer call() throws Exception {
    Path where = BackupActions.dir(dir, ws.resolve());
    if (list) {
      for (Backup b : Manifests.list(where)) {
        List<String> problems = Manifests.verify(Path.of(b.file()));
        System.out.printf(
            "%s  %-24s %,14d bytes  %s  %s%n",
            b.at(),
            b.database(),
            b.bytes(),
            problems.isEmpty() ? "verified" : "BAD: " + String.join("; ", problems),
            b.file());
      }
      return ExitCodes.OK;
    }
    if (databases.isEmpty()) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "Name the databases to back up, or --list");
    }
    boolean ok = true;
    for (String d : databases) {
      ok &= BackupActions.backup(ConnectionSpec.parse(d), where, trial);
    }
    return ok ? ExitCodes.OK : ExitCodes.VALIDATION_MISMATCH;
  }

  /** What {@code ferry backup} and {@code ferry change backup|restore} share. */
  static final class BackupActions {
    private BackupActions() {}

    static Path dir(Path dir, Path workspace) {
      return dir != null ? dir : Backups.dir(workspace);
    }

    /** Backs up (and trial-restores) one database; false when the trial restore failed. */
    static boolean backup(ConnectionSpec db, Path dir, boolean trial) throws Exception {
      Backup b = Backups.backup(db, dir);
      print(b);
      return !trial || print(Backups.trialRestore(db, Path.of(b.file())));
    }

    static void print(Backup b) {
      System.out.printf(
          "backup: %s (%,d bytes, sha256 %s) with %s%n", b.file(), b.bytes(), b.sha256(), b.tool());
    }

    /** Prints a trial restore table by table; whether it passed. */
    static boolean print(TrialRestore t) {
      for (TrialRestore.TableCount c : t.tables()) {
        System.out.printf(
            "  %-5s %-40s %,12d rows in the database, %,12d restored%n",
            c.matches() ? "same" : "DIFF", c.table(), c.origin(), c.restored());
      }
      t.problems().forEach(p -> System.out.println("  problem: " + p));
      System.out.println(
          t.ok()
              ? "trial restore: every table has the same rows as the database"
              : "trial restore FAILED: the backup does not restore to the database as it is now");
      return t.ok();
    }

    /** Verifies the manifest and asks (unless {@code yes}); null when confirmed, else the code. */
    static Integer confirmRestore(ConnectionSpec db, Path file, boolean yes) throws Exception {
      List<String> problems = Manifests.verify(file);
      if (!problems.isEmpty()) {
        System.err.println("ferry: not restoring " + file + ": " + String.join("; ", problems));
        return ExitCodes.REFUSED;
      }
      // what it will drop and bring back, before anything happens
      System.out.println(Backups.restorePlan(db, file));
      if (!yes) {
        Console console = System.console();
        if (console == null) {
          System.err.println(
              "ferry: not restored: no terminal to confirm on; run it again with --yes to do the above");
          return ExitCodes.USAGE;
        }
        String answer = console.readLine("Type the database's name (%s) to restore: ", db.name());
        if (answer == null || !answer.strip().equals(db.name())) {
          System.err.println("ferry: not restored: the name typed does not match");
          return ExitCodes.REFUSED;
        }
      }
      return null;
    }

    /** Restores after verifying the manifest and asking (unless {@code yes}); the exit code. */
    static int restore(ConnectionSpec db, Path file, boolean yes, boolean intoOther)
        throws Exception {
      Integer refused = confirmRestore(db, file, yes);
      if (refused != null) {
        return refused;
      }
      Backups.restore(db, file, intoOther);
      System.out.println("restored " + file + " into " + db);
      return ExitCodes.OK;
    }
  }
}
