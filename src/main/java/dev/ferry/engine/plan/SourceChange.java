package dev.ferry.engine.plan;

/** What a resume does with a table whose source rows changed in ranges already loaded. */
public enum SourceChange {
  /** Refuse the resume and name what changed (the default). */
  REFUSE,
  /** Empty the table (one this run created) and load it again from the start. */
  RELOAD
}
