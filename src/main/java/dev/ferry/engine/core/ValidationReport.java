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

  /**
   * In words; "differ" only for tables whose data differs from the source, the tables --strict
   * fails for orphans the source holds too said apart.
   */
  public String summary() {
    List<TableValidation> differ = tables.stream().filter(TableValidation::differs).toList();
    List<TableValidation> strict = tables.stream().filter(t -> !t.ok() && !t.differs()).toList();
    String objects =
        schema.isEmpty()
            ? ""
            : "; "
                + schema.size()
                + (schema.size() == 1 ? " planned object is" : " planned objects are")
                + " missing or different in the target: "
                + String.join("; ", schema.stream().limit(10).toList());
    String orphans =
        strict.isEmpty()
            ? ""
            : "; "
                + strict.size()
                + (strict.size() == 1 ? " table keeps" : " tables keep")
                + " orphan rows the source holds too, failed by --strict: "
                + String.join(
                    ", ", strict.stream().limit(10).map(TableValidation::target).toList());
    if (differ.isEmpty()) {
      return (strict.isEmpty()
              ? "all " + tables.size() + " tables match"
              : (tables.size() - strict.size()) + " of " + tables.size() + " tables match")
          + orphans
          + objects;
    }
    StringBuilder sb =
        new StringBuilder(differ.size() + " of " + tables.size() + " tables differ: ");
    differ.stream()
        .limit(10)
        .forEach(
            t ->
                sb.append(t.target())
                    .append(" (")
                    .append(String.join("; ", t.problems()))
                    .append(") "));
    return sb.toString().strip() + orphans + objects;
  }
}
