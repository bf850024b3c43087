package dev.ferry.engine;

import java.util.List;

/**
 * What discarding a failed run will drop on its target, said before anything is dropped.
 *
 * @param runId the run
 * @param target the target database and schema, as the DBA reads them
 * @param schema the target schema
 * @param dropSchema the run created the schema itself: it is dropped with everything in it
 * @param tables the tables the run created and that still exist (dropped together)
 * @param views the views the run created on them (dropped with them)
 * @param types enum types and domains the run created (dropped after the tables)
 * @param alsoDropped objects that are not the run's but depend on its tables (views, foreign keys
 *     of other tables): dropped with them ({@code CASCADE}); the DBA sees them before confirming
 */
public record DiscardPlan(
    String runId,
    String target,
    String schema,
    boolean dropSchema,
    List<String> tables,
    List<String> views,
    List<String> types,
    List<String> alsoDropped) {

  public DiscardPlan {
    tables = List.copyOf(tables);
    views = List.copyOf(views);
    types = List.copyOf(types);
    alsoDropped = List.copyOf(alsoDropped);
  }

  /** Nothing of the run is left on the target. */
  public boolean empty() {
    return !dropSchema && tables.isEmpty() && types.isEmpty();
  }

  /** The plan in a few lines, for a confirmation. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("On ").append(target).append(", discarding run ").append(runId).append(" drops:\n");
    if (dropSchema) {
      sb.append("• schema ").append(schema).append(" and everything in it (the run created it)\n");
    }
    if (!tables.isEmpty()) {
      sb.append("• ").append(tables.size()).append(tables.size() == 1 ? " table: " : " tables: ");
      sb.append(String.join(", ", tables)).append('\n');
    }
    if (!views.isEmpty()) {
      sb.append("• its views: ").append(String.join(", ", views)).append('\n');
    }
    if (!types.isEmpty()) {
      sb.append("• types: ").append(String.join(", ", types)).append('\n');
    }
    if (!alsoDropped.isEmpty()) {
      sb.append("• and, because they depend on those tables (not the run's own): ")
          .append(String.join(", ", alsoDropped))
          .append('\n');
    }
    if (empty()) {
      sb.append("• nothing: the run left no object on the target\n");
    }
    sb.append("The run is then closed for good (it can no longer be resumed).");
    return sb.toString();
  }
}
