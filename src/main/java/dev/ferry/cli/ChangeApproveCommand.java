package dev.ferry.cli;

import dev.ferry.engine.change.ChangeProject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry change approve}: a role the project does not ask for is a usage error. */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description =
        "Record an approval the project's ferry-change.yaml asks for (approvals: [DBA, tech lead]);"
            + " migrate refuses until every one is given for the exact pending scripts.")
final class ChangeApproveCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Option(
      names = "--role",
      paramLabel = "<role>",
      description = "The approval given (as listed in ferry-change.yaml).")
  String role;

  @Option(
      names = "--operator",
      paramLabel = "<name>",
      description = "Who approves (default: the OS user).")
  String operator;

  @Option(names = "--note", paramLabel = "<text>", description = "A note with the approval.")
  String note;

  @Option(
      names = "--to",
      paramLabel = "<version>",
      description = "The version the approved scripts go up to (as migrate --to).")
  String to;

  @Override
  public Integer call() throws Exception {
    ChangeProject project = change.options().project(spec);
    if (role == null) {
      throw new ParameterException(
          spec.commandLine(), "approve needs --role <role> (one of the project's approvals)");
    }
    String who = operator != null ? operator : System.getProperty("user.name");
    try {
      ChangePrinter.text().approved(project.approve(role, who, note, to), who);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return ExitCodes.OK;
  }
}
