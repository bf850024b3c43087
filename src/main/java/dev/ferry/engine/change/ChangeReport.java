package dev.ferry.engine.change;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.journal.JournalEvent;
import dev.ferry.engine.perf.PerfComparison;
import java.time.Instant;
import java.util.List;

/**
 * What a schema-change report shows: the target's migrations and their state, the approvals for the
 * pending scripts, the recorded history (migrate, undo, approvals, backups), the target's backups,
 * and the verification: the project's SQL checks, the row-level-security audit and who may read the
 * internal views; and the lock risk of each pending statement with how it was rehearsed (empty when
 * nothing is pending).
 */
public record ChangeReport(
    String target,
    String folder,
    String schema,
    Instant generatedAt,
    List<MigrationRow> migrations,
    String pendingChangeId,
    List<ChangeControl.Approval> approvals,
    List<JournalEvent> history,
    List<Backup> backups,
    List<String[]> checks,
    List<RlsAudit.TableAudit> rowLevelSecurity,
    List<InternalAccess.ViewAccess> internalViews,
    List<PerfComparison> performance,
    List<StatementRisk> pendingRisk,
    String rehearsal) {

  /** True when every check, audit and internal view passed. */
  @JsonProperty("verified")
  public boolean verified() {
    return checks.stream().allMatch(c -> c[1].equals("PASS"))
        && rowLevelSecurity.stream().allMatch(RlsAudit.TableAudit::ok)
        && internalViews.stream().allMatch(InternalAccess.ViewAccess::ok)
        && performance.stream().allMatch(PerfComparison::ok);
  }
}
