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
      "Restore a backup taken by 'ferry backup' (its manifest's SHA-256 is checked first). PostgreSQL:"
          + " in one transaction, every schema the backup covers is dropped with everything in it and"
          + " made again from the backup, so what was created since is gone; refused when an object of"
          + " another schema depends on them. SQLite: the file put back (it and its -wal/-shm/-journal"
          + " files kept as <file>.before-restore-<time>). What it will do is printed first; type the"
          + " database's name to go on, or give --yes.",
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

  @Option(
      names = "--into-other-target",
      description = "Restore a backup taken of another database (refused otherwise, exit 5).")
  boolean intoOther;

  @Override
  public Integer call() throws Exception {
    return BackupCommand.BackupActions.restore(ConnectionSpec.parse(to), file, yes, intoOther);
  }
}
