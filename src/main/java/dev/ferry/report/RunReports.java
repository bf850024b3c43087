package dev.ferry.report;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.checklist.Checklist;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.journal.RunRecord;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanFile;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;

/** Assembles the report of a run from the journal: result, evidence from the target, sign-offs. */
public final class RunReports {
  private RunReports() {}

  /**
   * @param target the target to collect evidence from; null to use the plan's target URL (its
   *     password from PGPASSWORD or ~/.pgpass)
   */
  public static RunReport forRun(
      Path workspace, String runId, Checklist checklist, ConnectionSpec target)
      throws SQLException {
    Ferry journal = Ferry.configure().workspace(workspace).load();
    RunRecord run =
        journal.runs().stream()
            .filter(r -> r.runId().equals(runId))
            .findFirst()
            .orElseThrow(
                () -> new FerryException("No run " + runId + " in the journal at " + workspace));
    MigrationResult result =
        journal
            .result(runId)
            .orElseThrow(
                () ->
                    new FerryException(
                        "Run "
                            + runId
                            + " has no result yet (status "
                            + run.status()
                            + "): resume it first"));
    MigrationPlan plan = PlanFile.fromYaml(run.planYaml());
    ConnectionSpec t = target != null ? target : ConnectionSpec.parse(plan.target().url());
    Ferry ferry = Ferry.configure().workspace(workspace).target(t).load();
    return new RunReport(
        result,
        checklist,
        ferry.evidence(result, plan),
        ferry.signOffs(runId),
        Instant.now(),
        ferry.timeline(runId),
        ferry.provenance(runId));
  }
}
