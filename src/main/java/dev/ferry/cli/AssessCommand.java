package dev.ferry.cli;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.assess.Assessment;
import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.assess.TableInventory;
import dev.ferry.engine.plan.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "assess",
    mixinStandardHelpOptions = true,
    description = {
      "Pre-check a migration before moving a byte: inventory, foreign-key levels, name conflicts between"
          + " sources, integrity of the source data, type risks found in the data, source and target readiness.",
      "Exit codes: 0 no blocker, 6 at least one BLOCKER finding, 1 failure."
    })
final class AssessCommand implements Callable<Integer> {
  @Mixin ConnectionOptions conn;
  @Mixin SettingsOptions settings;

  @Option(
      names = "--json",
      description =
          "Print the assessment as JSON (findings, tables with inventory and level, totals, column profiles).")
  boolean json;

  @Option(
      names = "--profile",
      description =
          "Also print every column's profile (NULL fraction, distinct values, min, max, widths).")
  boolean profile;

  @Override
  public Integer call() throws Exception {
    Ferry ferry = conn.builder().settings(settings.apply(Settings.defaults())).load();
    Assessment a = ferry.assess();
    if (json) {
      System.out.println(ResultPrinter.JSON.writeValueAsString(a));
    } else {
      System.out.printf(
          "%-28s %-28s %-28s %12s %10s %5s %4s %s%n",
          "source", "table", "target", "rows", "MB", "level", "pk", "");
      for (TableInventory t : a.tables()) {
        System.out.printf(
            "%-28s %-28s %-28s %,12d %10.1f %5d %4s%n",
            ResultPrinter.clip(t.source(), 28),
            ResultPrinter.clip((t.schema() == null ? "" : t.schema() + ".") + t.table(), 28),
            ResultPrinter.clip(String.valueOf(t.target()), 28),
            t.rows(),
            Math.max(t.sizeBytes(), 0) / 1048576.0,
            t.level(),
            t.primaryKey() ? "yes" : "NO");
      }
      System.out.printf(
          "total: %d sources, %d tables, %,d rows, %.1f MB%n%n",
          a.totals().sources(),
          a.totals().tables(),
          a.totals().rows(),
          a.totals().sizeBytes() / 1048576.0);
      for (Finding f : a.findings()) {
        System.out.printf(
            "%-7s %-20s %s%n        %s%n", f.severity(), f.id(), f.object(), f.message());
        if (f.remedy() != null) {
          System.out.println("        → " + f.remedy());
        }
      }
      if (profile) {
        System.out.printf(
            "%n%-40s %-24s %8s %9s %-20s %-20s %7s %7s%n",
            "table", "column", "null %", "distinct", "min", "max", "max len", "avg len");
        for (var c : a.columns()) {
          System.out.printf(
              "%-40s %-24s %8.1f %9d%s %-20s %-20s %7d %7.1f%n",
              ResultPrinter.clip(c.table(), 40),
              ResultPrinter.clip(c.column(), 24),
              c.nullFraction() * 100,
              c.distinct(),
              c.wholeTable() ? " " : "+",
              ResultPrinter.clip(String.valueOf(c.min()), 20),
              ResultPrinter.clip(String.valueOf(c.max()), 20),
              c.maxLength(),
              c.averageWidth());
        }
        System.out.println("(+ = from a sample of the first " + 100_000 + " rows)");
      }
      if (a.estimate() != null && a.estimate().sampledTable() != null) {
        var e = a.estimate();
        System.out.printf(
            "%nestimate (measured on %,d rows of %s: read %,.0f rows/s, write %,.0f rows/s)%n",
            e.sampleRows(), e.sampledTable(), e.readRowsPerSecond(), e.writeRowsPerSecond());
        System.out.printf(
            "  preparation %6.1f s   data %6.1f s   constraints %6.1f s   validation %6.1f s   downtime %6.1f s%n",
            e.preparationSeconds(),
            e.dataSeconds(),
            e.constraintsSeconds(),
            e.validationSeconds(),
            e.downtimeSeconds());
      }
      long warnings = a.findings().stream().filter(f -> f.severity() == Severity.WARNING).count();
      System.out.printf("%n%d blockers, %d warnings%n", a.blockers(), warnings);
    }
    return a.blockers() > 0 ? ExitCodes.BLOCKERS : ExitCodes.OK;
  }
}
