package dev.ferry.engine.catalog;

import java.util.List;

/**
 * What a PostgreSQL source holds beyond its tables, views and types, and carries to the target:
 * standalone sequences, functions and procedures, triggers, row-level security (the tables it is
 * enabled or forced on, and their policies), materialized views, comments and privileges; {@code
 * notCarried} names what Ferry leaves behind, with the reason. Sources that have none of these
 * (SQLite, MySQL) have {@link #NONE}.
 */
public record SchemaObjects(
    List<SequenceDefinition> sequences,
    List<Routine> routines,
    List<Trigger> triggers,
    List<Policy> policies,
    List<RowSecurity> rowSecurity,
    List<View> materializedViews,
    List<Comment> comments,
    List<Grant> grants,
    List<NotCarried> notCarried) {

  public static final SchemaObjects NONE =
      new SchemaObjects(
          List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
          List.of());

  public SchemaObjects {
    sequences = List.copyOf(sequences);
    routines = List.copyOf(routines);
    triggers = List.copyOf(triggers);
    policies = List.copyOf(policies);
    rowSecurity = List.copyOf(rowSecurity);
    materializedViews = List.copyOf(materializedViews);
    comments = List.copyOf(comments);
    grants = List.copyOf(grants);
    notCarried = List.copyOf(notCarried);
  }

  /** Row-level security enabled on a table, and whether it is forced on the table's owner too. */
  public record RowSecurity(TableId table, boolean forced) {}

  /** A source object Ferry does not make on the target, and why. */
  public record NotCarried(String object, String reason) {}
}
