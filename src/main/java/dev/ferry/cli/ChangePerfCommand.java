package dev.ferry.cli;

import dev.ferry.engine.change.ChangeProject;
import dev.ferry.engine.change.PerfCheck;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry change perf}: exit code 4 when a query is over its limit or slower. */
@Command(
    name = "perf",
    mixinStandardHelpOptions = true,
    description =
        "Time the perf/*.sql queries (EXPLAIN ANALYZE, median of 5) against the baseline"
            + " recorded before migrate (or with --record) and their '-- max: 100ms' limits.")
final class ChangePerfCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Option(
      names = "--record",
      description = "Record the perf/*.sql timings as the target's baseline.")
  boolean record;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ChangeProject project = change.options().project(spec);
    ChangePrinter printer = ChangePrinter.of(json);
    if (record) {
      printer.perfBaseline(project.recordPerformanceBaseline());
      return ExitCodes.OK;
    }
    PerfCheck check = project.comparePerformance();
    printer.perfCheck(check, change.options().migrations());
    return check.ok() ? ExitCodes.OK : ExitCodes.VALIDATION_MISMATCH;
  }
}
