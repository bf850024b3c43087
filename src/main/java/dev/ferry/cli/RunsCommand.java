package dev.ferry.cli;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.journal.RunRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List past runs from the journal, newest first.")
final class RunsCommand implements Callable<Integer> {
  @CommandLine.Mixin WorkspaceOption ws;

  @Override
  public Integer call() throws Exception {
    Ferry ferry = Ferry.configure().workspace(ws.resolve()).load();
    System.out.printf("%-24s %-24s %-24s %s%n", "run", "started", "status", "message");
    for (RunRecord r : ferry.runs()) {
      String status = r.isAbandoned() ? "KILLED (resumable)" : r.status().name();
      System.out.printf(
          "%-24s %-24s %-24s %s%n",
          r.runId(),
          r.startedAt().toString().substring(0, 19),
          status,
          r.message() == null ? "" : r.message());
    }
    return ExitCodes.OK;
  }
}
