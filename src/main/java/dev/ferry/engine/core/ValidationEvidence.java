package dev.ferry.engine.core;

import java.time.Instant;

/**
 * One validation of a run's target, as the run's evidence history keeps it: when, by whom (the run
 * itself or a later {@code validate}), whether everything matched and its summary. Only the newest
 * counts; the others are kept, marked superseded, so a report shows what changed and when.
 */
public record ValidationEvidence(
    Instant at, String by, boolean ok, String summary, boolean superseded) {

  public static final String BY_RUN = "the run";
  public static final String BY_VALIDATE = "validate again";
}
