package dev.ferry.cli;

import dev.ferry.engine.change.ChangeProject;
import dev.ferry.engine.change.UndoPlan;
import java.io.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry change undo}: asks on the terminal unless {@code --yes}; without a terminal to ask
 * on it is a usage error, and an answer other than yes leaves the database as it is (exit 130).
 */
@Command(
    name = "undo",
    mixinStandardHelpOptions = true,
    description =
        "Run the U<version>__ scripts newest first back to --to, keeping Flyway's history"
            + " consistent (asks for confirmation unless --yes).")
final class ChangeUndoCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Option(
      names = "--to",
      paramLabel = "<version>",
      description = "The version to go back to (required).")
  String to;

  @Option(
      names = "--staged",
      description =
          "Move the tables the undone versions created, with their rows, into a new rollback_backup_<time> schema instead of dropping them.")
  boolean staged;

  @Option(names = "--yes", description = "Confirm the undo without asking.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    ChangeProject project = change.options().project(spec);
    if (to == null) {
      throw new ParameterException(
          spec.commandLine(), "undo needs --to <version>: the version to go back to");
    }
    ChangePrinter printer = ChangePrinter.text();
    UndoPlan plan = project.undoPlan(to);
    printer.undoPlan(plan);
    if (plan.scripts().isEmpty()) {
      return ExitCodes.OK;
    }
    if (!yes) {
      Console console = System.console();
      if (console == null) {
        printer.undoNeedsConfirmation();
        return ExitCodes.USAGE;
      }
      if (!printer.confirmUndo(console, plan, project.target())) {
        printer.notUndone();
        return ExitCodes.INTERRUPTED;
      }
    }
    printer.undone(project.undo(to, staged));
    return ExitCodes.OK;
  }
}
