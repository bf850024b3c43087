package dev.ferry.cli;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanFile;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Write the default migration plan (tables, target names, column types and the rule that chose each,"
            + " settings) as YAML, to edit and run with 'ferry migrate --plan'. Passwords are never written.")
final class PlanCommand implements Callable<Integer> {
  @Mixin ConnectionOptions conn;
  @Mixin SettingsOptions settings;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "<plan.yaml>",
      description = "Where to write the plan (default: stdout).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Ferry ferry = conn.builder().settings(settings.apply(Settings.defaults())).load();
    MigrationPlan plan = ferry.plan();
    if (out == null) {
      System.out.print(PlanFile.toYaml(plan));
    } else {
      PlanFile.write(plan, out);
      System.err.println("plan written to " + out + " (" + plan.tables().size() + " tables)");
    }
    return ExitCodes.OK;
  }
}
