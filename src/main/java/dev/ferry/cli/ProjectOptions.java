package dev.ferry.cli;

import dev.ferry.engine.change.ChangeProject;
import dev.ferry.engine.connect.ConnectionSpec;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * What every {@code ferry change} subcommand connects to and works on: the target, its password,
 * the migrations folder, the schema, the sessions' limits and the workspace. Declared once on
 * {@code change} and inherited by its subcommands, so they are given before or after the
 * subcommand's name, as they were when the subcommand was a positional action.
 */
final class ProjectOptions {
  @Option(
      names = "--target",
      required = true,
      scope = ScopeType.INHERIT,
      paramLabel = "<url>",
      description = "The PostgreSQL to change (JDBC URL, libpq string or URI).")
  String target;

  @Option(
      names = "--target-password",
      arity = "0..1",
      fallbackValue = PasswordInput.ASK,
      scope = ScopeType.INHERIT,
      paramLabel = "<password>",
      description =
          "Alone, asked for at the prompt (never echoed); '-' reads a line from standard input."
              + " Inline it shows in the process list (warned).")
  String password;

  /** The password once read: a prompt or standard input is read once. */
  private String typed;

  private boolean read;

  @Option(
      names = "--migrations",
      scope = ScopeType.INHERIT,
      paramLabel = "<folder>",
      description = "The folder of migration scripts.")
  Path migrations;

  @Option(
      names = "--schema",
      defaultValue = "public",
      scope = ScopeType.INHERIT,
      description = "The schema changed and holding Flyway's history (default: public).")
  String schema;

  @Option(
      names = "--lock-timeout",
      scope = ScopeType.INHERIT,
      paramLabel = "<time>",
      description =
          "Give up a statement that waits longer than this for a lock (e.g. 5s): a change never queues the application behind it for long.")
  String lockTimeout;

  @Option(
      names = "--statement-timeout",
      scope = ScopeType.INHERIT,
      paramLabel = "<time>",
      description = "Stop a statement that runs longer than this (e.g. 10min).")
  String statementTimeout;

  @Mixin WorkspaceOption ws;

  ConnectionSpec target() {
    if (!read) {
      typed = PasswordInput.read(password, "--target-password", "PGPASSWORD or ~/.pgpass");
      read = true;
    }
    return ConnectionSpec.parse(target).withPassword(typed);
  }

  Path workspace() {
    return ws.resolve();
  }

  /** The folder as given on the command line, for messages that name it. */
  Path migrations() {
    return migrations;
  }

  /** The project of the folder; {@code subcommand} names what needs it when it is missing. */
  ChangeProject project(CommandSpec subcommand) {
    ConnectionSpec t = target();
    if (migrations == null) {
      throw new ParameterException(
          subcommand.commandLine(), subcommand.name() + " needs --migrations <folder>");
    }
    return ChangeProject.configure()
        .target(t)
        .migrations(migrations)
        .schema(schema)
        .timeouts(lockTimeout, statementTimeout)
        .workspace(workspace())
        .load();
  }

  /** The target alone, for backup and restore: no folder, and pg_dump keeps its own limits. */
  ChangeProject targetOnly() {
    return ChangeProject.configure().target(target()).workspace(workspace()).load();
  }
}
