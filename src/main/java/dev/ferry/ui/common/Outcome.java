package dev.ferry.ui.common;

/**
 * How a step's last result reads at a glance: a ViewModel says which, the View colours the status
 * line by it, so a failure never looks like a success.
 */
public enum Outcome {
  /** Nothing to judge yet. */
  NONE,
  SUCCESS,
  /** Done, with something to look at (rejected rows). */
  WARNING,
  FAILURE
}
