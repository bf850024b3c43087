package dev.ferry.engine.schema;

import static dev.ferry.engine.dialect.Identifiers.literal;
import static dev.ferry.engine.dialect.Identifiers.quote;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.CheckConstraint;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.ForeignKey;
import dev.ferry.engine.catalog.Index;
import dev.ferry.engine.catalog.Key;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.catalog.UserType;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns a plan and the source catalogs into PostgreSQL DDL. Every identifier is quoted; constraint
 * and index names are made unique within the target schema (PostgreSQL's index names are per
 * schema, MySQL's and SQLite's per table or file) and fit in 63 bytes.
 */
public final class SchemaBuilder {
  private final MigrationPlan plan;
  private final Map<String, SourceCatalog> catalogs;
  private final Consumer<String> warnings;
  private final TargetNames names;
  private final ForeignKeyDdl foreignKeys;
  private final String schema;

  public SchemaBuilder(
      MigrationPlan plan, Map<String, SourceCatalog> catalogs, Consumer<String> warnings) {
    this.plan = plan;
    this.catalogs = catalogs;
    this.warnings = warnings;
    this.schema = plan.target().schema();
    this.names = new TargetNames(catalogs, plan.settings().keepCase());
    this.foreignKeys = new ForeignKeyDdl(plan, names, this::table, warnings);
  }

  public SchemaScript build() {
    List<Ddl> prelude = new ArrayList<>();
    List<Ddl> tables = new ArrayList<>();
    List<Ddl> keys = new ArrayList<>();
    List<Ddl> indexes = new ArrayList<>();
    List<Ddl> checks = new ArrayList<>();
    List<Ddl> fks = new ArrayList<>();
    List<Ddl> triggers = new ArrayList<>();
    List<Ddl> views = new ArrayList<>();
    List<SchemaScript.Accounted> accounted = new ArrayList<>();
    prelude.add(Ddl.of(null, "schema " + schema, "CREATE SCHEMA IF NOT EXISTS " + quote(schema)));
    Set<String> extensions = new LinkedHashSet<>();
    for (SourceCatalog cat : catalogs.values()) {
      extensions.addAll(cat.extensions());
    }
    for (String ext : extensions) {
      prelude.add(
          Ddl.optional(null, "extension " + ext, "CREATE EXTENSION IF NOT EXISTS " + quote(ext)));
    }
    for (SourceCatalog cat : catalogs.values()) {
      for (UserType t : cat.userTypes()) {
        prelude.add(userType(t));
      }
    }
    SchemaObjectsDdl objects = new SchemaObjectsDdl(plan);
    for (SourceCatalog cat : catalogs.values()) {
      objects.add(cat);
    }
    prelude.addAll(objects.beforeTables);
    triggers.addAll(objects.triggers);
    // a merged target table is created, keyed and indexed once, from its first source table
    for (TablePlan tp : plan.targetTables()) {
      Table t = table(tp.id());
      tables.add(createTable(tp, t, prelude, checks));
      accounted.addAll(translatedColumns(tp, t));
      Ddl pk = t.primaryKey() == null ? null : primaryKey(tp, t.primaryKey());
      if (pk != null) {
        keys.add(pk);
      }
      for (Key u : t.uniqueKeys()) {
        keys.add(unique(tp, u));
      }
      for (Index ix : t.indexes()) {
        if (pk != null && duplicatesPrimaryKey(t, ix)) {
          accounted.add(
              new SchemaScript.Accounted(
                  tp.target(),
                  "index " + ix.name() + " (unique on " + String.join(", ", ix.columns()) + ")",
                  ObjectState.FOLDED,
                  "folded into primary key " + pk.name()));
        } else {
          index(tp, t, ix).ifPresent(indexes::add);
        }
      }
      int n = 0;
      for (CheckConstraint c : t.checks()) {
        checks.add(check(tp, c, ++n));
      }
      for (ForeignKey fk : t.foreignKeys()) {
        foreignKeys.build(tp, t, fk).ifPresent(fks::add);
      }
      for (Column c : t.columns()) {
        if (c.onUpdate() != null) {
          triggers.addAll(onUpdateTrigger(tp, c));
        }
      }
    }
    for (TablePlan tp : plan.tables()) {
      if (!tp.include()) {
        accounted.add(
            new SchemaScript.Accounted(
                null, "table " + tp.id().label(), ObjectState.SKIPPED, "left out by the plan"));
      }
    }
    for (SourceCatalog cat : catalogs.values()) {
      for (var v : cat.views()) {
        String name = names.of(cat.source(), v.name());
        Dialect dialect = Dialects.of(cat.kind());
        String body = dialect.viewQuery(v);
        String description = "view " + name + " (from " + cat.source() + ")";
        if (dialect.viewsNeedTranslation()) {
          ViewTranslator.Result t = new ViewTranslator(plan, cat.source(), dialect).translate(body);
          if (t.sql() != null) {
            body = t.sql();
          } else {
            // tried as written: PostgreSQL may still accept it, and says why if not
            description =
                "view "
                    + name
                    + " (from "
                    + cat.source()
                    + "; not translated: it "
                    + t.problem()
                    + ")";
          }
        }
        views.add(
            Ddl.optional(
                    null,
                    description,
                    "CREATE VIEW "
                        + Identifiers.qualified(schema, name)
                        + " AS "
                        + body.strip().replaceFirst(";\\s*$", ""))
                .makes(Ddl.Kind.VIEW, name));
      }
    }
    views.addAll(objects.materializedViews);
    return new SchemaScript(
        prelude,
        tables,
        objects.afterTables,
        keys,
        indexes,
        checks,
        fks,
        triggers,
        views,
        objects.finishing,
        accounted,
        objects.notCarried);
  }

  /** The columns whose type or default the plan changes on the way, for the ledger. */
  private static List<SchemaScript.Accounted> translatedColumns(TablePlan tp, Table t) {
    List<SchemaScript.Accounted> out = new ArrayList<>();
    for (ColumnPlan cp : tp.columns()) {
      List<String> changes = new ArrayList<>();
      if (cp.sourceType() != null && !cp.sourceType().equalsIgnoreCase(cp.type())) {
        changes.add("type " + cp.sourceType() + " → " + cp.type() + " (" + cp.rule() + ")");
      }
      String before = t.column(cp.name()).map(Column::defaultExpr).orElse(null);
      if (before != null && !cp.identity() && !before.equals(cp.defaultExpr())) {
        changes.add(
            "default "
                + before
                + " → "
                + (cp.defaultExpr() == null
                    ? "none (dropped: see the warning)"
                    : cp.defaultExpr()));
      }
      if (!changes.isEmpty()) {
        out.add(
            new SchemaScript.Accounted(
                tp.target(),
                "column " + tp.target() + "." + cp.target(),
                ObjectState.TRANSLATED,
                String.join("; ", changes)));
      }
    }
    return out;
  }

  /** A plain unique index on exactly the primary key's columns: the key's own index covers it. */
  private static boolean duplicatesPrimaryKey(Table t, Index ix) {
    return ix.unique()
        && !ix.isExpressionIndex()
        && ix.predicate() == null
        && t.primaryKey() != null
        && ix.columns().equals(t.primaryKey().columns());
  }

  private Table table(TableId id) {
    SourceCatalog cat = catalogs.get(id.source());
    return Optional.ofNullable(cat)
        .flatMap(c -> c.table(id))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Table " + id.label() + " is in the plan but not in the source"));
  }

  private String qualifiedTarget(TablePlan tp) {
    return Identifiers.qualified(schema, tp.target());
  }

  private Ddl createTable(TablePlan tp, Table t, List<Ddl> prelude, List<Ddl> checks) {
    StringBuilder sb = new StringBuilder("CREATE TABLE ").append(qualifiedTarget(tp)).append(" (");
    boolean first = true;
    for (ColumnPlan cp : tp.columns()) {
      sb.append(first ? "\n  " : ",\n  ");
      first = false;
      sb.append(quote(cp.target())).append(' ').append(cp.type());
      if (cp.identity()) {
        sb.append(" GENERATED BY DEFAULT AS IDENTITY");
      } else if (cp.defaultExpr() != null) {
        sb.append(" DEFAULT ").append(cp.defaultExpr());
      }
      if (!cp.nullable()) {
        sb.append(" NOT NULL");
      }
      Column c = t.column(cp.name()).orElse(null);
      if (c != null && !c.enumValues().isEmpty() && !"text[]".equals(cp.type())) {
        enumConstraint(tp, cp, c, prelude, checks);
      }
    }
    sb.append("\n)");
    return Ddl.of(
            tp.target(), "table " + tp.target() + " (from " + tp.id().label() + ")", sb.toString())
        .makes(Ddl.Kind.TABLE, tp.target());
  }

  private void enumConstraint(
      TablePlan tp, ColumnPlan cp, Column c, List<Ddl> prelude, List<Ddl> checks) {
    StringBuilder labels = new StringBuilder();
    for (String v : c.enumValues()) {
      labels.append(labels.isEmpty() ? "" : ", ").append(literal(v));
    }
    if (cp.type().startsWith("\"")) {
      prelude.add(
          Ddl.of(
              null,
              "enum type " + cp.type() + " for " + tp.target() + "." + cp.target(),
              "CREATE TYPE " + quote(schema) + "." + cp.type() + " AS ENUM (" + labels + ")"));
    } else if (cp.type().equals("text") || cp.type().startsWith("varchar")) {
      String name = names.constraint(tp.target(), tp.target() + "_" + cp.target() + "_check");
      checks.add(
          Ddl.of(
                  tp.target(),
                  "enum labels of " + tp.target() + "." + cp.target(),
                  "ALTER TABLE "
                      + qualifiedTarget(tp)
                      + " ADD CONSTRAINT "
                      + quote(name)
                      + " CHECK ("
                      + quote(cp.target())
                      + " IN ("
                      + labels
                      + "))")
              .makes(Ddl.Kind.CHECK, name));
    }
  }

  private Ddl userType(UserType t) {
    String name = Identifiers.qualified(schema, t.name());
    if (t.kind().equals("enum")) {
      StringBuilder labels = new StringBuilder();
      for (String l : t.labels()) {
        labels.append(labels.isEmpty() ? "" : ", ").append(literal(l));
      }
      return Ddl.of(
          null, "enum type " + t.name(), "CREATE TYPE " + name + " AS ENUM (" + labels + ")");
    }
    return Ddl.of(null, "domain " + t.name(), "CREATE DOMAIN " + name + " AS " + t.definition());
  }

  /** The target names of a planned table's source columns. */
  static List<String> targetColumns(TablePlan tp, List<String> sourceColumns) {
    List<String> out = new ArrayList<>();
    for (String s : sourceColumns) {
      out.add(
          tp.column(s)
              .map(ColumnPlan::target)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "column " + s + " of " + tp.id().label() + " is not in the plan")));
    }
    return out;
  }

  /** Quoted, comma-separated. */
  static String columnList(List<String> cols) {
    StringBuilder sb = new StringBuilder();
    for (String c : cols) {
      sb.append(sb.isEmpty() ? "" : ", ").append(quote(c));
    }
    return sb.toString();
  }

  private Ddl primaryKey(TablePlan tp, Key pk) {
    String name = names.unique(tp.target() + "_pkey");
    List<String> cols = targetColumns(tp, pk.columns());
    return keyConstraint(
            tp,
            name,
            cols,
            "PRIMARY KEY",
            "primary key " + name + " (" + String.join(", ", cols) + ")")
        .makes(Ddl.Kind.PRIMARY_KEY, name);
  }

  private Ddl unique(TablePlan tp, Key u) {
    List<String> cols = targetColumns(tp, u.columns());
    String name =
        names.unique(
            u.name() != null
                ? names.of(tp.source(), u.name())
                : tp.target() + "_" + String.join("_", cols) + "_key");
    return keyConstraint(tp, name, cols, "UNIQUE", "unique constraint " + name)
        .makes(Ddl.Kind.UNIQUE, name);
  }

  /**
   * A key built as a unique index first, then attached as the constraint: the index build is the
   * slow part, and indexes of different tables build in parallel.
   */
  private Ddl keyConstraint(
      TablePlan tp, String name, List<String> cols, String kind, String description) {
    return Ddl.of(
        tp.target(),
        description,
        "CREATE UNIQUE INDEX IF NOT EXISTS "
            + quote(name)
            + " ON "
            + qualifiedTarget(tp)
            + " ("
            + columnList(cols)
            + ")",
        "ALTER TABLE "
            + qualifiedTarget(tp)
            + " ADD CONSTRAINT "
            + quote(name)
            + " "
            + kind
            + " USING INDEX "
            + quote(name));
  }

  private Optional<Ddl> index(TablePlan tp, Table t, Index ix) {
    String base = names.of(tp.source(), ix.name());
    String name = names.unique(names.isTaken(base) ? tp.target() + "_" + base : base);
    SourceCatalog cat = catalogs.get(t.id().source());
    if (ix.definition() != null && Dialects.of(cat.kind()).replaysIndexDefinitions()) {
      // what pg_get_indexdef prints after the table (method, columns or expressions, opclasses,
      // ordering, INCLUDE, WHERE) is exact; the name and table are the target's
      String def =
          "CREATE "
              + (ix.unique() ? "UNIQUE " : "")
              + "INDEX IF NOT EXISTS "
              + quote(name)
              + " ON "
              + qualifiedTarget(tp)
              + ix.definition();
      return Optional.of(
          Ddl.optional(tp.target(), "index " + name, def).makes(Ddl.Kind.INDEX, name));
    }
    StringBuilder sb =
        new StringBuilder("CREATE ")
            .append(ix.unique() ? "UNIQUE " : "")
            .append("INDEX IF NOT EXISTS ")
            .append(quote(name))
            .append(" ON ")
            .append(qualifiedTarget(tp));
    if (ix.method() != null && !ix.method().equalsIgnoreCase("btree")) {
      if (!ix.method().equalsIgnoreCase("hash")) {
        warnings.accept(
            "index "
                + ix.name()
                + " on "
                + t.id().label()
                + " uses "
                + ix.method()
                + "; created as btree");
      } else {
        sb.append(" USING hash");
      }
    }
    sb.append(" (");
    if (ix.isExpressionIndex()) {
      sb.append(
          String.join(", ", ix.expressions().stream().map(e -> sourceExpression(tp, e)).toList()));
    } else {
      sb.append(columnList(targetColumns(tp, ix.columns())));
    }
    sb.append(')');
    if (ix.predicate() != null) {
      sb.append(" WHERE ").append(sourceExpression(tp, ix.predicate()));
    }
    boolean translated = ix.isExpressionIndex() || ix.predicate() != null;
    return Optional.of(
        (translated
                ? Ddl.optional(
                    tp.target(),
                    "index " + name + " (expression/partial, translated)",
                    sb.toString())
                : Ddl.of(tp.target(), "index " + name, sb.toString()))
            .makes(Ddl.Kind.INDEX, name));
  }

  private Ddl check(TablePlan tp, CheckConstraint c, int n) {
    String name =
        names.constraint(
            tp.target(),
            c.name() != null
                ? names.of(tp.source(), c.name())
                : tp.target() + "_check" + (n == 1 ? "" : String.valueOf(n)));
    String expr = sourceExpression(tp, c.expression());
    return Ddl.optional(
            tp.target(),
            "check " + name + ": " + expr,
            "ALTER TABLE "
                + qualifiedTarget(tp)
                + " ADD CONSTRAINT "
                + quote(name)
                + " CHECK ("
                + expr
                + ") NOT VALID",
            "ALTER TABLE " + qualifiedTarget(tp) + " VALIDATE CONSTRAINT " + quote(name))
        .makes(Ddl.Kind.CHECK, name);
  }

  /**
   * An expression of a table's (a CHECK, an index expression or predicate) in target words: for
   * SQLite and MySQL rewritten by the parser as views are (columns renamed and quoted, functions
   * translated); for PostgreSQL, whose names are kept, as written with renamed columns' quoted
   * spellings replaced.
   */
  private String sourceExpression(TablePlan tp, String expr) {
    Dialect dialect = Dialects.of(catalogs.get(tp.source()).kind());
    if (dialect.viewsNeedTranslation()) {
      ViewTranslator.Result r = new ViewTranslator(plan, tp.source(), dialect).expression(expr, tp);
      if (r.sql() != null) {
        return r.sql();
      }
    }
    for (ColumnPlan cp : tp.columns()) {
      // the source's quoted spellings of a renamed column
      expr =
          expr.replace("\"" + cp.name() + "\"", quote(cp.target()))
              .replace("`" + cp.name() + "`", quote(cp.target()))
              .replace("[" + cp.name() + "]", quote(cp.target()));
    }
    return expr;
  }

  private List<Ddl> onUpdateTrigger(TablePlan tp, Column c) {
    String col = tp.column(c.name()).map(ColumnPlan::target).orElse(c.name());
    String fn = names.unique(tp.target() + "_" + col + "_on_update");
    String qfn = Identifiers.qualified(schema, fn);
    return List.of(
        Ddl.of(
            tp.target(),
            "function " + fn + " (MySQL ON UPDATE CURRENT_TIMESTAMP)",
            "CREATE OR REPLACE FUNCTION "
                + qfn
                + "() RETURNS trigger LANGUAGE plpgsql AS $ferry$\nBEGIN\n  NEW."
                + quote(col)
                + " := CURRENT_TIMESTAMP;\n  RETURN NEW;\nEND\n$ferry$"),
        Ddl.of(
                tp.target(),
                "trigger " + fn + " keeps " + tp.target() + "." + col + " current on UPDATE",
                "CREATE TRIGGER "
                    + quote(fn)
                    + " BEFORE UPDATE ON "
                    + qualifiedTarget(tp)
                    + " FOR EACH ROW EXECUTE FUNCTION "
                    + qfn
                    + "()")
            .makes(Ddl.Kind.TRIGGER, fn));
  }
}
