package dev.ferry.cli;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.core.ValidationReport;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanFile;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Compare sources and target table by table: row counts, checksums of normalised values,"
          + " per-column null counts and numeric min/max/sum, foreign-key orphans; name the first"
          + " differing keys.",
      "Then read the planned tables, keys, indexes, foreign keys, checks, triggers and views back"
          + " from the target and name each one missing or different (the schema section).",
      "Exit codes: 0 all match (orphan rows the source holds too are noted), 4 a difference (or,"
          + " with --strict, orphan rows the source holds too), 1 failure."
    })
final class ValidateCommand implements Callable<Integer> {
  @Mixin ConnectionOptions conn;
  @Mixin SettingsOptions settings;
  @Mixin CommonOptions common;

  @Option(
      names = "--plan",
      paramLabel = "<plan.yaml>",
      description = "The plan the target was loaded with (default: the default plan).")
  Path planFile;

  @Option(
      names = "--json",
      paramLabel = "<file.json>",
      description = "Write the validation report as JSON.")
  Path json;

  @Override
  public Integer call() throws Exception {
    Ferry ferry = conn.builder().settings(settings.apply(Settings.defaults())).load();
    MigrationPlan plan = planFile != null ? PlanFile.read(planFile) : ferry.plan();
    // options given on the command line win over the plan file's settings, as in migrate
    plan = plan.withSettings(settings.apply(plan.settings()));
    Cancellation cancel = Cancellation.install();
    ProgressPrinter progress = new ProgressPrinter(System.err, common.quiet);
    try {
      ValidationReport report;
      try {
        report = ferry.validate(plan, progress, cancel.flag());
      } finally {
        progress.close();
      }
      ResultPrinter.printValidation(report, System.out);
      if (json != null) {
        ResultPrinter.writeJson(report, json);
      }
      return report.ok() ? ExitCodes.OK : ExitCodes.VALIDATION_MISMATCH;
    } finally {
      cancel.done();
    }
  }
}
