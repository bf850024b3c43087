package dev.ferry.engine.copy;

import java.nio.file.Path;

/** More rows were rejected than the plan's error budget allows; the run stops. */
public final class ErrorBudgetExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ErrorBudgetExceededException(long rejected, long budget, Path dir) {
    super(
        rejected
            + " rows rejected, more than the error budget of "
            + budget
            + ". The rejected rows and their reasons are in "
            + dir
            + ". Fix the source or raise settings.errorBudget (--error-budget), then resume the run.");
  }
}
