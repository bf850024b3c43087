package dev.ferry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry change risk}. */
@Command(
    name = "risk",
    mixinStandardHelpOptions = true,
    description =
        "The lock each pending statement takes, on which table of what size, its impact"
            + " (LOW/MEDIUM/HIGH/CRITICAL, BLOCKER when it would fail), the estimated lock time and the safer way.")
final class ChangeRiskCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Option(names = "--to", paramLabel = "<version>", description = "Stop at this version.")
  String to;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ChangePrinter.of(json).risks(change.options().project(spec).risk(to));
    return ExitCodes.OK;
  }
}
