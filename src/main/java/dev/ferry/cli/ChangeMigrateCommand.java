package dev.ferry.cli;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.change.ChangeProject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry change migrate}: refused (exit code 5) until the project's approvals are given, or
 * when the backup taken first does not restore.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description =
        "Apply the pending scripts (up to --to), once every approval the project asks for is given.")
final class ChangeMigrateCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Option(names = "--to", paramLabel = "<version>", description = "Stop at this version.")
  String to;

  @Option(
      names = "--backup",
      description =
          "Back up the target with pg_dump first (with --trial-restore, prove it restores"
              + " before anything changes).")
  boolean backupFirst;

  @Option(
      names = "--trial-restore",
      description =
          "With --backup: restore the new backup into a scratch database and compare every table's rows.")
  boolean trial;

  @Option(
      names = "--out",
      paramLabel = "<dir>",
      description = "With --backup: where to write it (default: <workspace>/backups).")
  Path backupDir;

  @Override
  public Integer call() throws Exception {
    ChangeProject project = change.options().project(spec);
    ChangePrinter printer = ChangePrinter.text();
    if (backupFirst) {
      Backup b = project.backup(backupDir);
      printer.backup(b);
      if (trial && !printer.trialRestore(project.trialRestore(b))) {
        printer.notMigratingWithoutRestorableBackup();
        return ExitCodes.REFUSED;
      }
    }
    printer.applied(project.migrate(to));
    return ExitCodes.OK;
  }
}
