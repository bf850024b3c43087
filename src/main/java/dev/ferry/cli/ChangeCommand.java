package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.change.CatalogSnapshot;
import dev.ferry.engine.change.ChangeControl;
import dev.ferry.engine.change.DryRun;
import dev.ferry.engine.change.MigrationRow;
import dev.ferry.engine.change.SchemaChanges;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.report.ChangeReportWriter;
import java.io.Console;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "change",
    mixinStandardHelpOptions = true,
    description = {
      "Schema changes on an existing PostgreSQL from a folder of Flyway migrations"
          + " (V<version>__<name>.sql, R__<name>.sql).",
      "  info      every migration and its state (applied, pending, failed, out of order …)",
      "  validate  applied scripts changed since they ran (checksums), missing or failed ones",
      "  dry-run   run the pending scripts in one transaction, report errors and what would be"
          + " added, altered or dropped, then roll back",
      "  risk      the lock each pending statement takes, on which table of what size, its impact"
          + " (LOW/MEDIUM/HIGH/CRITICAL), the estimated lock time and the safer way",
      "  migrate   apply the pending scripts (up to --to)",
      "  verify    run the folder's verify/*.sql (each passes when it returns no rows) and the"
          + " row-level-security audit with an isolation probe of every multi-tenant table",
      "  backup    pg_dump -Fc of the target with a SHA-256 manifest (the pg_dump matching the server is found)",
      "  restore   check a backup against its manifest, then pg_restore it (asks unless --yes)",
      "  report    change-report.html/json/pdf: migrations, approvals, history, backups, verification",
      "  perf      time the perf/*.sql queries (EXPLAIN ANALYZE, median of 5) against the baseline"
          + " recorded before migrate (or with --record) and their '-- max: 100ms' limits",
      "  approve   record an approval the project's ferry-change.yaml asks for (approvals: [DBA, tech lead]);"
          + " migrate refuses until every one is given for the exact pending scripts",
      "  undo      run the U<version>__ scripts newest first back to --to, keeping Flyway's history"
          + " consistent (asks for confirmation unless --yes)",
      "  baseline  mark an existing schema as the baseline version",
      "  repair    fix the history table after a failed migration"
    })
final class ChangeCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "<action>",
      description =
          "info | validate | dry-run | risk | migrate | verify | perf | approve | undo | backup | restore | report | baseline | repair")
  String action;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "<url>",
      description = "The PostgreSQL to change (JDBC URL, libpq string or URI).")
  String target;

  @Option(
      names = "--target-password",
      interactive = true,
      arity = "0..1",
      description = "Prompt for the password.")
  char[] password;

  @Option(
      names = "--migrations",
      paramLabel = "<folder>",
      description = "The folder of migration scripts.")
  Path migrations;

  @Option(
      names = "--schema",
      defaultValue = "public",
      description = "The schema changed and holding Flyway's history (default: public).")
  String schema;

  @Option(
      names = "--to",
      paramLabel = "<version>",
      description = "Stop at this version (migrate, dry-run).")
  String to;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Option(
      names = "--tenant-column",
      description =
          "verify: the column that marks a multi-tenant table (default: tenant.column in"
              + " ferry-change.yaml, else tenant_id).")
  String tenantColumn;

  @Option(
      names = "--tenant-setting",
      description =
          "verify: the setting the policies read (default: tenant.setting in ferry-change.yaml, else"
              + " app.current_tenant_id).")
  String tenantSetting;

  @Option(
      names = "--lock-timeout",
      paramLabel = "<time>",
      description =
          "Give up a statement that waits longer than this for a lock (e.g. 5s): a change never queues the application behind it for long.")
  String lockTimeout;

  @Option(
      names = "--statement-timeout",
      paramLabel = "<time>",
      description = "Stop a statement that runs longer than this (e.g. 10min).")
  String statementTimeout;

  @Option(
      names = "--staged",
      description =
          "undo: move the tables the undone versions created, with their rows, into a new rollback_backup_<time> schema instead of dropping them.")
  boolean staged;

  @Option(
      names = "--out",
      paramLabel = "<dir>",
      description =
          "backup, report: where to write (default: <workspace>/backups, <workspace>/changes/<db>-<date>).")
  Path backupDir;

  @Option(
      names = "--file",
      paramLabel = "<backup.dump>",
      description = "restore: the backup to restore.")
  Path backupFile;

  @Option(
      names = "--role",
      paramLabel = "<role>",
      description = "approve: the approval given (as listed in ferry-change.yaml).")
  String role;

  @Option(
      names = "--operator",
      paramLabel = "<name>",
      description = "approve: who approves (default: the OS user).")
  String operator;

  @Option(
      names = "--note",
      paramLabel = "<text>",
      description = "approve: a note with the approval.")
  String note;

  @Option(
      names = "--record",
      description = "perf: record the perf/*.sql timings as the target's baseline.")
  boolean record;

  @Option(
      names = "--backup",
      description =
          "migrate: back up the target with pg_dump first (with --trial-restore, prove it restores"
              + " before anything changes).")
  boolean backupFirst;

  @Option(
      names = "--trial-restore",
      description =
          "backup, migrate --backup: restore the new backup into a scratch database and compare every table's rows.")
  boolean trial;

  @Option(names = "--yes", description = "Confirm undo or restore without asking.")
  boolean yes;

  @CommandLine.Mixin WorkspaceOption ws;

  @Override
  public Integer call() throws Exception {
    ConnectionSpec t =
        ConnectionSpec.parse(target).withPassword(password == null ? null : new String(password));
    ChangeControl backups = new ChangeControl(t, null, ws.resolve());
    if (action.equals("backup")) {
      var b = backups.backup(backupDir);
      BackupCommand.BackupActions.print(b);
      return !trial || BackupCommand.BackupActions.print(backups.trialRestore(b))
          ? ExitCodes.OK
          : ExitCodes.VALIDATION_MISMATCH;
    }
    if (action.equals("restore")) {
      if (backupFile == null) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "restore needs --file <backup.dump>");
      }
      Integer refused = BackupCommand.BackupActions.confirmRestore(t, backupFile, yes);
      if (refused != null) {
        return refused;
      }
      backups.restore(backupFile);
      System.out.println("restored " + backupFile + " into " + t);
      return ExitCodes.OK;
    }
    if (migrations == null) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), action + " needs --migrations <folder>");
    }
    SchemaChanges changes =
        new SchemaChanges(t, migrations, schema).timeouts(lockTimeout, statementTimeout);
    ChangeControl control = new ChangeControl(t, changes, ws.resolve());
    ObjectMapper out = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    switch (action) {
      case "info" -> {
        List<MigrationRow> rows = changes.info();
        if (json) {
          System.out.println(out.writeValueAsString(rows));
        } else {
          System.out.printf(
              "%-10s %-40s %-14s %s%n", "version", "description", "state", "installed on");
          for (MigrationRow r : rows) {
            System.out.printf(
                "%-10s %-40s %-14s %s%n",
                r.version() == null ? "R" : r.version(),
                r.description(),
                r.state(),
                r.installedOn() == null ? "" : r.installedOn());
          }
        }
        return ExitCodes.OK;
      }
      case "validate" -> {
        List<String> problems = changes.validate();
        if (json) {
          System.out.println(out.writeValueAsString(problems));
        } else {
          System.out.println(
              problems.isEmpty()
                  ? "valid: the applied scripts match the folder"
                  : String.join("\n", problems));
        }
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.VALIDATION_MISMATCH;
      }
      case "dry-run" -> {
        DryRun r = changes.dryRun(to);
        if (json) {
          System.out.println(out.writeValueAsString(r));
        } else {
          for (DryRun.Script s : r.scripts()) {
            System.out.printf(
                "%s  %d statements%s%n",
                s.script(), s.statements(), s.error() == null ? "" : "  FAILED");
            s.notes().forEach(n -> System.out.println("   note: " + n));
            if (s.error() != null) {
              System.out.println("   error: " + s.error());
            }
          }
          if (r.scripts().isEmpty()) {
            System.out.println("nothing pending");
          }
          for (CatalogSnapshot.Change c : r.changes()) {
            System.out.printf(
                "%-8s %-18s %s%s%n",
                c.what(),
                c.kind(),
                c.name(),
                c.what().equals("altered")
                    ? ": " + c.before() + " → " + c.after()
                    : c.after() != null ? ": " + c.after() : "");
          }
          System.out.println(
              r.ok()
                  ? "dry run: no error; everything was rolled back"
                  : "dry run failed; everything was rolled back");
        }
        return r.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
      }
      case "risk" -> {
        var risks = changes.risk(to);
        if (json) {
          System.out.println(out.writeValueAsString(risks));
        } else {
          for (var r : risks) {
            System.out.printf(
                "%-8s V%s %s%n         lock: %s%s%n         %s; estimated lock %.1f s%s%n",
                r.impact(),
                r.version(),
                r.statement(),
                r.lock(),
                r.table() == null
                    ? ""
                    : String.format(" on %s (%,d MB)", r.table(), r.tableBytes() / (1024 * 1024)),
                r.work(),
                r.estimatedLockSeconds(),
                r.advice() == null ? "" : "\n         safer: " + r.advice());
          }
          if (risks.isEmpty()) {
            System.out.println("nothing pending");
          }
        }
        return ExitCodes.OK;
      }
      case "verify" -> {
        List<String[]> checks = changes.verify();
        String[] tenancy = changes.tenancy();
        String column = tenantColumn != null ? tenantColumn : tenancy[0];
        var audit = changes.rlsAudit(column, tenantSetting != null ? tenantSetting : tenancy[1]);
        var internal = changes.internalAccess();
        boolean ok =
            checks.stream().allMatch(c -> c[1].equals("PASS"))
                && audit.stream().allMatch(a -> a.ok())
                && internal.stream().allMatch(a -> a.ok());
        if (json) {
          System.out.println(
              out.writeValueAsString(
                  Map.of(
                      "checks",
                      checks,
                      "rowLevelSecurity",
                      audit,
                      "internalViews",
                      internal,
                      "ok",
                      ok)));
        } else {
          for (String[] c : checks) {
            System.out.printf("%-5s %s: %s%n", c[1], c[0], c[2]);
          }
          for (var a : audit) {
            System.out.printf(
                "%-5s RLS %s (%d policies): %s%n",
                a.ok() ? "PASS" : "FAIL", a.table(), a.policies(), a.probe());
          }
          for (var v : internal) {
            System.out.printf(
                "%-5s internal view %s, readable by %s%s%n",
                v.ok() ? "PASS" : "FAIL",
                v.view(),
                v.readers().isEmpty() ? "owner and superusers only" : v.readers(),
                v.problems().isEmpty() ? "" : ": " + String.join("; ", v.problems()));
          }
          if (checks.isEmpty() && audit.isEmpty() && internal.isEmpty()) {
            System.out.println(
                "nothing to verify: no verify/*.sql and no table with column " + column);
          }
        }
        return ok ? ExitCodes.OK : ExitCodes.VALIDATION_MISMATCH;
      }
      case "undo" -> {
        if (to == null) {
          throw new CommandLine.ParameterException(
              new CommandLine(this), "undo needs --to <version>: the version to go back to");
        }
        List<String> plan = changes.undoPlan(to);
        if (plan.isEmpty()) {
          System.out.println("nothing to undo: no applied version above " + to);
          return ExitCodes.OK;
        }
        System.out.println("undo to version " + to + ", newest first: " + String.join(", ", plan));
        if (!yes) {
          Console console = System.console();
          if (console == null) {
            System.err.println("ferry: undo changes the database; confirm with --yes");
            return ExitCodes.USAGE;
          }
          String answer =
              console.readLine("Undo %d versions on %s? Type yes to go on: ", plan.size(), t);
          if (answer == null || !answer.strip().equals("yes")) {
            System.out.println("not undone");
            return ExitCodes.INTERRUPTED;
          }
        }
        var done = control.undo(to, staged);
        if (staged) {
          System.out.println(
              "tables created by the undone versions kept in schema " + changes.lastBackupSchema());
        }
        done.forEach(
            d -> {
              System.out.println("undone V" + d.version() + " with " + d.script());
              d.notes().forEach(n -> System.out.println("   " + n));
            });
        return ExitCodes.OK;
      }
      case "approve" -> {
        if (role == null) {
          throw new CommandLine.ParameterException(
              new CommandLine(this),
              "approve needs --role <role> (one of the project's approvals)");
        }
        String who = operator != null ? operator : System.getProperty("user.name");
        try {
          var given = control.approve(role, who, note, to);
          System.out.println(
              "approved as "
                  + role
                  + " by "
                  + who
                  + " for the pending scripts ("
                  + given.runId()
                  + ")");
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        return ExitCodes.OK;
      }
      case "migrate" -> {
        if (backupFirst) {
          var b = control.backup(backupDir);
          BackupCommand.BackupActions.print(b);
          if (trial && !BackupCommand.BackupActions.print(control.trialRestore(b))) {
            System.err.println("ferry: not migrating: the backup's trial restore failed");
            return ExitCodes.REFUSED;
          }
        }
        int n = control.migrate(to);
        System.out.println(n + " migrations applied");
        return ExitCodes.OK;
      }
      case "perf" -> {
        if (record) {
          var timings = control.recordPerformanceBaseline();
          if (json) {
            System.out.println(out.writeValueAsString(timings));
          } else {
            timings.forEach(
                q ->
                    System.out.println(
                        q.error() == null
                            ? String.format(
                                "%-36s %8.1f ms  %s", q.name(), q.executionMs(), q.plan())
                            : String.format("%-36s failed: %s", q.name(), q.error())));
            System.out.println("baseline recorded (" + timings.size() + " queries)");
          }
          return ExitCodes.OK;
        }
        var cmp = control.comparePerformance();
        if (json) {
          System.out.println(out.writeValueAsString(cmp));
        } else {
          cmp.forEach(c -> System.out.printf("%-5s %s: %s%n", c.result(), c.name(), c.detail()));
          if (cmp.isEmpty()) {
            System.out.println("no perf/*.sql queries in " + migrations);
          }
        }
        return cmp.stream().allMatch(c -> c.ok()) ? ExitCodes.OK : ExitCodes.VALIDATION_MISMATCH;
      }
      case "report" -> {
        var report = control.report(to);
        Path dir =
            backupDir != null
                ? backupDir
                : ws.resolve().resolve("changes").resolve(t.name() + "-" + LocalDate.now());
        var written = ChangeReportWriter.write(report, dir);
        System.out.println("report: " + written.html());
        System.out.println("json:   " + written.json());
        System.out.println("pdf:    " + written.pdf());
        return report.verified() ? ExitCodes.OK : ExitCodes.VALIDATION_MISMATCH;
      }
      case "baseline" -> {
        changes.baseline();
        System.out.println("baselined");
        return ExitCodes.OK;
      }
      case "repair" -> {
        changes.repair();
        System.out.println("history table repaired");
        return ExitCodes.OK;
      }
      default ->
          throw new CommandLine.ParameterException(
              new CommandLine(this),
              "Unknown action '"
                  + action
                  + "': info, validate, dry-run, migrate, baseline or repair");
    }
  }
}
