package dev.ferry.engine.change;

import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.perf.QueryTiming;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;

/**
 * {@code migrate} under change control: refused until every approval the project asks for is given
 * for the exact pending scripts; the performance baseline is recorded first (seed 002: to compare
 * after the change); Flyway applies the scripts; the journal keeps what ran, on which target, and
 * who approved it — or that it failed.
 */
final class ChangeMigration {
  private final ChangeTarget target;
  private final FlywayRunner flyway;
  private final Approvals approvals;
  private final PerformanceBaseline perf;
  private final ChangeJournal journal;

  ChangeMigration(
      ChangeTarget target, Approvals approvals, PerformanceBaseline perf, ChangeJournal journal) {
    this.target = target;
    this.flyway = new FlywayRunner(target);
    this.approvals = approvals;
    this.perf = perf;
    this.journal = journal;
  }

  AppliedMigrations run(ProjectFile project, String to) throws SQLException {
    String changeId = flyway.changeId(to);
    List<ChangeControl.Approval> given = approvals.given(project.approvals(), changeId);
    List<String> missing =
        given.stream().filter(a -> !a.approved()).map(ChangeControl.Approval::role).toList();
    if (!missing.isEmpty()) {
      throw new RefusedException(
          "The pending scripts need approval by "
              + String.join(", ", missing)
              + " before migrate (ferry change approve --role <role> --operator <name>); approvals"
              + " are for these exact scripts on this target: an edited script needs approving"
              + " again"
              + approvals.givenElsewhere(missing, changeId));
    }
    List<String> pending =
        flyway.info().migrations().stream()
            .filter(r -> r.state().equals("Pending"))
            .filter(r -> to == null || r.version() == null || compare(r.version(), to) <= 0)
            .map(r -> r.version() == null ? r.description() : "V" + r.version())
            .toList();
    List<QueryTiming> baseline = null;
    if (!perf.queries().isEmpty()) {
      try {
        baseline = perf.record().queries();
      } catch (IOException e) {
        throw new FerryException("Cannot save the performance baseline: " + e.getMessage(), e);
      }
    }
    int n;
    try {
      n = flyway.migrate(to);
    } catch (RuntimeException e) {
      journal.record("migrate-failed", String.join(", ", pending), e.getMessage());
      throw e;
    }
    journal.record(
        "migrate",
        String.join(", ", pending),
        n
            + " migrations applied on "
            + target.spec()
            + " ("
            + changeId
            + ")"
            + (given.isEmpty()
                ? ""
                : "; approved by "
                    + String.join(
                        ", ",
                        given.stream()
                            .map(a -> a.role() + " (" + a.given().operator() + ")")
                            .toList())));
    if (baseline == null) {
      return new AppliedMigrations(n, pending, changeId);
    }
    // seed 002: the same queries timed again after the change, shown with the result
    PerfCheck after = null;
    String perfError = null;
    try {
      after = perf.compare();
    } catch (SQLException | IOException | RuntimeException e) {
      perfError = e.getMessage();
    }
    AppliedMigrations applied =
        new AppliedMigrations(n, pending, changeId, baseline, after, perfError);
    journal.record(
        applied.perfProblems().isEmpty() ? "perf-check" : "perf-check-failed",
        String.join(", ", pending),
        applied.perfSummary());
    return applied;
  }

  private static int compare(String a, String b) {
    return MigrationVersion.fromVersion(a).compareTo(MigrationVersion.fromVersion(b));
  }
}
