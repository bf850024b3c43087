package dev.ferry.engine.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Optional;

/**
 * What a migration will do: sources and target (never their passwords), settings and one {@link
 * TablePlan} per source table. Read and written as YAML by {@link PlanFile}.
 */
public record MigrationPlan(
    int version,
    List<SourceRef> sources,
    TargetRef target,
    Settings settings,
    List<TablePlan> tables) {

  public static final int CURRENT_VERSION = 1;

  public MigrationPlan {
    sources = List.copyOf(sources);
    tables = List.copyOf(tables);
  }

  @JsonIgnore
  public List<TablePlan> includedTables() {
    return tables.stream().filter(TablePlan::include).toList();
  }

  public Optional<TablePlan> table(String source, String schema, String name) {
    return tables.stream()
        .filter(
            t ->
                t.source().equals(source)
                    && java.util.Objects.equals(t.schema(), schema)
                    && t.name().equals(name))
        .findFirst();
  }

  public MigrationPlan withSettings(Settings s) {
    return new MigrationPlan(version, sources, target, s, tables);
  }

  public MigrationPlan withTarget(TargetRef t) {
    return new MigrationPlan(version, sources, t, settings, tables);
  }

  public MigrationPlan withTables(List<TablePlan> t) {
    return new MigrationPlan(version, sources, target, settings, t);
  }
}
