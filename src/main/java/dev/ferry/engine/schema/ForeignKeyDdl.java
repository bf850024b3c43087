package dev.ferry.engine.schema;

import static dev.ferry.engine.dialect.Identifiers.quote;

import dev.ferry.engine.catalog.ForeignKey;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A source foreign key as target DDL: pointing at the referenced table's target name and columns,
 * added NOT VALID and then validated, so a violation leaves it unvalidated instead of failing the
 * run. One that points outside the plan becomes a warning.
 */
final class ForeignKeyDdl {
  private final MigrationPlan plan;
  private final String schema;
  private final TargetNames names;
  private final Function<TableId, Table> tables;
  private final Consumer<String> warn;

  ForeignKeyDdl(
      MigrationPlan plan,
      TargetNames names,
      Function<TableId, Table> tables,
      Consumer<String> warn) {
    this.plan = plan;
    this.schema = plan.target().schema();
    this.names = names;
    this.tables = tables;
    this.warn = warn;
  }

  /** The foreign key as NOT VALID + VALIDATE, or empty (with a warning) when it cannot be made. */
  Optional<Ddl> build(TablePlan tp, Table t, ForeignKey fk) {
    TableId ref = fk.references();
    Optional<TablePlan> refPlan =
        plan.includedTables().stream()
            .filter(
                p ->
                    p.source().equals(ref.source())
                        && Objects.equals(p.schema(), ref.schema())
                        && p.name().equalsIgnoreCase(ref.name()))
            .findFirst();
    if (refPlan.isEmpty()) {
      warn.accept(
          "foreign key "
              + describe(t, fk)
              + " not created: table "
              + ref.label()
              + " is not migrated");
      return Optional.empty();
    }
    List<String> refCols = fk.referencedColumns();
    if (refCols.isEmpty()) {
      Table rt = tables.apply(refPlan.get().id());
      if (rt.primaryKey() == null) {
        warn.accept(
            "foreign key "
                + describe(t, fk)
                + " not created: "
                + ref.label()
                + " has no primary key to reference");
        return Optional.empty();
      }
      refCols = rt.primaryKey().columns();
    }
    List<String> cols = SchemaBuilder.targetColumns(tp, fk.columns());
    List<String> rcols;
    try {
      rcols = SchemaBuilder.targetColumns(refPlan.get(), refCols);
    } catch (IllegalStateException e) {
      warn.accept("foreign key " + describe(t, fk) + " not created: " + e.getMessage());
      return Optional.empty();
    }
    String name =
        names.constraint(
            tp.target(),
            fk.name() != null
                ? names.of(tp.source(), fk.name())
                : tp.target() + "_" + String.join("_", cols) + "_fkey");
    StringBuilder sb =
        new StringBuilder("ALTER TABLE ")
            .append(Identifiers.qualified(schema, tp.target()))
            .append(" ADD CONSTRAINT ")
            .append(quote(name))
            .append(" FOREIGN KEY (")
            .append(SchemaBuilder.columnList(cols))
            .append(") REFERENCES ")
            .append(Identifiers.qualified(schema, refPlan.get().target()))
            .append(" (")
            .append(SchemaBuilder.columnList(rcols))
            .append(')');
    if (fk.onDelete() != null && !fk.onDelete().equals("NO ACTION")) {
      sb.append(" ON DELETE ").append(ForeignKey.action(fk.onDelete()));
    }
    if (fk.onUpdate() != null && !fk.onUpdate().equals("NO ACTION")) {
      sb.append(" ON UPDATE ").append(ForeignKey.action(fk.onUpdate()));
    }
    if (fk.deferrable()) {
      sb.append(" DEFERRABLE");
    }
    sb.append(" NOT VALID");
    return Optional.of(
        new Ddl(
            tp.target(),
            "foreign key " + name + " → " + refPlan.get().target(),
            List.of(
                sb.toString(),
                "ALTER TABLE "
                    + Identifiers.qualified(schema, tp.target())
                    + " VALIDATE CONSTRAINT "
                    + quote(name)),
            true,
            refPlan.get().target(),
            Ddl.Kind.FOREIGN_KEY,
            name));
  }

  private static String describe(Table t, ForeignKey fk) {
    return t.id().label() + "(" + String.join(", ", fk.columns()) + ")";
  }
}
