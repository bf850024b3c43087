package dev.ferry.cli;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.change.ChangeProject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ferry change backup}: needs no migrations folder; exit code 4 when it does not restore.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description =
        "pg_dump -Fc of the target with a SHA-256 manifest (the pg_dump matching the server is"
            + " found).")
final class ChangeBackupCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;

  @Option(
      names = "--trial-restore",
      description =
          "Restore the new backup into a scratch database and compare every table's rows.")
  boolean trial;

  @Option(
      names = "--out",
      paramLabel = "<dir>",
      description = "Where to write (default: <workspace>/backups).")
  Path backupDir;

  @Override
  public Integer call() throws Exception {
    ChangeProject target = change.options().targetOnly();
    ChangePrinter printer = ChangePrinter.text();
    Backup b = target.backup(backupDir);
    printer.backup(b);
    return !trial || printer.trialRestore(target.trialRestore(b))
        ? ExitCodes.OK
        : ExitCodes.VALIDATION_MISMATCH;
  }
}
