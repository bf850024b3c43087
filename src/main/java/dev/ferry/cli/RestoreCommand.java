package dev.ferry.cli;

import dev.ferry.engine.connect.ConnectionSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry restore}: put a verified backup back, after confirmation. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a backup taken by 'ferry backup' (its manifest's SHA-256 is checked first): pg_restore"
          + " --clean into a PostgreSQL database, or a SQLite file put back (the file it replaces is kept"
          + " as <file>.before-restore-<time>).",
      "  ferry restore ~/.ferry/backups/app-20261122-101500.dump --to 'jdbc:postgresql://127.0.0.1/app?user=postgres' --yes"
    })
final class RestoreCommand implements Callable<Integer> {
  @Parameters(paramLabel = "<backup>", description = "The backup file (.dump or .gz).")
  Path file;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "<database>",
      description = "The database (or SQLite file) to restore into.")
  String to;

  @Option(names = "--yes", description = "Restore without asking.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    return BackupCommand.BackupActions.restore(ConnectionSpec.parse(to), file, yes);
  }
}
