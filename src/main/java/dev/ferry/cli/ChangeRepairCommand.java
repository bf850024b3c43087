package dev.ferry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry change repair}. */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description = "Fix the history table after a failed migration.")
final class ChangeRepairCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ChangePrinter.text().repaired(change.options().project(spec).repair());
    return ExitCodes.OK;
  }
}
