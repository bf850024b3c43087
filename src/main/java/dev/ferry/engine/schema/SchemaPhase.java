package dev.ferry.engine.schema;

import dev.ferry.engine.catalog.ForeignKeyLevels;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.SourceTables;
import dev.ferry.engine.plan.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The schema phase: the prelude (types, sequences), existing tables emptied or kept by the plan's
 * policy, the tables created; in dependency order also the keys and the foreign keys a level needs
 * before it loads. Every table this run creates is journaled, so a resume knows what it owns.
 */
public final class SchemaPhase {
  /** The tables this phase created and the existing ones it kept (by the ifExists policy). */
  public record Result(List<String> created, List<String> kept) {}

  private final SourceTables tables;
  private final RunJournal journal;
  private final String runId;
  private final DdlRunner ddl;
  private final Consumer<String> warn;

  public SchemaPhase(
      SourceTables tables, RunJournal journal, String runId, DdlRunner ddl, Consumer<String> warn) {
    this.tables = tables;
    this.journal = journal;
    this.runId = runId;
    this.ddl = ddl;
    this.warn = warn;
  }

  public Result run(Connection admin, SchemaScript script) throws SQLException {
    MigrationPlan plan = tables.plan();
    admin.setAutoCommit(true);
    List<String> existing = TargetPolicy.existingTables(admin, plan);
    if (!TargetPolicy.schemaExists(admin, plan.target().schema())) {
      // the run makes the schema: discarding the run may drop it whole
      journal.event(runId, "schema-created", plan.target().schema(), "schema created by the run");
    }
    for (Ddl d : script.prelude()) {
      ddl.execute(admin, d, Phase.SCHEMA);
    }
    if (!existing.isEmpty() && plan.settings().ifExists() == IfExists.TRUNCATE) {
      StringBuilder sql = new StringBuilder("TRUNCATE ");
      for (int i = 0; i < existing.size(); i++) {
        sql.append(i == 0 ? "" : ", ")
            .append(Identifiers.qualified(plan.target().schema(), existing.get(i)));
      }
      ddl.execute(
          admin,
          Ddl.of(null, "empty existing tables " + String.join(", ", existing), sql.toString()),
          Phase.SCHEMA);
    }
    List<String> created = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (Ddl d : script.tables()) {
      if (existing.contains(d.table())) {
        warn.accept(
            "table "
                + d.table()
                + " exists: kept ("
                + plan.settings().ifExists().name().toLowerCase(Locale.ROOT)
                + "), its keys and indexes are not re-created");
        journal.event(runId, "kept", d.table(), "existing table kept");
        ddl.kept(d);
        kept.add(d.table());
      } else {
        ddl.execute(admin, d, Phase.SCHEMA);
        journal.event(runId, "created", d.table(), d.description());
        created.add(d.table());
      }
    }
    for (Ddl d : script.afterTables()) {
      ddl.execute(admin, d, Phase.SCHEMA);
    }
    for (var n : script.notCarried()) {
      ddl.notCarried(n.object(), n.reason());
    }
    for (SchemaScript.Accounted a : script.accounted()) {
      if (a.table() == null || created.contains(a.table())) {
        ddl.accounted(a);
      }
    }
    if (plan.settings().loadOrder() == LoadOrder.DEPENDENCY_ORDER) {
      // keys and foreign keys first, so each level is checked as it loads
      Set<String> owned = journal.events(runId, "created", true);
      ForeignKeyLevels levels = tables.levels();
      for (Ddl d : script.keys()) {
        if (owned.contains(d.table())) {
          ddl.execute(admin, d, Phase.SCHEMA);
        }
      }
      for (Ddl d : script.foreignKeys()) {
        if (owned.contains(d.table()) && !deferredForeignKey(d, levels)) {
          ddl.execute(admin, d, Phase.SCHEMA);
          journal.event(runId, "fk-before-load", d.table(), d.description());
        }
      }
    }
    return new Result(created, kept);
  }

  /**
   * A self-reference or a foreign key inside a cycle cannot be satisfied while loading; it goes on
   * afterwards.
   */
  private boolean deferredForeignKey(Ddl fk, ForeignKeyLevels levels) {
    TablePlan child = planByTarget(fk.table());
    TablePlan parent = planByTarget(fk.references());
    if (child == null || parent == null) {
      return true;
    }
    return child.target().equals(parent.target()) || levels.inSameCycle(child.id(), parent.id());
  }

  private TablePlan planByTarget(String target) {
    return tables.plan().includedTables().stream()
        .filter(t -> t.target().equals(target))
        .findFirst()
        .orElse(null);
  }
}
