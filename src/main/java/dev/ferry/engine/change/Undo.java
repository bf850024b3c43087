package dev.ferry.engine.change;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An undo that ran, all of it in one committed transaction.
 *
 * @param toVersion the version the target is back at
 * @param steps the versions undone, newest first
 * @param backupSchema for a staged undo the schema that keeps what the undone versions created
 *     (null otherwise)
 * @param staged what moved into {@code backupSchema} instead of being dropped, such as {@code table
 *     health_metrics} or {@code type health_trajectory}
 * @param changes what the undo scripts dropped, altered or added in the project's schema
 * @param remaining what the undone versions created that is still in the project's schema, so
 *     applying them again would fail with "already exists"
 */
public record Undo(
    String toVersion,
    List<UndoStep> steps,
    String backupSchema,
    List<String> staged,
    List<CatalogSnapshot.Change> changes,
    List<String> remaining) {

  /** The versions undone, newest first. */
  public List<String> versions() {
    return steps.stream().map(UndoStep::version).toList();
  }

  /**
   * {@link #changes()} without the columns, constraints and indexes of a table that was dropped
   * itself: one line per object a DBA would name.
   */
  public List<CatalogSnapshot.Change> objectChanges() {
    Set<String> droppedTables =
        changes.stream()
            .filter(c -> c.kind().equals("table") && c.what().equals("dropped"))
            .map(c -> c.name() + ".")
            .collect(Collectors.toSet());
    return changes.stream()
        .filter(
            c ->
                !(c.kind().equals("column") || c.kind().equals("constraint"))
                    || droppedTables.stream().noneMatch(t -> c.name().startsWith(t)))
        .filter(c -> !c.kind().equals("index") || !ofDroppedTable(c, droppedTables))
        .toList();
  }

  private static boolean ofDroppedTable(CatalogSnapshot.Change index, Set<String> droppedTables) {
    // an index's definition names its table, qualified unless on the search path:
    // CREATE INDEX x ON [public.]t USING ...
    String def = index.before() == null ? "" : index.before();
    return droppedTables.stream()
        .map(t -> t.substring(0, t.length() - 1))
        .anyMatch(
            t ->
                def.contains(" ON " + t + " ")
                    || def.contains(" ON " + t.substring(t.indexOf('.') + 1) + " "));
  }
}
