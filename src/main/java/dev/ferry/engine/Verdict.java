package dev.ferry.engine;

import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.ValidationReport;
import dev.ferry.engine.journal.Ledger;
import java.util.List;

/**
 * A finished run's status, concluded from its evidence: a validation mismatch outranks objects the
 * target refused, which outrank rejected rows. SUCCEEDED only when none of them speaks against it.
 */
record Verdict(RunStatus status, String message) {
  static Verdict of(long rejectedRows, List<LedgerEntry> failed, ValidationReport validation) {
    String objects = failed.isEmpty() ? null : Ledger.summary(failed);
    if (validation != null && !validation.ok()) {
      return new Verdict(
          RunStatus.VALIDATION_FAILED,
          validation.summary() + (objects == null ? "" : "; " + objects));
    }
    if (objects != null) {
      return new Verdict(RunStatus.OBJECTS_FAILED, objects);
    }
    return new Verdict(
        rejectedRows > 0 ? RunStatus.SUCCEEDED_WITH_REJECTS : RunStatus.SUCCEEDED, null);
  }
}
