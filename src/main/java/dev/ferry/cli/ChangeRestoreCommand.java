package dev.ferry.cli;

import dev.ferry.engine.change.ChangeProject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry change restore}: needs no migrations folder. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description =
        "Check a backup against its manifest, print what restoring it drops and brings back, then"
            + " restore it in one transaction (type the database's name, or --yes).")
final class ChangeRestoreCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Option(names = "--file", paramLabel = "<backup.dump>", description = "The backup to restore.")
  Path backupFile;

  @Option(names = "--yes", description = "Confirm the restore without asking.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    ChangeProject target = change.options().targetOnly();
    if (backupFile == null) {
      throw new ParameterException(spec.commandLine(), "restore needs --file <backup.dump>");
    }
    Integer refused = BackupCommand.BackupActions.confirmRestore(target.target(), backupFile, yes);
    if (refused != null) {
      return refused;
    }
    ChangePrinter.text().restored(target.restore(backupFile));
    return ExitCodes.OK;
  }
}
