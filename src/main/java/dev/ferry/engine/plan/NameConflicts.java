package dev.ferry.engine.plan;

/** What the default plan does with a table name used by more than one source. */
public enum NameConflicts {
  /** Every later table gets its source's name as a prefix ({@code cache_users}). */
  PREFIX,
  /**
   * Tables with the same columns and target types load into one target table; tables that differ
   * are prefixed. Their keys must not overlap (the assessment checks it).
   */
  MERGE
}
