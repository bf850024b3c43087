package dev.ferry.engine.plan;

/** What to do when a target table already exists. Chosen explicitly; the default refuses. */
public enum IfExists {
  /** Refuse to start and list the existing tables. */
  FAIL,
  /** Empty the existing tables, then load. */
  TRUNCATE,
  /** Keep existing rows and add the source's rows. */
  APPEND
}
