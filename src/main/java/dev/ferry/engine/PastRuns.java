package dev.ferry.engine;

import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.journal.Ledger;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.journal.RunRecord;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the facade looks up among a workspace's past runs: the run to resume, the rejects. */
final class PastRuns {
  private PastRuns() {}

  /** The run to resume ({@code runId} null: the latest one), refused when it cannot be resumed. */
  static RunRecord resumable(Path workspace, String runId) throws SQLException {
    RunRecord run;
    try (RunJournal j = RunJournal.open(workspace)) {
      Optional<RunRecord> found = runId == null ? j.latestResumable() : j.run(runId);
      run =
          found.orElseThrow(
              () ->
                  new FerryException(
                      runId == null
                          ? "No interrupted run to resume in " + workspace
                          : "No run " + runId + " in the journal at " + workspace));
    }
    try (RunJournal j = RunJournal.open(workspace)) {
      if (!j.events(run.runId(), RunDiscard.EVENT, true).isEmpty()) {
        throw new FerryException(
            "Run " + run.runId() + " was discarded (its objects dropped) and cannot be resumed");
      }
    }
    if (!run.status().isResumable() || run.status() == RunStatus.RUNNING && !run.isAbandoned()) {
      throw new FerryException(
          "Run "
              + run.runId()
              + " is "
              + run.status()
              + (run.isAbandoned() ? "" : " (process " + run.pid() + ")")
              + " and cannot be resumed");
    }
    return run;
  }

  private static boolean sameTarget(String planYaml, MigrationPlan plan) {
    try {
      return PlanFile.fromYaml(planYaml).target().equals(plan.target());
    } catch (RuntimeException unreadable) {
      return false; // a plan of an older Ferry: not the run to account with
    }
  }

  /**
   * The reject files of the newest run in the workspace that loaded into the same target schema:
   * rows a source holds but the load set aside are accounted for there, not in the target.
   */
  static Path latestRejects(Path workspace, MigrationPlan plan) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      Optional<RunRecord> run = latestInto(j, plan);
      if (run.isEmpty()) {
        return null;
      }
      Path dir = workspace.resolve("runs").resolve(run.get().runId()).resolve("rejects");
      return Files.isDirectory(dir) ? dir : null;
    }
  }

  /** A past run's object ledger and the existing tables it kept. */
  record RunObjects(List<LedgerEntry> ledger, Set<String> kept) {}

  /** The ledger of the newest run in the workspace that loaded into the same target schema. */
  static Optional<RunObjects> latestObjects(Path workspace, MigrationPlan plan)
      throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      Optional<RunRecord> run = latestInto(j, plan);
      if (run.isEmpty()) {
        return Optional.empty();
      }
      String id = run.get().runId();
      return Optional.of(new RunObjects(Ledger.read(j, id), j.events(id, "kept", true)));
    }
  }

  /** The newest run in the workspace that loaded into the same target schema. */
  static Optional<RunRecord> latestInto(RunJournal j, MigrationPlan plan) throws SQLException {
    return j.runs().stream()
        .filter(run -> run.planYaml() != null && sameTarget(run.planYaml(), plan))
        .findFirst();
  }
}
