package dev.ferry.cli;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.checklist.Checklist;
import dev.ferry.engine.journal.SignOff;
import dev.ferry.report.ReportWriter;
import dev.ferry.report.RunReport;
import dev.ferry.report.RunReports;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write a run's report: report.json, a self-contained report.html and report.pdf with its figures, charts,"
          + " validation and checklist (items Ferry proves from the run and the target, and sign-offs).",
      "With --sign, first record an operator's sign-off of a checklist item."
    })
final class ReportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<run-id>", description = "The run (see ferry runs).")
  String runId;

  @Option(
      names = "--out",
      paramLabel = "<dir>",
      description = "Where to write (default: the run's folder).")
  Path out;

  @Option(names = "--sign", paramLabel = "<item-id>", description = "Sign off this checklist item.")
  String sign;

  @Option(names = "--operator", paramLabel = "<name>", description = "Who signs (with --sign).")
  String operator;

  @Option(names = "--note", paramLabel = "<text>", description = "A note with the sign-off.")
  String note;

  @Option(
      names = "--timeline",
      paramLabel = "<file.png>",
      description =
          "Also write the run's timeline (when each table loaded and each key, index and foreign"
              + " key was built) as a PNG image.")
  Path timeline;

  @CommandLine.Mixin WorkspaceOption workspaceOption;

  @Override
  public Integer call() throws Exception {
    Path ws = workspaceOption.resolve();
    Checklist checklist = Checklist.available(ws).get(0);
    if (sign != null) {
      if (checklist.items().stream().noneMatch(i -> i.id().equals(sign))) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "No item '"
                + sign
                + "' in the checklist; items: "
                + String.join(", ", checklist.items().stream().map(Checklist.Item::id).toList()));
      }
      String who = operator != null ? operator : System.getProperty("user.name");
      Ferry.configure()
          .workspace(ws)
          .load()
          .signOff(new SignOff(runId, sign, who, Instant.now(), note));
    }
    RunReport report = RunReports.forRun(ws, runId, checklist, null);
    Path dir = out != null ? out : ws.resolve("runs").resolve(runId);
    ReportWriter.Written w = ReportWriter.write(report, dir);
    long open = report.items().stream().filter(i -> i.state().equals("open")).count();
    System.out.println("report: " + w.html());
    System.out.println("json:   " + w.json());
    System.out.println("pdf:    " + w.pdf());
    if (timeline != null) {
      System.out.println(
          ReportWriter.writeTimeline(report, timeline, 1200)
              ? "timeline: " + timeline
              : "timeline: none recorded for this run");
    }
    System.out.printf(
        "checklist: %d items, %d proved by Ferry, %d signed, %d open%n",
        report.items().size(),
        report.items().stream().filter(i -> i.state().equals("proved")).count(),
        report.items().stream().filter(i -> i.state().equals("signed")).count(),
        open);
    return ExitCodes.OK;
  }
}
