package dev.ferry.engine.assess;

import java.sql.SQLException;
import java.util.List;

/** One pre-check. Each is small and independent; the assessor runs them all. */
public interface Check {
  void run(AssessmentContext context, List<Finding> out) throws SQLException;
}
