package dev.ferry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry change info}. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Every migration and its state (applied, pending, failed, out of order …).")
final class ChangeInfoCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ChangePrinter.of(json).info(change.options().project(spec).info());
    return ExitCodes.OK;
  }
}
