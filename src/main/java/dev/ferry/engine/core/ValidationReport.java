package dev.ferry.engine.core;

import java.util.List;

/** Validation of every table of a plan. */
public record ValidationReport(List<TableValidation> tables, double seconds) {
  public boolean ok() {
    return tables.stream().allMatch(TableValidation::ok);
  }

  public String summary() {
    long bad = tables.stream().filter(t -> !t.ok()).count();
    if (bad == 0) {
      return "all " + tables.size() + " tables match";
    }
    StringBuilder sb = new StringBuilder(bad + " of " + tables.size() + " tables differ: ");
    tables.stream()
        .filter(t -> !t.ok())
        .limit(10)
        .forEach(
            t ->
                sb.append(t.target())
                    .append(" (")
                    .append(String.join("; ", t.problems()))
                    .append(") "));
    return sb.toString().strip();
  }
}
