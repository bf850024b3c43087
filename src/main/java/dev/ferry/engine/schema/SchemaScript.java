package dev.ferry.engine.schema;

import dev.ferry.engine.catalog.SchemaObjects;
import dev.ferry.engine.core.ObjectState;
import java.util.ArrayList;
import java.util.List;

/**
 * The target's DDL in the order it runs: {@code prelude} (schema, extensions, types, sequences,
 * routines), {@code tables}, {@code afterTables} (routines that use a table's row type), then after
 * the data {@code keys} (primary and unique), {@code indexes}, {@code checks}, {@code foreignKeys},
 * {@code triggers}, {@code views} (then materialized views) and {@code finishing} (row-level
 * security, policies, comments, privileges); {@code folded} lists the source objects that duplicate
 * another (a unique index on the primary key's columns, not made twice), the columns translated on
 * the way and the tables the plan leaves out, each for the ledger; {@code notCarried} what the
 * source holds and Ferry does not make, with the reason.
 */
public record SchemaScript(
    List<Ddl> prelude,
    List<Ddl> tables,
    List<Ddl> afterTables,
    List<Ddl> keys,
    List<Ddl> indexes,
    List<Ddl> checks,
    List<Ddl> foreignKeys,
    List<Ddl> triggers,
    List<Ddl> views,
    List<Ddl> finishing,
    List<Accounted> accounted,
    List<SchemaObjects.NotCarried> notCarried) {

  /**
   * What became of a source object the statements do not say on their own: a unique index folded
   * into the key, a column whose type or default was translated, a table the plan leaves out. Its
   * {@code table} (null for one not made) decides whether this run accounts for it.
   */
  public record Accounted(String table, String object, ObjectState state, String detail) {}

  /** Everything, in order, for --dry-run and the report. */
  public List<Ddl> all() {
    List<Ddl> all = new ArrayList<>();
    all.addAll(prelude);
    all.addAll(tables);
    all.addAll(afterTables);
    all.addAll(keys);
    all.addAll(indexes);
    all.addAll(checks);
    all.addAll(foreignKeys);
    all.addAll(triggers);
    all.addAll(views);
    all.addAll(finishing);
    return all;
  }

  public String toSql() {
    StringBuilder sb = new StringBuilder();
    for (Ddl d : all()) {
      sb.append("-- ").append(d.description()).append('\n').append(d.sql()).append(";\n\n");
    }
    return sb.toString();
  }
}
