package dev.ferry.engine.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ferry.engine.core.Waiver;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a migration will do: sources and target (never their passwords), settings, one {@link
 * TablePlan} per source table, and the {@link Waiver}s of BLOCKER findings the DBA accepted. Read
 * and written as YAML by {@link PlanFile}.
 */
public record MigrationPlan(
    int version,
    List<SourceRef> sources,
    TargetRef target,
    Settings settings,
    List<TablePlan> tables,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Waiver> waivers) {

  public static final int CURRENT_VERSION = 1;

  public MigrationPlan {
    sources = List.copyOf(sources);
    tables = List.copyOf(tables);
    waivers = waivers == null ? List.of() : List.copyOf(waivers);
  }

  @JsonIgnore
  public List<TablePlan> includedTables() {
    return tables.stream().filter(TablePlan::include).toList();
  }

  /**
   * The included tables that load into {@code target}: one, or several when sources are merged. The
   * first one's source table defines the target table's keys, indexes and foreign keys.
   */
  public List<TablePlan> loadingInto(String target) {
    return tables.stream().filter(t -> t.include() && t.target().equals(target)).toList();
  }

  /** The included tables, one per target table (the first of each merged group). */
  @JsonIgnore
  public List<TablePlan> targetTables() {
    Set<String> seen = new HashSet<>();
    return includedTables().stream().filter(t -> seen.add(t.target())).toList();
  }

  public MigrationPlan withSettings(Settings s) {
    return new MigrationPlan(version, sources, target, s, tables, waivers);
  }

  public MigrationPlan withTarget(TargetRef t) {
    return new MigrationPlan(version, sources, t, settings, tables, waivers);
  }

  public MigrationPlan withWaivers(List<Waiver> w) {
    return new MigrationPlan(version, sources, target, settings, tables, w);
  }
}
