package dev.ferry.cli;

import dev.ferry.engine.Ferry;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --workspace}, for the commands that read or write Ferry's journal and files. Inherited: a
 * command with subcommands ({@code ferry change}) takes it before or after the subcommand's name.
 */
final class WorkspaceOption {
  @Option(
      names = "--workspace",
      scope = ScopeType.INHERIT,
      paramLabel = "<dir>",
      description = "Ferry's workspace: journal, backups, runs (default: $FERRY_HOME or ~/.ferry).")
  Path workspace;

  Path resolve() {
    return workspace != null ? workspace : Ferry.defaultWorkspace();
  }
}
