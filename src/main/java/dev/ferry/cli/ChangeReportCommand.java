package dev.ferry.cli;

import dev.ferry.engine.change.ChangeProject;
import dev.ferry.engine.change.ChangeReport;
import dev.ferry.report.ChangeReportWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry change report}: exit code 4 when a verification in it fails. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "change-report.html/json/pdf: migrations, approvals, history, backups, verification.")
final class ChangeReportCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Option(
      names = "--to",
      paramLabel = "<version>",
      description = "The version the pending scripts go up to (whose approvals are shown).")
  String to;

  @Option(
      names = "--out",
      paramLabel = "<dir>",
      description = "Where to write (default: <workspace>/changes/<db>-<date>).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    ChangeProject project = change.options().project(spec);
    ChangeReport report = project.report(to);
    Path where =
        dir != null
            ? dir
            : change
                .options()
                .workspace()
                .resolve("changes")
                .resolve(project.target().name() + "-" + LocalDate.now());
    ChangePrinter.text().reportWritten(ChangeReportWriter.write(report, where));
    return report.verified() ? ExitCodes.OK : ExitCodes.VALIDATION_MISMATCH;
  }
}
