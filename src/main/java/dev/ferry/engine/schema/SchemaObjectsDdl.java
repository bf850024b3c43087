package dev.ferry.engine.schema;

import static dev.ferry.engine.dialect.Identifiers.literal;
import static dev.ferry.engine.dialect.Identifiers.qualified;
import static dev.ferry.engine.dialect.Identifiers.quote;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.Comment;
import dev.ferry.engine.catalog.Grant;
import dev.ferry.engine.catalog.Policy;
import dev.ferry.engine.catalog.Routine;
import dev.ferry.engine.catalog.SchemaObjects;
import dev.ferry.engine.catalog.SequenceDefinition;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.catalog.Trigger;
import dev.ferry.engine.catalog.View;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.plan.TablePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The DDL for what a PostgreSQL source holds beyond its tables: standalone sequences with their
 * values and routines (before the tables, whose defaults may call them — or just after them when
 * their signature uses a table's row type), triggers (after the load: they never fire during it),
 * materialized views (after the views, filled), row-level security and policies, comments and
 * privileges (last). Every name is the target's: the source's definitions are cut around their
 * names when read, never rewritten by pattern.
 */
final class SchemaObjectsDdl {
  private final MigrationPlan plan;
  private final String schema;

  final List<Ddl> beforeTables = new ArrayList<>();
  final List<Ddl> afterTables = new ArrayList<>();
  final List<Ddl> triggers = new ArrayList<>();
  final List<Ddl> materializedViews = new ArrayList<>();
  final List<Ddl> finishing = new ArrayList<>();
  final List<SchemaObjects.NotCarried> notCarried = new ArrayList<>();

  SchemaObjectsDdl(MigrationPlan plan) {
    this.plan = plan;
    this.schema = plan.target().schema();
  }

  void add(SourceCatalog cat) {
    SchemaObjects o = cat.objects();
    notCarried.addAll(o.notCarried());
    for (SequenceDefinition s : o.sequences()) {
      beforeTables.add(sequence(s));
    }
    for (Routine r : o.routines()) {
      (r.usesRowTypes() ? afterTables : beforeTables).add(routine(r));
    }
    for (Trigger t : o.triggers()) {
      target(t.table()).ifPresent(tp -> triggers.add(trigger(tp, t)));
    }
    for (View v : o.materializedViews()) {
      materializedViews.add(
          Ddl.optional(
                  null,
                  "materialized view " + v.name() + " (from " + cat.source() + ")",
                  "CREATE MATERIALIZED VIEW "
                      + qualified(schema, v.name())
                      + " AS "
                      + v.definition().strip().replaceFirst(";$", "")
                      + " WITH DATA")
              .makes(Ddl.Kind.MATERIALIZED_VIEW, v.name()));
    }
    for (SchemaObjects.RowSecurity rs : o.rowSecurity()) {
      target(rs.table())
          .ifPresent(
              tp -> {
                String table = qualified(schema, tp.target());
                List<String> sql = new ArrayList<>();
                sql.add("ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY");
                if (rs.forced()) {
                  sql.add("ALTER TABLE " + table + " FORCE ROW LEVEL SECURITY");
                }
                finishing.add(
                    new Ddl(
                        tp.target(),
                        "row-level security on " + tp.target() + (rs.forced() ? " (forced)" : ""),
                        sql,
                        false,
                        null));
              });
    }
    for (Policy p : o.policies()) {
      target(p.table()).ifPresent(tp -> finishing.add(policy(tp, p)));
    }
    for (Comment c : o.comments()) {
      comment(cat.source(), c).ifPresent(finishing::add);
    }
    if (plan.settings().grants()) {
      for (Grant g : o.grants()) {
        grant(cat.source(), g).ifPresent(finishing::add);
      }
    } else if (!o.grants().isEmpty()) {
      notCarried.add(
          new SchemaObjects.NotCarried(
              o.grants().size() + " privilege(s) of " + cat.source(),
              "the plan's settings say grants: false"));
    }
  }

  /** The planned target table a source table loads into, when it is the table's first source. */
  private Optional<TablePlan> target(TableId id) {
    return plan.targetTables().stream().filter(tp -> tp.id().equals(id)).findFirst();
  }

  private Ddl sequence(SequenceDefinition s) {
    String name = qualified(schema, s.name());
    List<String> sql = new ArrayList<>();
    sql.add("CREATE SEQUENCE IF NOT EXISTS " + name + " " + s.options());
    if (s.lastValue() != null) {
      sql.add("SELECT setval(" + literal(name) + ", " + s.lastValue() + ", " + s.isCalled() + ")");
    }
    return new Ddl(
            null,
            "sequence "
                + s.name()
                + (s.isCalled() ? " (at " + s.lastValue() + ")" : " (not used yet)"),
            sql,
            false,
            null)
        .makes(Ddl.Kind.SEQUENCE, s.name());
  }

  private Ddl routine(Routine r) {
    String signature = r.name() + "(" + r.arguments() + ")";
    // a body may name tables made later: checked when called, as pg_dump restores it
    return new Ddl(
            null,
            r.keyword().toLowerCase(Locale.ROOT) + " " + signature,
            List.of(
                "SET check_function_bodies = false",
                r.head() + qualified(schema, r.name()) + r.tail(),
                "RESET check_function_bodies"),
            false,
            null)
        .makes(Ddl.Kind.ROUTINE, signature);
  }

  private Ddl trigger(TablePlan tp, Trigger t) {
    String table = qualified(schema, tp.target());
    List<String> sql = new ArrayList<>();
    sql.add(t.head() + " ON " + table + t.tail());
    switch (t.enabled()) {
      case 'D' -> sql.add("ALTER TABLE " + table + " DISABLE TRIGGER " + quote(t.name()));
      case 'A' -> sql.add("ALTER TABLE " + table + " ENABLE ALWAYS TRIGGER " + quote(t.name()));
      case 'R' -> sql.add("ALTER TABLE " + table + " ENABLE REPLICA TRIGGER " + quote(t.name()));
      default -> {}
    }
    return new Ddl(
            tp.target(),
            "trigger "
                + t.name()
                + " on "
                + tp.target()
                + (t.enabled() == 'D' ? " (disabled, as in the source)" : ""),
            sql,
            false,
            null)
        .makes(Ddl.Kind.TRIGGER, t.name());
  }

  private Ddl policy(TablePlan tp, Policy p) {
    Settings settings = plan.settings();
    StringBuilder sql =
        new StringBuilder("CREATE POLICY ")
            .append(quote(p.name()))
            .append(" ON ")
            .append(qualified(schema, tp.target()))
            .append(p.permissive() ? " AS PERMISSIVE" : " AS RESTRICTIVE")
            .append(" FOR ")
            .append(p.command())
            .append(" TO ");
    for (int i = 0; i < p.roles().size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(role(settings, p.roles().get(i)));
    }
    if (p.using() != null) {
      sql.append(" USING (").append(p.using()).append(')');
    }
    if (p.withCheck() != null) {
      sql.append(" WITH CHECK (").append(p.withCheck()).append(')');
    }
    return Ddl.of(tp.target(), "policy " + p.name() + " on " + tp.target(), sql.toString())
        .makes(Ddl.Kind.POLICY, p.name());
  }

  private static String role(Settings settings, String sourceRole) {
    return sourceRole.equals("public") ? "PUBLIC" : quote(settings.targetRole(sourceRole));
  }

  private Optional<Ddl> comment(String source, Comment c) {
    String object;
    String table = null;
    String label;
    switch (c.kind()) {
      case "TABLE", "COLUMN" -> {
        Optional<TablePlan> tp = target(new TableId(source, c.schema(), c.object()));
        if (tp.isEmpty()) {
          return Optional.empty();
        }
        table = tp.get().target();
        object = qualified(schema, table);
        label = "table " + table;
        if (c.column() != null) {
          String column = tp.get().column(c.column()).map(ColumnPlan::target).orElse(null);
          if (column == null) {
            return Optional.empty(); // a column the plan leaves out
          }
          object += "." + quote(column);
          label = "column " + table + "." + column;
        }
      }
      case "FUNCTION", "PROCEDURE" -> {
        object = qualified(schema, c.object()) + "(" + c.routine().arguments() + ")";
        label = c.kind().toLowerCase(Locale.ROOT) + " " + c.object();
      }
      default -> {
        object =
            qualified(schema, c.object()) + (c.column() == null ? "" : "." + quote(c.column()));
        label = c.kind().toLowerCase(Locale.ROOT) + " " + c.object();
      }
    }
    String kind = c.kind();
    return Optional.of(
        Ddl.optional(
            table,
            "comment on " + label,
            "COMMENT ON " + kind + " " + object + " IS " + literal(c.text())));
  }

  private Optional<Ddl> grant(String source, Grant g) {
    Settings settings = plan.settings();
    String grantee = g.grantee() == null ? "PUBLIC" : quote(settings.targetRole(g.grantee()));
    String option = g.grantable() ? " WITH GRANT OPTION" : "";
    String table = null;
    String on;
    String label;
    switch (g.objectKind()) {
      case "TABLE" -> {
        Optional<TablePlan> tp = target(new TableId(source, g.schema(), g.object()));
        // a view's or materialized view's grant (no table plan) names it as it is
        table = tp.map(TablePlan::target).orElse(null);
        String name = tp.map(TablePlan::target).orElse(g.object());
        on = "TABLE " + qualified(schema, name);
        label = name;
      }
      case "SEQUENCE" -> {
        on = "SEQUENCE " + qualified(schema, g.object());
        label = "sequence " + g.object();
      }
      case "FUNCTION", "PROCEDURE" -> {
        on =
            g.objectKind()
                + " "
                + qualified(schema, g.object())
                + "("
                + g.routine().arguments()
                + ")";
        label = g.objectKind().toLowerCase(Locale.ROOT) + " " + g.object();
        if (g.revokeFromPublic()) {
          return Optional.of(
              Ddl.of(
                  null,
                  "EXECUTE on " + label + " revoked from PUBLIC",
                  "REVOKE EXECUTE ON " + on + " FROM PUBLIC"));
        }
      }
      case "SCHEMA" -> {
        on = "SCHEMA " + quote(schema);
        label = "schema " + schema;
      }
      case "DEFAULT" -> {
        String sql =
            "ALTER DEFAULT PRIVILEGES FOR ROLE "
                + quote(settings.targetRole(g.owner()))
                + " IN SCHEMA "
                + quote(schema)
                + " GRANT "
                + g.privilege()
                + " ON "
                + g.defaultsFor()
                + " TO "
                + grantee
                + option;
        return Optional.of(
            Ddl.optional(
                null,
                "default privilege: "
                    + g.privilege()
                    + " on new "
                    + g.defaultsFor().toLowerCase(Locale.ROOT)
                    + " of "
                    + g.owner()
                    + " to "
                    + (g.grantee() == null ? "PUBLIC" : settings.targetRole(g.grantee())),
                sql));
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(
        Ddl.optional(
            table,
            g.privilege()
                + " on "
                + label
                + " to "
                + (g.grantee() == null ? "PUBLIC" : settings.targetRole(g.grantee())),
            "GRANT " + g.privilege() + " ON " + on + " TO " + grantee + option));
  }
}
