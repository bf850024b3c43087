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

  @Option(
      names = "--fix",
      paramLabel = "<dir>",
      description =
          "Also write the safer form of each statement rated MEDIUM or worse into <dir> as Flyway"
              + " migrations (CONCURRENTLY in a script of its own with executeInTransaction=false,"
              + " NOT VALID + VALIDATE, SET NOT NULL through a validated check), to replace it with.")
  java.nio.file.Path fix;

  @Override
  public Integer call() throws Exception {
    var project = change.options().project(spec);
    ChangePrinter.of(json).risks(project.risk(to));
    if (fix != null) {
      var files = project.writeSaferForms(to, fix);
      System.err.println(
          files.isEmpty()
              ? "No safer form to write: no flagged statement has one."
              : "Wrote "
                  + files.size()
                  + " file(s) into "
                  + fix
                  + ": "
                  + files.stream().map(f -> f.getFileName().toString()).toList());
    }
    return ExitCodes.OK;
  }
}
