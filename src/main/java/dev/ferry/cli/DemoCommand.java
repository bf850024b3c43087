package dev.ferry.cli;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.demo.DemoData;
import dev.ferry.engine.demo.EmbeddedPostgres;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate the five SQLite databases of a personal-finance app (mingus.db, business_intelligence.db,"
          + " cache.db, performance_metrics.db, alerts.db; three table names collide) and migrate them into PostgreSQL.",
      "Without --target, Ferry starts its own PostgreSQL from binaries it ships (as 'nobody' when run as root):"
          + " a fresh private server on 127.0.0.1 with a password made for this demo, removed when the demo ends."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--target",
      paramLabel = "<url>",
      description =
          "Load into this PostgreSQL instead of the embedded one (existing demo tables are truncated).")
  String target;

  @Option(
      names = "--target-schema",
      paramLabel = "<name>",
      defaultValue = "mingus",
      description = "Target schema (default: ${DEFAULT-VALUE}).")
  String targetSchema;

  @Option(
      names = "--scale",
      paramLabel = "<n>",
      defaultValue = "1",
      description = "Multiply the demo's row counts (default 1: about 12,000 rows).")
  int scale;

  @Option(
      names = "--keep-running",
      description =
          "Keep the embedded PostgreSQL running after the demo, until Enter, so you can connect with psql.")
  boolean keepRunning;

  @Option(
      names = "--workspace",
      paramLabel = "<dir>",
      description = "Ferry's workspace (default: $FERRY_HOME or ~/.ferry).")
  Path workspace;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Path ws = workspace == null ? Ferry.defaultWorkspace() : workspace;
    Path dir = ws.resolve("demo");
    List<Path> files = DemoData.generate(dir, scale);
    System.err.println(
        "· demo sources written to " + dir + ": " + String.join(", ", DemoData.FILES));
    EmbeddedPostgres pg = null;
    try {
      ConnectionSpec targetSpec;
      if (target == null) {
        System.err.println("· starting the embedded PostgreSQL …");
        pg = EmbeddedPostgres.start(ws.resolve("embedded-postgres"));
        targetSpec = pg.freshSchema(targetSchema);
      } else {
        targetSpec = ConnectionSpec.parse(target);
      }
      Ferry.Builder b =
          Ferry.configure().workspace(ws).target(targetSpec).targetSchema(targetSchema);
      Settings.Builder sb = Settings.defaults().toBuilder();
      sb.ifExists = IfExists.TRUNCATE;
      b.settings(sb.build());
      for (Path f : files) {
        b.source(ConnectionSpec.sqlite(f));
      }
      Ferry ferry = b.load();
      MigrationPlan plan = ferry.plan();
      plan.tables().stream()
          .filter(t -> t.resolution() != null)
          .forEach(
              t ->
                  System.err.println(
                      "· "
                          + t.source()
                          + "."
                          + t.name()
                          + " → "
                          + t.target()
                          + ": "
                          + t.resolution()));
      Cancellation cancel = Cancellation.install();
      ProgressPrinter progress = new ProgressPrinter(System.err, common.quiet);
      MigrationResult result;
      try {
        result = ferry.migrate(plan, progress, cancel.flag());
      } finally {
        progress.close();
        cancel.done();
      }
      ResultPrinter.printLoad(result, System.out);
      System.out.println(
          "result: " + ws.resolve("runs").resolve(result.runId()).resolve("result.json"));
      if (pg != null) {
        // the URL holds no password: it is in a file only its owner can read
        System.out.println(
            "target: "
                + pg.jdbcUrl("postgres")
                + " (schema "
                + targetSchema
                + "; a private server on 127.0.0.1 with a password made for this demo, removed"
                + " with its data when the demo ends)");
        if (keepRunning) {
          System.out.println(
              "The embedded PostgreSQL keeps running: PGPASSFILE="
                  + pg.passwordFile()
                  + " psql -h 127.0.0.1 -p "
                  + pg.port()
                  + " -U postgres postgres   — press Enter (or Ctrl-C) to stop it.");
          if (System.in.read() < 0) {
            Thread.currentThread()
                .join(); // no terminal: run until Ctrl-C; the shutdown hook stops the server
          }
        }
      }
      return ResultPrinter.exitCode(result);
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }
}
