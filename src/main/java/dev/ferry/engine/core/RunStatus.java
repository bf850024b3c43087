package dev.ferry.engine.core;

/** Where a run stands. RUNNING whose process is gone means the process was killed. */
public enum RunStatus {
  RUNNING,
  INTERRUPTED,
  FAILED,
  SUCCEEDED,
  SUCCEEDED_WITH_REJECTS,
  VALIDATION_FAILED;

  public boolean isResumable() {
    return this == RUNNING || this == INTERRUPTED || this == FAILED;
  }
}
