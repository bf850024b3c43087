package dev.ferry.cli;

import dev.ferry.engine.DiscardPlan;
import dev.ferry.engine.Ferry;
import java.io.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "discard",
    mixinStandardHelpOptions = true,
    description = {
      "Discard a failed or interrupted run: drop what it made on the target (its tables, views,"
          + " enum types, its schema when it created it) in one transaction, and close it so it"
          + " cannot be resumed. A corrected plan then starts over clean (--resume replays the"
          + " plan saved with the run).",
      "Prints exactly what will be dropped first — including anything of others that depends on"
          + " the run's tables — and asks you to type the run's id; without a terminal, --yes is"
          + " required."
    })
final class DiscardCommand implements Callable<Integer> {
  @CommandLine.Mixin WorkspaceOption ws;

  @Parameters(paramLabel = "<run>", description = "The run's id (ferry runs lists them).")
  String runId;

  @Option(names = "--yes", description = "Do not ask: drop what the plan lists.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    Ferry ferry = Ferry.configure().workspace(ws.resolve()).load();
    DiscardPlan plan = ferry.discardPlan(runId);
    System.out.println(plan.describe());
    if (!yes) {
      Console console = System.console();
      if (console == null) {
        System.err.println(
            "Not discarded: no terminal to confirm on. Run it again with --yes to drop the above.");
        return ExitCodes.USAGE;
      }
      String typed = console.readLine("Type the run's id (%s) to drop the above: ", runId);
      if (typed == null || !typed.strip().equals(runId)) {
        System.err.println("Not discarded: the id typed does not match.");
        return ExitCodes.REFUSED;
      }
    }
    ferry.discard(plan);
    System.out.println(
        "Run " + runId + " discarded. Run `ferry migrate` with the corrected plan to start over.");
    return ExitCodes.OK;
  }
}
