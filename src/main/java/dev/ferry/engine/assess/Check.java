package dev.ferry.engine.assess;

import java.sql.SQLException;
import java.util.List;

/** One pre-check. Each is small and independent; the assessor runs them all. */
public interface Check {
  /**
   * Whether this check can find a BLOCKER. {@code migrate} runs only these before it starts (the
   * others scan data for warnings and belong to {@code ferry assess}).
   */
  default boolean canBlock() {
    return false;
  }

  void run(AssessmentContext context, List<Finding> out) throws SQLException;
}
