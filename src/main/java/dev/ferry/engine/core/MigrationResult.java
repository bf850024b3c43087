package dev.ferry.engine.core;

import java.util.List;
import java.util.Map;

/**
 * What a migration did: its run id and status, per-table results, seconds per phase, warnings,
 * where the rejected rows are, the DDL it ran, the waived blockers, and the validation report (null
 * when skipped), and the ledger: what became of each planned object. {@code validations} is the
 * history of the target's validations for this run (the run's own, then each {@code validate}):
 * {@code validation} is always the newest.
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
    List<LedgerEntry> ledger,
    List<ValidationEvidence> validations) {

  public MigrationResult {
    ledger = ledger == null ? List.of() : List.copyOf(ledger);
    validations = validations == null ? List.of() : List.copyOf(validations);
  }

  /**
   * This result as the newest validation of its target says: {@code validation} is that report,
   * {@code status} and {@code message} the verdict with it, {@code history} every validation of the
   * run, oldest first, all but the newest superseded.
   */
  public MigrationResult withLatestValidation(
      ValidationReport latest, RunStatus status, String message, List<ValidationEvidence> history) {
    return new MigrationResult(
        runId,
        status,
        message,
        tables,
        phaseSeconds,
        warnings,
        rowsRejected,
        valuesCleaned,
        zeroDatesNulled,
        rejectsDirectory,
        ddl,
        waivers,
        latest,
        ledger,
        history);
  }

  /** The planned objects the target refused. */
  public List<LedgerEntry> failedObjects() {
    return ledger.stream().filter(e -> e.state() == ObjectState.FAILED).toList();
  }

  public long rowsLoaded() {
    return tables.stream().mapToLong(TableResult::rowsLoaded).sum();
  }
}
