package dev.ferry.engine.core;

import java.util.List;

/**
 * Validation of every table of a plan, and its schema section: the planned objects read back from
 * the target's catalog. {@code schema} names each one missing there or different from the plan (a
 * failure); {@code schemaNotes} what is only worth knowing, such as an index missing on a table the
 * run kept (the DBA's table), or that no run of the workspace loaded the target, so there was no
 * ledger to read back.
 */
public record ValidationReport(
    List<TableValidation> tables, double seconds, List<String> schema, List<String> schemaNotes) {
  public ValidationReport {
    schema = schema == null ? List.of() : List.copyOf(schema);
    schemaNotes = schemaNotes == null ? List.of() : List.copyOf(schemaNotes);
  }

  public ValidationReport(List<TableValidation> tables, double seconds) {
    this(tables, seconds, List.of(), List.of());
  }

  /** The same report with the schema section's findings: problems, then notes. */
  public ValidationReport withSchema(List<String> problems, List<String> notes) {
    return new ValidationReport(tables, seconds, problems, notes);
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
                + " missing or different in the target: "
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
