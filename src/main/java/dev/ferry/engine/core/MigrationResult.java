package dev.ferry.engine.core;

import java.util.List;
import java.util.Map;

/**
 * What a migration did: its run id and status, per-table results, seconds per phase, warnings,
 * where the rejected rows are, the DDL it ran, the waived blockers, and the validation report (null
 * when skipped).
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
    ValidationReport validation) {

  public long rowsLoaded() {
    return tables.stream().mapToLong(TableResult::rowsLoaded).sum();
  }
}
