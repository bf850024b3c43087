package dev.ferry.engine.core;

import java.util.List;
import java.util.Map;

/**
 * What a migration did: its run id and status, per-table results, seconds per phase, warnings,
 * where the rejected rows are, the DDL it ran, the waived blockers, and the validation report (null
 * when skipped), and the ledger: what became of each planned object.
 */
public record MigrationResult(
    String runId,
    RunStatus status,
    String message,
    List<TableResult> tables,
    Map<String, Double> phaseSeconds,
    List<String> warnings,
    long rowsRejected,
    long valuesCleaned,
    long zeroDatesNulled,
    String rejectsDirectory,
    List<String> ddl,
    List<Waiver> waivers,
    ValidationReport validation,
    List<LedgerEntry> ledger) {

  public MigrationResult {
    ledger = ledger == null ? List.of() : List.copyOf(ledger);
  }

  /** The planned objects the target refused. */
  public List<LedgerEntry> failedObjects() {
    return ledger.stream().filter(e -> e.state() == ObjectState.FAILED).toList();
  }

  public long rowsLoaded() {
    return tables.stream().mapToLong(TableResult::rowsLoaded).sum();
  }
}
