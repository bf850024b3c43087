package dev.ferry.engine.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.TableId;
import java.util.List;
import java.util.Optional;

/**
 * One source table's mapping into the target. {@code source}, {@code schema} and {@code name} name
 * the source table; {@code target} is the target table's name (after case folding and conflict
 * resolution); {@code resolution} says why it differs from the source name, if it does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TablePlan(
    String source,
    String schema,
    String name,
    String target,
    boolean include,
    String resolution,
    List<ColumnPlan> columns) {

  /** How a {@code resolution} starts when the table is merged into another source's table. */
  public static final String MERGED = "merged";

  public TablePlan {
    columns = List.copyOf(columns);
  }

  @JsonIgnore
  public TableId id() {
    return new TableId(source, schema, name);
  }

  /**
   * Whether these columns have the same target names and types, in the same order: what two source
   * tables need to load into one target table.
   */
  public boolean sameTargetColumns(List<ColumnPlan> other) {
    if (other.size() != columns.size()) {
      return false;
    }
    for (int i = 0; i < columns.size(); i++) {
      ColumnPlan a = columns.get(i);
      ColumnPlan b = other.get(i);
      if (!a.target().equals(b.target()) || !a.type().equalsIgnoreCase(b.type())) {
        return false;
      }
    }
    return true;
  }

  public Optional<ColumnPlan> column(String sourceName) {
    return columns.stream().filter(c -> c.name().equals(sourceName)).findFirst();
  }
}
