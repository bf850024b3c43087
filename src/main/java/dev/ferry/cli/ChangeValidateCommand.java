package dev.ferry.cli;

import dev.ferry.engine.change.ChangeValidation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry change validate}: exit code 4 when an applied script no longer matches. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Applied scripts changed since they ran (checksums), missing or failed ones (exit code 4).")
final class ChangeValidateCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ChangeValidation v = change.options().project(spec).validate();
    ChangePrinter.of(json).validation(v);
    return v.ok() ? ExitCodes.OK : ExitCodes.VALIDATION_MISMATCH;
  }
}
