package dev.ferry.engine.schema;

import dev.ferry.engine.catalog.SchemaObjects;
import java.util.ArrayList;
import java.util.List;

/**
 * The target's DDL in the order it runs: {@code prelude} (schema, extensions, types, sequences,
 * routines), {@code tables}, {@code afterTables} (routines that use a table's row type), then after
 * the data {@code keys} (primary and unique), {@code indexes}, {@code checks}, {@code foreignKeys},
 * {@code triggers}, {@code views} (then materialized views) and {@code finishing} (row-level
 * security, policies, comments, privileges); {@code folded} lists the source objects that duplicate
 * another (a unique index on the primary key's columns) and are not made twice; {@code notCarried}
 * what the source holds and Ferry does not make, with the reason.
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
    List<Folded> folded,
    List<SchemaObjects.NotCarried> notCarried) {

  /** A source object not made on its own: {@code object} is already there as {@code into}. */
  public record Folded(String table, String object, String into) {}

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
