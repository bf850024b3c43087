package dev.ferry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ferry change}: schema changes on an existing PostgreSQL, one subcommand per action. The
 * options that say which target and project are its own and inherited by every subcommand.
 */
@Command(
    name = "change",
    mixinStandardHelpOptions = true,
    description =
        "Schema changes on an existing PostgreSQL from a folder of Flyway migrations"
            + " (V<version>__<name>.sql, R__<name>.sql).",
    subcommands = {
      ChangeInfoCommand.class,
      ChangeValidateCommand.class,
      ChangeDryRunCommand.class,
      ChangeRiskCommand.class,
      ChangeMigrateCommand.class,
      ChangeVerifyCommand.class,
      ChangeBackupCommand.class,
      ChangeRestoreCommand.class,
      ChangeReportCommand.class,
      ChangePerfCommand.class,
      ChangeApproveCommand.class,
      ChangeUndoCommand.class,
      ChangeBaselineCommand.class,
      ChangeRepairCommand.class
    })
final class ChangeCommand {
  @Mixin ProjectOptions project;

  ProjectOptions options() {
    return project;
  }
}
