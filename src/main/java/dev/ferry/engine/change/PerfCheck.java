package dev.ferry.engine.change;

import dev.ferry.engine.perf.PerfComparison;
import java.util.List;

/** The project's {@code perf/*.sql} timed now against the baseline and their declared limits. */
public record PerfCheck(List<PerfComparison> queries) {
  public boolean ok() {
    return queries.stream().allMatch(PerfComparison::ok);
  }
}
