package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.TrialRestore;
import dev.ferry.engine.change.AppliedMigrations;
import dev.ferry.engine.change.Baseline;
import dev.ferry.engine.change.CatalogSnapshot;
import dev.ferry.engine.change.ChangeInfo;
import dev.ferry.engine.change.ChangeValidation;
import dev.ferry.engine.change.DryRun;
import dev.ferry.engine.change.HistoryRepair;
import dev.ferry.engine.change.LockRisks;
import dev.ferry.engine.change.MigrationRow;
import dev.ferry.engine.change.PerfBaseline;
import dev.ferry.engine.change.PerfCheck;
import dev.ferry.engine.change.Restore;
import dev.ferry.engine.change.StatementRisk;
import dev.ferry.engine.change.Undo;
import dev.ferry.engine.change.UndoPlan;
import dev.ferry.engine.change.Verification;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.journal.SignOff;
import dev.ferry.report.ReportWriter;
import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code ferry change} shows what its subcommands return: text for a terminal, or with {@code
 * --json} the results as JSON for scripts. Backups and trial restores print as {@code ferry backup}
 * prints them.
 */
final class ChangePrinter {
  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;

  ChangePrinter(PrintStream out, PrintStream err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  /** A printer on the standard streams. */
  static ChangePrinter of(boolean json) {
    return new ChangePrinter(System.out, System.err, json);
  }

  static ChangePrinter text() {
    return of(false);
  }

  void info(ChangeInfo info) throws JsonProcessingException {
    if (json) {
      printJson(info.migrations());
      return;
    }
    out.printf("%-10s %-40s %-14s %s%n", "version", "description", "state", "installed on");
    for (MigrationRow r : info.migrations()) {
      out.printf(
          "%-10s %-40s %-14s %s%n",
          r.version() == null ? "R" : r.version(),
          r.description(),
          r.state(),
          r.installedOn() == null ? "" : r.installedOn());
    }
  }

  void validation(ChangeValidation v) throws JsonProcessingException {
    if (json) {
      printJson(v.problems());
      return;
    }
    out.println(
        v.ok() ? "valid: the applied scripts match the folder" : String.join("\n", v.problems()));
  }

  void dryRun(DryRun r) throws JsonProcessingException {
    if (json) {
      printJson(r);
      return;
    }
    out.println("dry run session: " + String.join(", ", r.limits()));
    for (DryRun.Script s : r.scripts()) {
      out.printf(
          "%s  %d statements%s%n", s.script(), s.statements(), s.error() == null ? "" : "  FAILED");
      s.notes().forEach(n -> out.println("   note: " + n));
      if (s.error() != null) {
        out.println("   error: " + s.error());
      }
    }
    if (r.scripts().isEmpty()) {
      out.println("nothing pending");
    }
    for (CatalogSnapshot.Change c : r.changes()) {
      out.printf(
          "%-8s %-18s %s%s%n",
          c.what(),
          c.kind(),
          c.name(),
          c.what().equals("altered")
              ? ": " + c.before() + " → " + c.after()
              : c.after() != null ? ": " + c.after() : "");
    }
    out.println(
        r.ok()
            ? "dry run: no error; everything was rolled back"
            : "dry run failed; everything was rolled back");
  }

  void risks(LockRisks risks) throws JsonProcessingException {
    if (json) {
      printJson(risks.statements());
      return;
    }
    if (risks.rehearsal() != null) {
      out.println("(" + risks.rehearsal() + ")");
    }
    for (StatementRisk r : risks.statements()) {
      out.printf(
          "%-8s V%s %s%n         lock: %s%s%n         %s; estimated lock %.1f s%s%s%n",
          r.impact() + (r.breaking() == null ? "" : "!"),
          r.version(),
          r.statement(),
          r.lock(),
          r.table() == null
              ? ""
              : String.format(" on %s (%,d MB)", r.table(), r.tableBytes() / (1024 * 1024)),
          r.work(),
          r.estimatedLockSeconds(),
          r.advice() == null ? "" : "\n         safer: " + r.advice(),
          r.breaking() == null ? "" : "\n         BREAKING: " + r.breaking());
    }
    if (risks.statements().isEmpty()) {
      out.println("nothing pending");
    }
  }

  void verification(Verification v) throws JsonProcessingException {
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("checks", v.checks());
      doc.put("rowLevelSecurity", v.rowLevelSecurity());
      doc.put("internalViews", v.internalViews());
      doc.put("ok", v.ok());
      printJson(doc);
      return;
    }
    for (String[] c : v.checks()) {
      out.printf("%-5s %s: %s%n", c[1], c[0], c[2]);
    }
    for (var a : v.rowLevelSecurity()) {
      out.printf("%-5s RLS %s (%d policies): %s%n", a.result(), a.table(), a.policies(), a.probe());
    }
    for (var view : v.internalViews()) {
      out.printf(
          "%-5s internal view %s, readable by %s%s%n",
          view.ok() ? "PASS" : "FAIL",
          view.view(),
          view.readers().isEmpty() ? "owner and superusers only" : view.readers(),
          view.problems().isEmpty() ? "" : ": " + String.join("; ", view.problems()));
    }
    if (v.checks().isEmpty() && v.rowLevelSecurity().isEmpty() && v.internalViews().isEmpty()) {
      out.println(
          "nothing to verify: no verify/*.sql and no table with column " + v.tenantColumn());
    }
  }

  /** The plan of an undo, or that there is nothing to undo. */
  void undoPlan(UndoPlan plan) {
    if (plan.scripts().isEmpty()) {
      out.println("nothing to undo: no applied version above " + plan.toVersion());
    } else {
      out.println(
          "undo to version "
              + plan.toVersion()
              + ", newest first: "
              + String.join(", ", plan.scripts()));
    }
  }

  /** Asks on the terminal before an undo; whether the answer was yes. */
  boolean confirmUndo(Console console, UndoPlan plan, ConnectionSpec target) {
    String answer =
        console.readLine(
            "Undo %d versions on %s? Type yes to go on: ", plan.scripts().size(), target);
    return answer != null && answer.strip().equals("yes");
  }

  void undoNeedsConfirmation() {
    err.println("ferry: undo changes the database; confirm with --yes");
  }

  void notUndone() {
    out.println("not undone");
  }

  /** Exactly what an undo did: versions, what moved where, what the scripts changed. */
  void undone(Undo undo) {
    out.println(
        "undone to version "
            + undo.toVersion()
            + " in one transaction: "
            + String.join(", ", undo.versions().stream().map(v -> "V" + v).toList())
            + " (their rows removed from Flyway's history)");
    if (undo.backupSchema() != null) {
      out.println(
          "staged in schema "
              + undo.backupSchema()
              + (undo.staged().isEmpty()
                  ? ": nothing (the undone versions created no table still there)"
                  : ": " + String.join(", ", undo.staged())));
    }
    undo.steps()
        .forEach(
            d -> {
              out.println(
                  "undone V"
                      + d.version()
                      + " with "
                      + d.script()
                      + " ("
                      + d.statements()
                      + " statements)");
              d.notes().forEach(n -> out.println("   " + n));
            });
    List<CatalogSnapshot.Change> changes = undo.objectChanges();
    if (!changes.isEmpty()) {
      out.println("changed in the schema:");
      changes.forEach(c -> out.println("   " + c.what() + " " + c.kind() + " " + c.name()));
    }
    undo.remaining()
        .forEach(
            r ->
                out.println(
                    "warning: still there after the undo, so applying its version again fails"
                        + " with 'already exists': "
                        + r));
  }

  /** An approval given by {@code operator} as they named themselves. */
  void approved(SignOff given, String operator) {
    out.println(
        "approved as "
            + given.item()
            + " by "
            + operator
            + " for the pending scripts ("
            + given.runId()
            + ")");
    if (given.note() != null && given.note().contains("WARNING: ")) {
      out.println(given.note().substring(given.note().indexOf("WARNING: ")));
    }
  }

  void backup(Backup b) {
    BackupCommand.BackupActions.print(b);
  }

  /** Prints a trial restore table by table; whether it passed. */
  boolean trialRestore(TrialRestore t) {
    return BackupCommand.BackupActions.print(t);
  }

  void notMigratingWithoutRestorableBackup() {
    err.println("ferry: not migrating: the backup's trial restore failed");
  }

  void applied(AppliedMigrations applied) throws JsonProcessingException {
    if (json) {
      printJson(applied);
      return;
    }
    out.println(applied.count() + " migrations applied");
    if (applied.perfAfter() != null) {
      applied
          .perfAfter()
          .queries()
          .forEach(c -> out.printf("%-5s %s: %s%n", c.result(), c.name(), c.detail()));
    }
    applied.perfProblems().forEach(p -> out.println("warning: " + p));
  }

  void perfBaseline(PerfBaseline baseline) throws JsonProcessingException {
    if (json) {
      printJson(baseline.queries());
      return;
    }
    baseline
        .queries()
        .forEach(
            q ->
                out.println(
                    q.error() == null
                        ? String.format("%-36s %8.1f ms  %s", q.name(), q.executionMs(), q.plan())
                        : String.format("%-36s failed: %s", q.name(), q.error())));
    out.println("baseline recorded (" + baseline.queries().size() + " queries)");
  }

  /** The comparison with the baseline; {@code folder} as the command line named it. */
  void perfCheck(PerfCheck check, Path folder) throws JsonProcessingException {
    if (json) {
      printJson(check.queries());
      return;
    }
    check.queries().forEach(c -> out.printf("%-5s %s: %s%n", c.result(), c.name(), c.detail()));
    if (check.queries().isEmpty()) {
      out.println("no perf/*.sql queries in " + folder);
    }
  }

  void reportWritten(ReportWriter.Written written) {
    out.println("report: " + written.html());
    out.println("json:   " + written.json());
    out.println("pdf:    " + written.pdf());
  }

  void restored(Restore r) {
    out.println("restored " + r.file() + " into " + r.target());
  }

  void baselined(Baseline b) {
    out.println("baselined");
  }

  void repaired(HistoryRepair r) {
    out.println("history table repaired");
  }

  private void printJson(Object value) throws JsonProcessingException {
    out.println(ResultPrinter.JSON.writeValueAsString(value));
  }
}
