package dev.ferry.engine.validate;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.ForeignKey;
import dev.ferry.engine.catalog.Index;
import dev.ferry.engine.catalog.Key;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the plan says a target object is, derived from the plan and the source catalogs (the
 * statements only say what they make and its name): a table's planned columns, a key's target
 * columns, an index's source definition, a foreign key's target columns, parent and actions.
 *
 * <p>A unique key, index or foreign key is found among its table's source objects by the target
 * name the schema builder gives it (the source name, folded, made unique with a {@code _n} suffix,
 * or prefixed with the table for an index). When no source object has that name, every source
 * object of that kind on the table is a candidate, and the target object must be one of them.
 */
final class PlannedObjects {
  /** A planned foreign key in target words. */
  record PlannedForeignKey(
      List<String> columns,
      String parent,
      List<String> parentColumns,
      String onDelete,
      String onUpdate,
      boolean deferrable) {}

  private final MigrationPlan plan;
  private final Map<String, SourceCatalog> catalogs;

  PlannedObjects(MigrationPlan plan, Map<String, SourceCatalog> catalogs) {
    this.plan = plan;
    this.catalogs = catalogs;
  }

  /** The plan of a target table (the first source table of a merged one). */
  Optional<TablePlan> table(String target) {
    return plan.targetTables().stream().filter(t -> t.target().equals(target)).findFirst();
  }

  private Optional<Table> source(TablePlan tp) {
    return Optional.ofNullable(catalogs.get(tp.source())).flatMap(c -> c.table(tp.id()));
  }

  /** The target columns of the table's primary key, empty when it has none. */
  List<String> primaryKey(String target) {
    return table(target)
        .flatMap(
            tp ->
                source(tp)
                    .map(
                        t -> t.primaryKey() == null ? null : columns(tp, t.primaryKey().columns())))
        .orElse(List.of());
  }

  /** The column lists the unique constraint {@code name} of the table may have. */
  List<List<String>> unique(String target, String name) {
    Optional<TablePlan> tp = table(target);
    if (tp.isEmpty()) {
      return List.of();
    }
    List<Key> keys = source(tp.get()).map(Table::uniqueKeys).orElse(List.of());
    return candidates(
            keys,
            name,
            u ->
                u.name() != null
                    ? List.of(folded(tp.get(), u.name()))
                    : List.of(
                        target + "_" + String.join("_", columns(tp.get(), u.columns())) + "_key"))
        .stream()
        .map(u -> columns(tp.get(), u.columns()))
        .toList();
  }

  /** The source indexes the index {@code name} of the table may stand for. */
  List<Index> indexes(String target, String name) {
    Optional<TablePlan> tp = table(target);
    if (tp.isEmpty()) {
      return List.of();
    }
    List<Index> all = source(tp.get()).map(Table::indexes).orElse(List.of());
    return candidates(
        all,
        name,
        ix -> List.of(folded(tp.get(), ix.name()), target + "_" + folded(tp.get(), ix.name())));
  }

  /** Whether the table's source indexes are replayed from their definition (pg_get_indexdef). */
  boolean replaysIndexDefinitions(String target) {
    return table(target)
        .map(tp -> catalogs.get(tp.source()))
        .map(c -> Dialects.of(c.kind()).replaysIndexDefinitions())
        .orElse(false);
  }

  /** The source index's target key columns (empty for an expression index or none known). */
  List<String> indexColumns(String target, Index ix) {
    return table(target).map(tp -> columns(tp, ix.columns())).orElse(List.of());
  }

  /** The foreign keys the constraint {@code name} of the table may stand for, in target words. */
  List<PlannedForeignKey> foreignKeys(String target, String name, String parent) {
    Optional<TablePlan> tp = table(target);
    if (tp.isEmpty()) {
      return List.of();
    }
    Optional<Table> t = source(tp.get());
    List<ForeignKey> all = t.map(Table::foreignKeys).orElse(List.of());
    List<PlannedForeignKey> out = new ArrayList<>();
    for (ForeignKey fk :
        candidates(
            all,
            name,
            fk ->
                fk.name() != null
                    ? List.of(folded(tp.get(), fk.name()))
                    : List.of(
                        target
                            + "_"
                            + String.join("_", columns(tp.get(), fk.columns()))
                            + "_fkey"))) {
      Optional<TablePlan> pp =
          plan.includedTables().stream()
              .filter(
                  p ->
                      p.source().equals(fk.references().source())
                          && Objects.equals(p.schema(), fk.references().schema())
                          && p.name().equalsIgnoreCase(fk.references().name()))
              .findFirst();
      if (pp.isEmpty() || !pp.get().target().equals(parent)) {
        continue;
      }
      List<String> parentColumns =
          source(pp.get())
              .map(fk::parentColumns)
              .map(cs -> columns(pp.get(), cs))
              .orElse(List.of());
      out.add(
          new PlannedForeignKey(
              columns(tp.get(), fk.columns()),
              parent,
              parentColumns,
              ForeignKey.action(fk.onDelete()),
              ForeignKey.action(fk.onUpdate()),
              fk.deferrable()));
    }
    return out;
  }

  /** The objects named {@code name} in the target; all of them when none is. */
  private static <T> List<T> candidates(
      List<T> all, String name, Function<T, List<String>> targetNames) {
    List<T> named =
        all.stream()
            .filter(o -> targetNames.apply(o).stream().anyMatch(w -> isNamed(name, w)))
            .toList();
    return named.isEmpty() ? all : named;
  }

  /** Whether {@code name} is what the schema builder makes of {@code wanted}: as is, or _2, _3… */
  private static boolean isNamed(String name, String wanted) {
    if (name.equals(Identifiers.fit(wanted))) {
      return true;
    }
    int us = name.lastIndexOf('_');
    return us > 0
        && us < name.length() - 1
        && name.substring(us + 1).chars().allMatch(Character::isDigit)
        && name.equals(Identifiers.fit(wanted + name.substring(us)));
  }

  private String folded(TablePlan tp, String sourceName) {
    return Dialects.targetName(catalogs.get(tp.source()), sourceName, plan.settings().keepCase());
  }

  private static List<String> columns(TablePlan tp, List<String> sourceColumns) {
    return sourceColumns.stream().map(s -> tp.column(s).map(ColumnPlan::target).orElse(s)).toList();
  }
}
