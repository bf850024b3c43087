package dev.ferry.engine.plan;

/** Where constraints go relative to the data. */
public enum LoadOrder {
  /** Tables without keys or foreign keys, data, then keys, indexes and foreign keys (fastest). */
  CONSTRAINTS_AFTER_LOAD,
  /**
   * Keys and foreign keys created first; tables loaded level by level in foreign-key order, as a
   * DBA does by hand (seed 001). Cycles are broken by deferring the cycle's foreign keys.
   */
  DEPENDENCY_ORDER
}
