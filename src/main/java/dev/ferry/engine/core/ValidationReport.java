package dev.ferry.engine.core;

import java.util.List;

/**
 * Validation of every table of a plan, and its schema section: the planned objects read back from
 * the target's catalog, each one missing there named in {@code schema} (empty when all are there,
 * or when there was no run's plan to read back, as in a standalone validate).
 */
public record ValidationReport(List<TableValidation> tables, double seconds, List<String> schema) {
  public ValidationReport {
    schema = schema == null ? List.of() : List.copyOf(schema);
  }

  public ValidationReport(List<TableValidation> tables, double seconds) {
    this(tables, seconds, List.of());
  }

  /** The same report with the schema section's findings. */
  public ValidationReport withSchema(List<String> missing) {
    return new ValidationReport(tables, seconds, missing);
  }

  public boolean ok() {
    return schema.isEmpty() && tables.stream().allMatch(TableValidation::ok);
  }

  public String summary() {
    long bad = tables.stream().filter(t -> !t.ok()).count();
    String objects =
        schema.isEmpty()
            ? ""
            : "; "
                + schema.size()
                + (schema.size() == 1 ? " planned object is" : " planned objects are")
                + " not in the target: "
                + String.join("; ", schema.stream().limit(10).toList());
    if (bad == 0) {
      return "all " + tables.size() + " tables match" + objects;
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
    return sb.toString().strip() + objects;
  }
}
