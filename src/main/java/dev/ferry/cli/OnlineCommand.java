package dev.ferry.cli;

import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.online.Cutover;
import dev.ferry.engine.online.CutoverOptions;
import dev.ferry.engine.online.OnlineMigration;
import dev.ferry.engine.online.OnlineRun;
import dev.ferry.engine.online.OnlineRuns;
import dev.ferry.engine.online.OnlineStatus;
import java.io.Console;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry online}: an online PostgreSQL → PostgreSQL migration on the servers' own logical
 * replication — start, status, cutover, abort. Without an id, status, cutover and abort take the
 * workspace's newest online run.
 */
@Command(
    name = "online",
    mixinStandardHelpOptions = true,
    description =
        "Online PostgreSQL → PostgreSQL migration on PostgreSQL's logical replication: the servers"
            + " move the bytes, writes stop only for the cutover.",
    subcommands = {
      OnlineCommand.Start.class,
      OnlineCommand.Status.class,
      OnlineCommand.CutoverCommand.class,
      OnlineCommand.Abort.class,
      OnlineCommand.Release.class,
      OnlineCommand.Fallback.class,
      OnlineCommand.Finish.class,
      OnlineCommand.Report.class
    })
final class OnlineCommand {
  /** The connections (as recorded by start unless given) and the workspace. */
  static final class Where {
    @Mixin ConnectionOptions connections;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    private picocli.CommandLine.ParameterException usage(String message) {
      return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Option(
        names = "--source-conninfo",
        paramLabel = "<conninfo>",
        description =
            "How the target server reaches the source (libpq 'host=… port=… dbname=… user=…'):"
                + " the subscription connects from the target server, not from Ferry. Default:"
                + " the --source's own address.")
    String sourceConninfo;

    Path workspace() {
      return connections.workspace != null
          ? connections.workspace
          : dev.ferry.engine.Ferry.defaultWorkspace();
    }

    String schema() {
      List<String> s = connections.sourceSchemas;
      if (s != null && s.size() > 1) {
        throw usage("ferry online carries one schema per run (--source-schema once)");
      }
      String schema = s == null || s.isEmpty() ? "public" : s.get(0);
      if (connections.targetSchema != null && !connections.targetSchema.equals(schema)) {
        throw usage(
            "logical replication matches tables by schema and name: --target-schema must be the"
                + " source schema ("
                + schema
                + ")");
      }
      return schema;
    }

    /** The migration of a new run (start), from the options. */
    OnlineMigration fresh() {
      List<ConnectionSpec> sources = connections.sourceSpecs();
      ConnectionSpec target = connections.targetSpec();
      if (sources.size() != 1 || target == null) {
        throw usage("ferry online start needs one --source and a --target (both PostgreSQL)");
      }
      return new OnlineMigration(sources.get(0), target, schema(), sourceConninfo, workspace());
    }

    /** A recorded run and its migration: the options' connections, else the recorded URLs. */
    OnlineMigration of(OnlineRun run) {
      List<ConnectionSpec> sources = connections.sourceSpecs();
      ConnectionSpec source =
          sources.isEmpty()
              ? ConnectionSpec.parse(run.source()).withPassword(connections.sourcePasswordGiven())
              : sources.get(0);
      ConnectionSpec target =
          connections.targetSpec() != null
              ? connections.targetSpec()
              : ConnectionSpec.parse(run.target()).withPassword(connections.targetPasswordGiven());
      return new OnlineMigration(source, target, run.schema(), sourceConninfo, workspace());
    }
  }

  /** A recorded run (its id, else the newest) and the connections to reach it. */
  static final class Recorded {
    @Mixin Where where;

    @Parameters(arity = "0..1", paramLabel = "<id>", description = "Default: the newest run.")
    String id;

    OnlineRun run() {
      return new OnlineRuns(where.workspace()).load(id);
    }

    OnlineMigration of(OnlineRun run) {
      return where.of(run);
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Pre-checks, then: the tables and their keys on the target (Ferry's schema phase), a"
            + " publication on the source, a subscription on the target that copies every row and"
            + " then streams every change. BLOCKERs refuse (exit code 6).",
        "Indexes, checks and foreign keys are built at cutover, while writes still flow."
      })
  static final class Start implements Callable<Integer> {
    @Mixin Where where;

    @Option(names = "--json", description = "Print the pre-checks and the run as JSON.")
    boolean json;

    @Option(names = "--check", description = "Only run the pre-checks; change nothing.")
    boolean checkOnly;

    @Override
    public Integer call() throws Exception {
      OnlineMigration m = where.fresh();
      List<Finding> checks = m.preChecks();
      boolean blocked = checks.stream().anyMatch(f -> f.severity() == Severity.BLOCKER);
      if (checkOnly || blocked) {
        if (json) {
          System.out.println(ResultPrinter.JSON.writeValueAsString(checks));
        } else {
          checks.forEach(OnlineCommand::print);
          if (blocked) {
            System.err.println("Not started: resolve the BLOCKERs above.");
          }
        }
        return blocked ? ExitCodes.BLOCKERS : ExitCodes.OK;
      }
      OnlineRun run = m.start();
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("checks", checks);
        doc.put("run", run);
        System.out.println(ResultPrinter.JSON.writeValueAsString(doc));
      } else {
        checks.stream().filter(f -> f.severity() != Severity.INFO).forEach(OnlineCommand::print);
        System.out.println(
            "online run "
                + run.id()
                + " started: "
                + run.tables().size()
                + " tables, publication/subscription/slot "
                + run.publication());
        System.out.println("watch it: ferry online status " + run.id());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "The run as the servers show it: state (initial-copy, streaming, cutting-over,"
              + " verifying, done, aborted), each table's sync state, lag in bytes and seconds, the"
              + " WAL the slot keeps on the source; after a cutover, the comparison at its LSN.")
  static final class Status implements Callable<Integer> {
    @Mixin Recorded where;

    @Option(names = "--json", description = "As JSON (a state field, tables, lag).")
    boolean json;

    @Override
    public Integer call() throws Exception {
      OnlineRun run = where.run();
      OnlineStatus s = where.of(run).status(run);
      if (json) {
        System.out.println(ResultPrinter.JSON.writeValueAsString(s));
      } else {
        System.out.println(line(s));
        s.tables().forEach(t -> System.out.printf("  %-40s %s%n", t.table(), t.state()));
        if (s.verification() != null) {
          System.out.println("compared at cutover: " + s.verification());
        }
        s.warnings().forEach(w -> System.out.println("WARNING: " + w));
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "cutover",
      mixinStandardHelpOptions = true,
      description = {
        "Builds the indexes, checks and foreign keys (writes still flowing); stops writes on the"
            + " source (--writes ferry: a trigger on each table refuses them; --writes confirmed:"
            + " you stop them and confirm); waits for lag 0 at a recorded LSN; sets the sequences"
            + " past the source's; drops subscription, slot and publication — the target stands"
            + " alone; then compares every table on both sides (rows, checksum) on snapshots at"
            + " that LSN while the target already takes writes, so the downtime does not grow"
            + " with the data. --compare-before-switch compares before the switch instead: any"
            + " difference then stops the cutover with the source still the primary.",
        "Prints each step as it happens, the timeline and how long writes were stopped. Exit 4"
            + " when a table differs."
      })
  static final class CutoverCommand implements Callable<Integer> {
    @Mixin Recorded where;

    @Option(
        names = "--yes",
        description =
            "Do not ask (scripts): with --writes confirmed it means writes on the source are"
                + " stopped.")
    boolean yes;

    @Option(
        names = "--writes",
        paramLabel = "ferry|confirmed",
        defaultValue = "ferry",
        description =
            "Who stops writes on the source: ferry (a trigger per table refuses INSERT, UPDATE,"
                + " DELETE, TRUNCATE; kept after the cutover so the old primary cannot diverge —"
                + " ferry online release lifts it) or confirmed (you did; default:"
                + " ${DEFAULT-VALUE}).")
    String writes;

    @Option(
        names = "--compare-before-switch",
        description =
            "Compare every table while writes are stopped, before the target takes writes (the"
                + " downtime then grows with the data).")
    boolean before;

    @Option(
        names = "--wait",
        paramLabel = "<seconds>",
        defaultValue = "60",
        description = "How long to wait for lag 0 once writes stopped (default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Option(names = "--json", description = "Print the cutover as JSON.")
    boolean json;

    @Option(
        names = "--fallback",
        description =
            "Open a fallback window: the old primary follows the target's changes after the"
                + " cutover (needs wal_level = logical on the target), so ferry online fallback"
                + " can switch back without losing a write; ferry online finish ends it.")
    boolean fallback;

    @Option(
        names = "--target-conninfo",
        paramLabel = "<conninfo>",
        description =
            "With --fallback: how the source server reaches the target (libpq). Default: the"
                + " target's own address.")
    String targetConninfo;

    @Override
    public Integer call() throws Exception {
      OnlineRun run = where.run();
      CutoverOptions options =
          new CutoverOptions(
              CutoverOptions.Writes.of(writes),
              before,
              Duration.ofSeconds(waitSeconds),
              fallback,
              targetConninfo);
      java.io.PrintStream out = json ? System.err : System.out;
      Cutover c =
          where
              .of(run)
              .cutover(
                  run,
                  options,
                  () -> yes || confirmed(run, options.writes()),
                  step -> out.println("… " + step));
      if (json) {
        System.out.println(ResultPrinter.JSON.writeValueAsString(c));
        return c.matches() ? ExitCodes.OK : ExitCodes.VALIDATION_MISMATCH;
      }
      c.timeline().forEach(s -> System.out.printf("%8d ms  %s%n", s.took().toMillis(), s.what()));
      c.tables()
          .forEach(
              t ->
                  System.out.printf(
                      "%-5s %s: %,d rows on the source, %,d on the target%n",
                      t.matches() ? "MATCH" : "DIFF", t.table(), t.sourceRows(), t.targetRows()));
      c.sequences().forEach(s -> System.out.println("sequence " + s));
      System.out.println(
          "cut over at LSN "
              + c.lsn()
              + "; writes were stopped for "
              + c.writeDowntime().toMillis()
              + " ms"
              + (c.writesStoppedBy() == CutoverOptions.Writes.FERRY
                  ? "; the source keeps refusing writes to the tables (ferry online release "
                      + run.id()
                      + " lifts it)"
                  : "")
              + ".");
      if (!c.matches()) {
        System.out.println(
            "DIFFER at the cutover LSN: "
                + String.join(", ", c.differing())
                + " — the target already stands alone; look at these tables (ferry validate)"
                + " before trusting them");
        return ExitCodes.VALIDATION_MISMATCH;
      }
      return ExitCodes.OK;
    }

    private static boolean confirmed(OnlineRun run, CutoverOptions.Writes writes) {
      Console console = System.console();
      if (console == null) {
        System.err.println(
            writes == CutoverOptions.Writes.CONFIRMED
                ? "No terminal to confirm on: stop writes on the source, then run it again with"
                    + " --yes."
                : "No terminal to confirm on: run it again with --yes to let Ferry stop writes on"
                    + " the source.");
        return false;
      }
      if (writes == CutoverOptions.Writes.CONFIRMED) {
        String typed =
            console.readLine(
                "Stop writes on the source now (maintenance mode). When they are stopped, type"
                    + " 'stopped': ");
        return typed != null && typed.strip().equals("stopped");
      }
      String typed =
          console.readLine(
              "Ferry will now refuse writes to the %d tables on the source (a trigger on each);"
                  + " applications writing there get an error until they use the target. Type"
                  + " 'cutover' to go on: ",
              run.tables().size());
      return typed != null && typed.strip().equals("cutover");
    }
  }

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description =
          "online-report.html/json/pdf: the cutover as a checklist with its evidence (who stopped"
              + " writes, the LSN, each table's rows and checksum on both sides, sequences, write"
              + " downtime, each step's time) and the run's events. Exit 4 when a table differed.")
  static final class Report implements Callable<Integer> {
    @Mixin Recorded where;

    @Option(
        names = "--out",
        paramLabel = "<dir>",
        description = "Where to write (default: <workspace>/online/<id>-report).")
    Path dir;

    @Override
    public Integer call() throws Exception {
      OnlineRun run = where.run();
      Path out =
          dir != null
              ? dir
              : where.where.workspace().resolve("online").resolve(run.id() + "-report");
      var written = dev.ferry.report.OnlineReportWriter.write(run, out);
      System.out.println("wrote " + written.html() + ", " + written.json() + ", " + written.pdf());
      return run.verification() != null && run.verification().startsWith("differ")
          ? ExitCodes.VALIDATION_MISMATCH
          : ExitCodes.OK;
    }
  }

  @Command(
      name = "fallback",
      mixinStandardHelpOptions = true,
      description =
          "During a fallback window (cutover --fallback): stops writes on the target, waits until"
              + " the old primary has every change of it, sets the old primary's sequences, drops"
              + " the reverse replication and lets the old primary take writes again — switch the"
              + " applications back. The target keeps refusing writes.")
  static final class Fallback implements Callable<Integer> {
    @Mixin Recorded where;

    @Option(names = "--yes", description = "Do not ask.")
    boolean yes;

    @Option(
        names = "--wait",
        paramLabel = "<seconds>",
        defaultValue = "60",
        description =
            "How long to wait for the old primary to catch up (default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Override
    public Integer call() throws Exception {
      OnlineRun run = where.run();
      if (!yes) {
        Integer refused =
            typedConfirmation(
                "Ferry will refuse writes on the target and switch back to the old primary. Type"
                    + " 'fallback' to go on: ",
                "fallback",
                "Not switched back");
        if (refused != null) {
          return refused;
        }
      }
      Duration d =
          where
              .of(run)
              .fallback(
                  run, Duration.ofSeconds(waitSeconds), step -> System.out.println("… " + step));
      System.out.println(
          "switched back to the old primary; writes were stopped for " + d.toMillis() + " ms");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "finish",
      mixinStandardHelpOptions = true,
      description =
          "Ends the fallback window: drops the old primary's subscription to the target, its slot"
              + " on the target and the target's publication. The old primary stays as it is.")
  static final class Finish implements Callable<Integer> {
    @Mixin Recorded where;

    @Override
    public Integer call() throws Exception {
      OnlineRun run = where.run();
      where.of(run).finish(run);
      System.out.println("fallback window of run " + run.id() + " ended; nothing of it is left");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description =
          "Lifts Ferry's write stop on the source (the triggers a cutover left so that the old"
              + " primary cannot diverge): its tables take writes again.")
  static final class Release implements Callable<Integer> {
    @Mixin Recorded where;

    @Override
    public Integer call() throws Exception {
      OnlineRun run = where.run();
      where.of(run).release(run);
      System.out.println(
          "the source takes writes to the "
              + run.tables().size()
              + " tables of run "
              + run.id()
              + " again");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "abort",
      mixinStandardHelpOptions = true,
      description =
          "Drops exactly what the run made for replication — subscription, slot(s), publication —"
              + " and nothing else: the source stays the primary, untouched.")
  static final class Abort implements Callable<Integer> {
    @Mixin Recorded where;

    @Option(names = "--yes", description = "Do not ask.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
      OnlineRun run = where.run();
      System.out.println(
          "Drops subscription "
              + run.subscription()
              + " on the target, slot "
              + run.slot()
              + " and publication "
              + run.publication()
              + " on the source; the tables on the target stay.");
      if (!yes) {
        Integer refused =
            typedConfirmation(
                "Type the run's id (" + run.id() + ") to abort: ", run.id(), "Not aborted");
        if (refused != null) {
          return refused;
        }
      }
      where.of(run).abort(run);
      System.out.println(
          "online run " + run.id() + " aborted; nothing of it is left on the servers");
      return ExitCodes.OK;
    }
  }

  /**
   * Asks on the terminal for {@code expected} to be typed: null when it was, else the exit code (no
   * terminal: USAGE, "run it again with --yes"; something else typed: REFUSED), said after {@code
   * not}.
   */
  private static Integer typedConfirmation(String prompt, String expected, String not) {
    Console console = System.console();
    if (console == null) {
      System.err.println(not + ": no terminal to confirm on; run it again with --yes.");
      return ExitCodes.USAGE;
    }
    String typed = console.readLine("%s", prompt);
    if (typed == null || !typed.strip().equals(expected)) {
      System.err.println(not + ": what was typed does not match.");
      return ExitCodes.REFUSED;
    }
    return null;
  }

  /** One status line: state, tables ready, lag, retained WAL (for logs and terminals alike). */
  static String line(OnlineStatus s) {
    return String.format(
        "%s: %s, %d of %d tables ready, lag %s / %s, slot keeps %s of WAL",
        s.id(),
        s.state(),
        s.ready(),
        s.tables().size(),
        s.lagBytes() == null ? "?" : String.format("%,d bytes", s.lagBytes()),
        s.lagSeconds() == null ? "?" : String.format("%.1f s", s.lagSeconds()),
        s.retainedWalBytes() == null ? "?" : String.format("%,d kB", s.retainedWalBytes() >> 10));
  }

  private static void print(Finding f) {
    System.out.printf(
        "%-8s %s: %s%s%n",
        f.severity(), f.object(), f.message(), f.remedy() == null ? "" : " — " + f.remedy());
  }
}
