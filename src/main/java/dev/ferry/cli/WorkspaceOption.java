package dev.ferry.cli;

import dev.ferry.engine.Ferry;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --workspace}, for the commands that read or write Ferry's journal and files. */
final class WorkspaceOption {
  @Option(
      names = "--workspace",
      paramLabel = "<dir>",
      description = "Ferry's workspace: journal, backups, runs (default: $FERRY_HOME or ~/.ferry).")
  Path workspace;

  Path resolve() {
    return workspace != null ? workspace : Ferry.defaultWorkspace();
  }
}
