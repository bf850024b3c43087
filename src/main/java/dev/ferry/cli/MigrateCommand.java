package dev.ferry.cli;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanFile;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.plan.SourceChange;
import dev.ferry.engine.plan.TargetRef;
import dev.ferry.engine.schema.Rehearsal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Copy one or more sources into a PostgreSQL target: schema, data (COPY, in parallel), keys, indexes, foreign keys,"
          + " identity resets, ANALYZE, then validation.",
      "Exit codes: 0 success, 1 failure, 3 rows rejected, 4 validation mismatch, 5 refused, 130 cancelled."
    })
final class MigrateCommand implements Callable<Integer> {
  @Mixin ConnectionOptions conn;
  @Mixin SettingsOptions settings;
  @Mixin CommonOptions common;

  @Option(
      names = "--plan",
      paramLabel = "<plan.yaml>",
      description = "Run this plan file (see 'ferry plan').")
  Path planFile;

  @Option(names = "--dry-run", description = "Print the plan and the DDL; write nothing.")
  boolean dryRun;

  @Option(
      names = "--resume",
      arity = "0..1",
      paramLabel = "<run-id>",
      fallbackValue = "",
      description =
          "Resume an interrupted or killed run (no id: the latest one). Committed chunks are kept; the rest is loaded again.")
  String resume;

  @Option(
      names = "--backup",
      description =
          "Before writing, back up every SQLite source (compressed copy) and the target (pg_dump) into"
              + " the workspace's backups/, each with a SHA-256 manifest.")
  boolean backup;

  @Option(
      names = "--result",
      paramLabel = "<file.json>",
      description = "Also write the JSON result here (always written to the workspace).")
  Path resultFile;

  @Override
  public Integer call() throws Exception {
    Ferry ferry = conn.builder().load();
    Cancellation cancel = Cancellation.install();
    ProgressPrinter progress = new ProgressPrinter(System.err, common.quiet);
    try {
      return run(ferry, cancel, progress);
    } finally {
      cancel.done();
    }
  }

  private int run(Ferry ferry, Cancellation cancel, ProgressPrinter progress) throws Exception {
    MigrationResult result;
    try {
      if (resume != null) {
        result =
            ferry.resume(
                resume.isBlank() ? null : resume,
                settings.apply(Settings.defaults()).onSourceChange() == SourceChange.RELOAD
                    ? SourceChange.RELOAD
                    : null,
                progress,
                cancel.flag());
      } else {
        MigrationPlan plan = planFile != null ? PlanFile.read(planFile) : null;
        if (plan == null) {
          ferry = conn.builder().settings(settings.apply(Settings.defaults())).load();
          plan = ferry.plan();
        } else {
          plan = plan.withSettings(settings.apply(plan.settings()));
          if (conn.targetSchema != null) {
            plan = plan.withTarget(new TargetRef(plan.target().url(), conn.targetSchema));
          }
        }
        if (dryRun) {
          System.out.println(PlanFile.toYaml(plan));
          if (ferry.target() == null && plan.target().url() == null) {
            System.out.println("-- DDL (not rehearsed: no target; nothing was written)");
            System.out.println(ferry.ddl(plan).toSql());
            return ExitCodes.OK;
          }
          // rehearsed on the target in a rolled-back transaction: what PostgreSQL makes of each
          List<Rehearsal.Outcome> outcomes = ferry.rehearse(plan);
          long refused = outcomes.stream().filter(o -> !o.ok()).count();
          System.out.println(
              "-- DDL rehearsed on the target and rolled back (nothing was written): "
                  + (refused == 0 ? "every statement accepted" : refused + " refused"));
          for (Rehearsal.Outcome o : outcomes) {
            System.out.println("-- " + o.ddl().description());
            if (!o.ok()) {
              System.out.println("-- REFUSED: " + o.error());
            }
            System.out.println(o.ddl().sql() + ";\n");
          }
          return ExitCodes.OK;
        }
        if (ferry.target() == null && plan.target().url() == null) {
          System.err.println("No target: pass --target jdbc:postgresql://host:port/db?user=…");
          return ExitCodes.USAGE;
        }
        if (backup) {
          for (var b : ferry.backUp(plan)) {
            System.err.printf(
                "backup of %s: %s (%,d bytes, sha256 %s…)%n",
                b.database(), b.file(), b.bytes(), b.sha256().substring(0, 16));
          }
        }
        result = ferry.migrate(plan, progress, cancel.flag());
      }
    } finally {
      progress.close();
    }
    ResultPrinter.printLoad(result, System.out);
    Path json = ferry.workspace().resolve("runs").resolve(result.runId()).resolve("result.json");
    if (resultFile != null) {
      ResultPrinter.writeJson(result, resultFile);
      json = resultFile;
    }
    System.out.println("result: " + json);
    return ResultPrinter.exitCode(result);
  }
}
