package dev.ferry.cli;

import dev.ferry.engine.change.DryRun;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry change dry-run}: exit code 1 when a pending script fails. */
@Command(
    name = "dry-run",
    mixinStandardHelpOptions = true,
    description =
        "Run the pending scripts in one transaction, report errors and what would be added,"
            + " altered or dropped, then roll back.")
final class ChangeDryRunCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Option(names = "--to", paramLabel = "<version>", description = "Stop at this version.")
  String to;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    DryRun r = change.options().project(spec).dryRun(to);
    ChangePrinter.of(json).dryRun(r);
    return r.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
