package dev.ferry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry change baseline}. */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description = "Mark an existing schema as the baseline version.")
final class ChangeBaselineCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ChangePrinter.text().baselined(change.options().project(spec).baseline());
    return ExitCodes.OK;
  }
}
