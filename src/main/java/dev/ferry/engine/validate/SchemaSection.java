package dev.ferry.engine.validate;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.Index;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import dev.ferry.engine.schema.Ddl;
import dev.ferry.engine.schema.SchemaScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The schema section of validation: every table, key, index, check, foreign key, trigger and view
 * the plan makes, read back from the target's catalog and compared with what the plan says it is.
 *
 * <ul>
 *   <li>A table has the planned columns, in the planned order, with the planned types (compared in
 *       PostgreSQL's own words, so {@code varchar(20)} is {@code character varying(20)}) and
 *       nullability, and no others. A column of the primary key may be NOT NULL where the plan says
 *       nullable: the key makes it so.
 *   <li>A primary key or unique constraint has the planned columns in order; an index is on its
 *       table, valid, as unique and as partial as planned, on the planned columns (an index the
 *       source's PostgreSQL defines is compared by its definition after {@code USING}; one on
 *       expressions only by those properties).
 *   <li>A foreign key has the planned columns, parent table and columns, ON DELETE / ON UPDATE
 *       actions and deferrability; it and a check are validated unless the run's ledger says it was
 *       created NOT VALID (the source's own rows violate it).
 *   <li>A trigger exists on its table; a view exists and can be selected from.
 * </ul>
 *
 * <p>A table the run kept (ifExists append or truncate) is the DBA's: it must have the planned
 * columns with compatible types (the same type category: {@code bigint} takes {@code integer}
 * values, {@code varchar(50)} takes {@code text}) and a primary key, or the section fails; its
 * other keys, indexes, checks, foreign keys and triggers are not made by the run, so one missing or
 * different there is a note, not a failure. Objects the run recorded as FAILED are not repeated.
 */
public final class SchemaSection {
  /** What fails validation, and what is only worth knowing (on tables the run kept). */
  public record Findings(List<String> problems, List<String> notes) {
    public Findings {
      problems = List.copyOf(problems);
      notes = List.copyOf(notes);
    }
  }

  private final TargetCatalog target;
  private final PlannedObjects planned;
  private final String schema;
  private final Connection c;
  private final Map<String, LedgerEntry> ledger = new HashMap<>();

  private SchemaSection(
      Connection c,
      MigrationPlan plan,
      Map<String, SourceCatalog> catalogs,
      List<LedgerEntry> ledger) {
    this.c = c;
    this.schema = plan.target().schema();
    this.target = new TargetCatalog(c, schema);
    this.planned = new PlannedObjects(plan, catalogs);
    ledger.forEach(e -> this.ledger.put(e.object(), e));
  }

  /**
   * The planned objects of {@code script} read back from the target ({@code c}, with the target
   * schema on its search path). {@code ledger} is the run's: a FAILED object is not repeated, and
   * its "NOT VALID" detail allows an unvalidated constraint.
   */
  public static Findings check(
      Connection c,
      MigrationPlan plan,
      Map<String, SourceCatalog> catalogs,
      SchemaScript script,
      Set<String> keptTables,
      List<LedgerEntry> ledger)
      throws SQLException {
    SchemaSection s = new SchemaSection(c, plan, catalogs, ledger);
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Ddl d : script.all()) {
      LedgerEntry e = s.ledger.get(d.description());
      if (d.kind() == null || e != null && e.state() == ObjectState.FAILED) {
        continue;
      }
      boolean kept = d.table() != null && keptTables.contains(d.table());
      String problem = s.check(d, kept);
      if (problem == null) {
        continue;
      }
      boolean dbasOwn = kept && d.kind() != Ddl.Kind.TABLE && d.kind() != Ddl.Kind.PRIMARY_KEY;
      if (dbasOwn) {
        notes.add(problem + " (table " + d.table() + " was kept as it was: not made by the run)");
      } else {
        problems.add(problem);
      }
    }
    return new Findings(problems, notes);
  }

  private String check(Ddl d, boolean kept) throws SQLException {
    return switch (d.kind()) {
      case TABLE -> table(d, kept);
      case PRIMARY_KEY -> primaryKey(d, kept);
      case UNIQUE -> unique(d);
      case INDEX -> index(d);
      case CHECK -> check(d);
      case FOREIGN_KEY -> foreignKey(d);
      case TRIGGER -> target.hasTrigger(d.table(), d.name()) ? null : absent(d);
      case POLICY -> target.hasPolicy(d.table(), d.name()) ? null : absent(d);
      case SEQUENCE -> target.hasRelation(d.name(), "S", "S") ? null : absent(d);
      case ROUTINE -> target.hasRoutine(d.name()) ? null : absent(d);
      case VIEW, MATERIALIZED_VIEW -> view(d);
    };
  }

  private String table(Ddl d, boolean kept) throws SQLException {
    List<TargetCatalog.Column> cols = target.columns(d.name());
    if (cols.isEmpty()) {
      return absent(d);
    }
    Optional<TablePlan> tp = planned.table(d.name());
    if (tp.isEmpty()) {
      return null;
    }
    Map<String, TargetCatalog.Column> byName = new HashMap<>();
    cols.forEach(col -> byName.put(col.name(), col));
    List<String> key = planned.primaryKey(d.name());
    List<String> diffs = new ArrayList<>();
    for (ColumnPlan cp : tp.get().columns()) {
      TargetCatalog.Column col = byName.remove(cp.target());
      TargetCatalog.Type type = target.type(cp.type());
      if (col == null) {
        diffs.add("column " + cp.target() + " is not in the target");
      } else if (type.words() == null) {
        diffs.add(
            "column "
                + cp.target()
                + " is "
                + col.type()
                + " in the target; the planned type "
                + cp.type()
                + " is unknown there");
      } else if (kept
          ? !type.category().equals(col.category())
          : !type.words().equals(col.type())) {
        diffs.add(
            "column "
                + cp.target()
                + " is "
                + col.type()
                + " in the target, planned "
                + cp.type()
                + (type.words().equals(cp.type()) ? "" : " (" + type.words() + ")")
                + (kept ? ", which does not take its values" : ""));
      } else if (!kept && cp.nullable() == col.notNull() && !key.contains(cp.target())) {
        diffs.add(
            "column "
                + cp.target()
                + (col.notNull()
                    ? " is NOT NULL in the target, planned nullable"
                    : " is nullable in the target, planned NOT NULL"));
      }
    }
    if (!kept) {
      byName.keySet().forEach(n -> diffs.add("column " + n + " is in the target, not in the plan"));
      List<String> plannedOrder = tp.get().columns().stream().map(ColumnPlan::target).toList();
      List<String> targetOrder = cols.stream().map(TargetCatalog.Column::name).toList();
      if (diffs.isEmpty() && !plannedOrder.equals(targetOrder)) {
        diffs.add(
            "its columns are in another order: ("
                + String.join(", ", targetOrder)
                + ") in the target, planned ("
                + String.join(", ", plannedOrder)
                + ")");
      }
    }
    return diffs.isEmpty() ? null : d.description() + ": " + String.join("; ", diffs);
  }

  private String primaryKey(Ddl d, boolean kept) throws SQLException {
    Optional<TargetCatalog.Constraint> pk =
        kept ? target.primaryKey(d.table()) : target.constraint(d.table(), d.name());
    if (pk.isEmpty()) {
      return kept
          ? d.description() + ": the table existed and was kept, and has no primary key"
          : absent(d);
    }
    if (!pk.get().kind().equals("p")) {
      return d.description() + ": in the target, but not as a primary key";
    }
    String diff = columns("key", pk.get().columns(), List.of(planned.primaryKey(d.table())));
    // a kept table's key is the DBA's: that it has one is what the load needed
    return diff == null || kept ? null : d.description() + ": " + diff;
  }

  private String unique(Ddl d) throws SQLException {
    Optional<TargetCatalog.Constraint> u = target.constraint(d.table(), d.name());
    if (u.isEmpty()) {
      return absent(d);
    }
    if (!u.get().kind().equals("u")) {
      return d.description() + ": in the target, but not as a unique constraint";
    }
    String diff = columns("key", u.get().columns(), planned.unique(d.table(), d.name()));
    return diff == null ? null : d.description() + ": " + diff;
  }

  private String index(Ddl d) throws SQLException {
    Optional<TargetCatalog.Index> found = target.index(d.name());
    if (found.isEmpty()) {
      return absent(d);
    }
    TargetCatalog.Index ix = found.get();
    if (!ix.table().equals(d.table())) {
      return d.description() + ": in the target, but on table " + ix.table();
    }
    if (!ix.valid()) {
      return d.description()
          + ": in the target, but invalid (a build that failed or was interrupted): REINDEX it";
    }
    List<Index> candidates = planned.indexes(d.table(), d.name());
    String first = null;
    for (Index source : candidates) {
      String diff = indexDifference(d.table(), source, ix);
      if (diff == null) {
        return null;
      }
      first = first == null ? diff : first;
    }
    return first == null
        ? null
        : d.description()
            + ": "
            + first
            + (candidates.size() > 1 ? " (nor is it like another index of the source)" : "");
  }

  private String indexDifference(String table, Index source, TargetCatalog.Index ix) {
    if (source.unique() != ix.unique()) {
      return source.unique()
          ? "not unique in the target, planned unique"
          : "unique in the target, planned not unique";
    }
    if ((source.predicate() != null) != ix.partial()) {
      return ix.partial()
          ? "partial (WHERE …) in the target, planned on every row"
          : "on every row in the target, planned partial (WHERE " + source.predicate() + ")";
    }
    if (source.isExpressionIndex() != ix.expression()) {
      return ix.expression()
          ? "on expressions in the target, planned on columns"
          : "on columns ("
              + String.join(", ", ix.columns())
              + ") in the target, planned on expressions";
    }
    if (source.isExpressionIndex()) {
      return null;
    }
    if (!source.columns().isEmpty()) {
      return columns("key", ix.columns(), List.of(planned.indexColumns(table, source)));
    }
    if (source.definition() != null
        && source.predicate() == null
        && planned.replaysIndexDefinitions(table)) {
      String want = afterUsing(source.definition());
      String have = afterUsing(ix.definition());
      return want.equals(have) ? null : "is " + have + " in the target, planned " + want;
    }
    return null;
  }

  /** "USING btree (a, b)": pg_get_indexdef after the index and table names. */
  private static String afterUsing(String definition) {
    int at = definition.indexOf(" USING ");
    return at < 0 ? definition : definition.substring(at + 1);
  }

  private String check(Ddl d) throws SQLException {
    Optional<TargetCatalog.Constraint> ck = target.constraint(d.table(), d.name());
    if (ck.isEmpty()) {
      return absent(d);
    }
    if (!ck.get().kind().equals("c")) {
      return d.description() + ": in the target, but not as a check";
    }
    return unvalidated(d, ck.get());
  }

  private String foreignKey(Ddl d) throws SQLException {
    Optional<TargetCatalog.Constraint> found = target.constraint(d.table(), d.name());
    if (found.isEmpty()) {
      return absent(d);
    }
    TargetCatalog.Constraint fk = found.get();
    if (!fk.kind().equals("f")) {
      return d.description() + ": in the target, but not as a foreign key";
    }
    List<PlannedObjects.PlannedForeignKey> candidates =
        planned.foreignKeys(d.table(), d.name(), d.references());
    String first = null;
    for (PlannedObjects.PlannedForeignKey p : candidates) {
      String diff = foreignKeyDifference(p, fk);
      if (diff == null) {
        first = null;
        break;
      }
      first = first == null ? diff : first;
    }
    if (first != null) {
      return d.description()
          + ": "
          + first
          + (candidates.size() > 1 ? " (nor is it like another foreign key of the source)" : "");
    }
    return unvalidated(d, fk);
  }

  private static String foreignKeyDifference(
      PlannedObjects.PlannedForeignKey p, TargetCatalog.Constraint fk) {
    List<String> diffs = new ArrayList<>();
    String columns = columns("columns", fk.columns(), List.of(p.columns()));
    if (columns != null) {
      diffs.add(columns);
    }
    if (!p.parent().equals(fk.refTable())) {
      diffs.add("references " + fk.refTable() + " in the target, planned " + p.parent());
    } else {
      String parentColumns =
          columns("referenced columns", fk.refColumns(), List.of(p.parentColumns()));
      if (parentColumns != null) {
        diffs.add(parentColumns);
      }
    }
    if (!p.onDelete().equals(fk.onDelete())) {
      diffs.add("ON DELETE " + fk.onDelete() + " in the target, planned ON DELETE " + p.onDelete());
    }
    if (!p.onUpdate().equals(fk.onUpdate())) {
      diffs.add("ON UPDATE " + fk.onUpdate() + " in the target, planned ON UPDATE " + p.onUpdate());
    }
    if (p.deferrable() != fk.deferrable()) {
      diffs.add(
          fk.deferrable()
              ? "DEFERRABLE in the target, planned not"
              : "not DEFERRABLE in the target, planned DEFERRABLE");
    }
    return diffs.isEmpty() ? null : String.join("; ", diffs);
  }

  /** A constraint left NOT VALID, unless the run's ledger says it was made so. */
  private String unvalidated(Ddl d, TargetCatalog.Constraint con) {
    LedgerEntry e = ledger.get(d.description());
    boolean plannedNotValid = e != null && e.detail() != null && e.detail().startsWith("NOT VALID");
    return con.validated() || plannedNotValid
        ? null
        : d.description() + ": NOT VALID in the target (its rows were never checked against it)";
  }

  /** Null when {@code have} is one of the planned column lists (or none is known). */
  private static String columns(String what, List<String> have, List<List<String>> planned) {
    if (planned.isEmpty() || planned.contains(have)) {
      return null;
    }
    List<String> lists = planned.stream().map(l -> "(" + String.join(", ", l) + ")").toList();
    return what
        + " ("
        + String.join(", ", have)
        + ") in the target, planned "
        + String.join(" or ", lists);
  }

  private String view(Ddl d) throws SQLException {
    if (!target.hasRelation(d.name(), "v", "m")) {
      return d.description() + ": planned, not in the target";
    }
    try (Statement st = c.createStatement()) {
      st.executeQuery("SELECT * FROM " + Identifiers.qualified(schema, d.name()) + " LIMIT 0")
          .close();
      return null;
    } catch (SQLException e) {
      return d.description()
          + ": in the target, but cannot be selected from: "
          + FerryException.describe(e);
    }
  }

  private static String absent(Ddl d) {
    return d.description() + ": planned, not in the target (dropped or never made)";
  }
}
