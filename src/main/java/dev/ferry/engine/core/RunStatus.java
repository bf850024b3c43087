package dev.ferry.engine.core;

/** Where a run stands. RUNNING whose process is gone means the process was killed. */
public enum RunStatus {
  RUNNING,
  INTERRUPTED,
  FAILED,
  SUCCEEDED,
  SUCCEEDED_WITH_REJECTS,
  /**
   * The data is loaded, but objects of the schema (views, indexes, keys …) failed: see the ledger.
   */
  OBJECTS_FAILED,
  VALIDATION_FAILED;

  public boolean isResumable() {
    return this == RUNNING || this == INTERRUPTED || this == FAILED;
  }
}
