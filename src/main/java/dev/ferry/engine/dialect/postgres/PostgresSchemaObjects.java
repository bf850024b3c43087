package dev.ferry.engine.dialect.postgres;

import dev.ferry.engine.catalog.Comment;
import dev.ferry.engine.catalog.Grant;
import dev.ferry.engine.catalog.Policy;
import dev.ferry.engine.catalog.Routine;
import dev.ferry.engine.catalog.SchemaObjects;
import dev.ferry.engine.catalog.SchemaObjects.NotCarried;
import dev.ferry.engine.catalog.SchemaObjects.RowSecurity;
import dev.ferry.engine.catalog.SequenceDefinition;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.catalog.Trigger;
import dev.ferry.engine.catalog.View;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what a PostgreSQL source holds beyond tables, views and types — standalone sequences,
 * functions and procedures, triggers, row-level security, materialized views, comments and
 * privileges — in the introspection's session (search_path on the source schemas, so names are
 * printed unqualified where they resolve there). Objects an extension owns come with the extension
 * and are not read. What Ferry does not carry is named in {@link SchemaObjects#notCarried()}.
 */
final class PostgresSchemaObjects {
  /** Not a member of an extension: {@code %s} is the catalog table of the object's oid. */
  private static final String NOT_FROM_EXTENSION =
      " NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '%s'::regclass AND x.objid = %s"
          + " AND x.deptype = 'e')";

  private final String source;
  private final Array schemas;
  private final Set<String> tableKeys = new HashSet<>();
  private final List<NotCarried> notCarried = new ArrayList<>();

  PostgresSchemaObjects(String source, Array schemas, List<Table> tables) {
    this.source = source;
    this.schemas = schemas;
    for (Table t : tables) {
      tableKeys.add(t.id().schema() + "\u0000" + t.name());
    }
  }

  SchemaObjects read(Connection c, List<View> materializedViews) throws SQLException {
    List<SequenceDefinition> sequences = sequences(c);
    Map<Long, Routine> routines = routines(c);
    List<Trigger> triggers = triggers(c);
    List<RowSecurity> rowSecurity = new ArrayList<>();
    List<Policy> policies = policies(c, rowSecurity);
    List<Comment> comments = comments(c, routines);
    List<Grant> grants = grants(c, routines);
    notCarried(c);
    return new SchemaObjects(
        sequences,
        List.copyOf(routines.values()),
        triggers,
        policies,
        rowSecurity,
        materializedViews,
        comments,
        grants,
        notCarried);
  }

  private boolean isTable(String schema, String name) {
    return tableKeys.contains(schema + "\u0000" + name);
  }

  /** One row of a catalog query. */
  private interface Row {
    void read(ResultSet rs) throws SQLException;
  }

  /** Runs a catalog query whose one parameter is the source schemas, row by row. */
  private void each(Connection c, String sql, Row row) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, schemas);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          row.read(rs);
        }
      }
    }
  }

  /** Sequences no column owns (serials and identities are their columns' business). */
  private List<SequenceDefinition> sequences(Connection c) throws SQLException {
    List<String[]> found = new ArrayList<>();
    each(
        c,
        "SELECT n.nspname, s.relname, 'AS ' || format_type(q.seqtypid, NULL) || ' INCREMENT BY ' || q.seqincrement"
            + " || ' MINVALUE ' || q.seqmin || ' MAXVALUE ' || q.seqmax || ' START WITH ' || q.seqstart"
            + " || ' CACHE ' || q.seqcache || CASE WHEN q.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END,"
            + " quote_ident(n.nspname) || '.' || quote_ident(s.relname)"
            + " FROM pg_sequence q JOIN pg_class s ON s.oid = q.seqrelid JOIN pg_namespace n ON n.oid = s.relnamespace"
            + " WHERE n.nspname = ANY (?) AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
            + "   AND d.objid = s.oid AND d.deptype IN ('a', 'i', 'e')) ORDER BY s.oid",
        rs -> {
          found.add(
              new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
        });
    List<SequenceDefinition> out = new ArrayList<>();
    for (String[] f : found) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + f[3])) {
        rs.next();
        boolean called = rs.getBoolean(2);
        out.add(new SequenceDefinition(f[0], f[1], f[2], rs.getLong(1), called));
      }
    }
    return out;
  }

  /**
   * Functions and procedures by oid, cut around the qualified name pg_get_functiondef prints (it
   * always qualifies it, as quote_ident(schema).quote_ident(name)). Aggregates have no such
   * definition and are named as not carried.
   */
  private Map<Long, Routine> routines(Connection c) throws SQLException {
    Map<Long, Routine> out = new LinkedHashMap<>();
    each(
        c,
        "SELECT p.oid, n.nspname, p.proname, p.prokind, pg_get_function_identity_arguments(p.oid),"
            + " CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END,"
            + " quote_ident(n.nspname) || '.' || quote_ident(p.proname),"
            + " EXISTS (SELECT 1 FROM pg_depend d JOIN pg_type t ON t.oid = d.refobjid"
            + "   WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid"
            + "   AND d.refclassid = 'pg_type'::regclass AND t.typrelid <> 0)"
            + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY (?) AND"
            + NOT_FROM_EXTENSION.formatted("pg_proc", "p.oid")
            + " ORDER BY p.oid",
        rs -> {
          String label = rs.getString(2) + "." + rs.getString(3) + "(" + rs.getString(5) + ")";
          String def = rs.getString(6);
          if (def == null) {
            notCarried.add(
                new NotCarried(
                    "aggregate " + label, "aggregates are not carried; create it by hand"));
            return;
          }
          boolean procedure = rs.getString(4).equals("p");
          String head = "CREATE OR REPLACE " + (procedure ? "PROCEDURE " : "FUNCTION ");
          String qualified = rs.getString(7);
          if (!def.startsWith(head + qualified + "(")) {
            notCarried.add(
                new NotCarried(
                    (procedure ? "procedure " : "function ") + label,
                    "its definition does not start as expected: " + firstLine(def)));
            return;
          }
          out.put(
              rs.getLong(1),
              new Routine(
                  rs.getString(2),
                  rs.getString(3),
                  procedure,
                  rs.getString(5),
                  head,
                  def.substring(head.length() + qualified.length()),
                  rs.getBoolean(8)));
        });
    return out;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * User triggers of the planned tables, cut around the table pg_get_triggerdef prints (always
   * qualified). Triggers a partitioned table's trigger cloned onto a partition come with it.
   */
  private List<Trigger> triggers(Connection c) throws SQLException {
    List<Trigger> out = new ArrayList<>();
    each(
        c,
        "SELECT n.nspname, r.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled,"
            + " ' ON ' || quote_ident(n.nspname) || '.' || quote_ident(r.relname) || ' ', r.relkind"
            + " FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
            + " WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND n.nspname = ANY (?) ORDER BY t.oid",
        rs -> {
          String label =
              "trigger " + rs.getString(3) + " on " + rs.getString(1) + "." + rs.getString(2);
          if (!isTable(rs.getString(1), rs.getString(2))) {
            notCarried.add(
                new NotCarried(
                    label,
                    rs.getString(7).equals("v")
                        ? "triggers on views are not carried"
                        : "its table is not migrated"));
            return;
          }
          String def = rs.getString(4);
          String on = rs.getString(6);
          int at = def.indexOf(on);
          if (at < 0) {
            notCarried.add(new NotCarried(label, "its definition names no table: " + def));
            return;
          }
          out.add(
              new Trigger(
                  new TableId(source, rs.getString(1), rs.getString(2)),
                  rs.getString(3),
                  def.substring(0, at),
                  def.substring(at + on.length() - 1),
                  rs.getString(5).charAt(0)));
        });
    return out;
  }

  private List<Policy> policies(Connection c, List<RowSecurity> rowSecurity) throws SQLException {
    each(
        c,
        "SELECT n.nspname, r.relname, r.relforcerowsecurity FROM pg_class r"
            + " JOIN pg_namespace n ON n.oid = r.relnamespace"
            + " WHERE r.relrowsecurity AND r.relkind IN ('r', 'p') AND n.nspname = ANY (?) ORDER BY r.oid",
        rs -> {
          if (isTable(rs.getString(1), rs.getString(2))) {
            rowSecurity.add(
                new RowSecurity(
                    new TableId(source, rs.getString(1), rs.getString(2)), rs.getBoolean(3)));
          }
        });
    List<Policy> out = new ArrayList<>();
    each(
        c,
        "SELECT n.nspname, r.relname, p.polname, p.polpermissive,"
            + " CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'"
            + "   WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,"
            + " (SELECT array_agg(CASE WHEN g = 0 THEN 'public' ELSE pg_get_userbyid(g) END ORDER BY g)"
            + "   FROM unnest(p.polroles) g),"
            + " pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)"
            + " FROM pg_policy p JOIN pg_class r ON r.oid = p.polrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
            + " WHERE n.nspname = ANY (?) ORDER BY p.oid",
        rs -> {
          if (!isTable(rs.getString(1), rs.getString(2))) {
            return;
          }
          Array roles = rs.getArray(6);
          out.add(
              new Policy(
                  new TableId(source, rs.getString(1), rs.getString(2)),
                  rs.getString(3),
                  rs.getBoolean(4),
                  rs.getString(5),
                  roles == null ? List.of("public") : Arrays.asList((String[]) roles.getArray()),
                  rs.getString(7),
                  rs.getString(8)));
        });
    return out;
  }

  /** Comments on relations, their columns, routines and types. */
  private List<Comment> comments(Connection c, Map<Long, Routine> routines) throws SQLException {
    List<Comment> out = new ArrayList<>();
    each(
        c,
        "SELECT r.relkind, n.nspname, r.relname, a.attname, d.description FROM pg_description d"
            + " JOIN pg_class r ON d.classoid = 'pg_class'::regclass AND d.objoid = r.oid"
            + " JOIN pg_namespace n ON n.oid = r.relnamespace"
            + " LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = d.objsubid AND d.objsubid > 0"
            + " WHERE n.nspname = ANY (?) AND"
            + NOT_FROM_EXTENSION.formatted("pg_class", "r.oid")
            + " ORDER BY r.oid, d.objsubid",
        rs -> {
          String kind =
              switch (rs.getString(1)) {
                case "r", "p" -> "TABLE";
                case "v" -> "VIEW";
                case "m" -> "MATERIALIZED VIEW";
                case "S" -> "SEQUENCE";
                default -> null;
              };
          String what = rs.getString(2) + "." + rs.getString(3);
          if (kind == null) {
            notCarried.add(
                new NotCarried(
                    "comment on " + what,
                    "comments on indexes and other relations are not carried"));
          } else if (!kind.equals("TABLE") || isTable(rs.getString(2), rs.getString(3))) {
            boolean column = rs.getString(4) != null;
            out.add(
                new Comment(
                    column ? "COLUMN" : kind,
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    null,
                    rs.getString(5)));
          }
        });
    each(
        c,
        "SELECT p.oid, d.description FROM pg_description d"
            + " JOIN pg_proc p ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid"
            + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY (?) ORDER BY p.oid",
        rs -> {
          Routine r = routines.get(rs.getLong(1));
          if (r != null) {
            out.add(new Comment(r.keyword(), r.schema(), r.name(), null, r, rs.getString(2)));
          }
        });
    each(
        c,
        "SELECT n.nspname, t.typname, d.description FROM pg_description d"
            + " JOIN pg_type t ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid"
            + " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ANY (?)"
            + " AND t.typtype IN ('e', 'd') ORDER BY t.oid",
        rs -> {
          out.add(
              new Comment("TYPE", rs.getString(1), rs.getString(2), null, null, rs.getString(3)));
        });
    each(
        c,
        "SELECT n.nspname, r.relname, count(*) FROM pg_description d"
            + " JOIN pg_constraint k ON d.classoid = 'pg_constraint'::regclass AND d.objoid = k.oid"
            + " JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
            + " WHERE n.nspname = ANY (?) GROUP BY 1, 2 ORDER BY 1, 2",
        rs -> {
          notCarried.add(
              new NotCarried(
                  rs.getLong(3)
                      + " comment(s) on constraints of "
                      + rs.getString(1)
                      + "."
                      + rs.getString(2),
                  "comments on constraints are not carried"));
        });
    return out;
  }

  /**
   * Privileges granted to roles other than the owner on relations, routines and the schemas, and
   * the schemas' default privileges. A routine whose EXECUTE was revoked from PUBLIC says so (the
   * target's new routine would otherwise be executable by everyone).
   */
  private List<Grant> grants(Connection c, Map<Long, Routine> routines) throws SQLException {
    List<Grant> out = new ArrayList<>();
    each(
        c,
        "SELECT r.relkind, n.nspname, r.relname, g.privilege_type, g.is_grantable,"
            + " CASE WHEN g.grantee = 0 THEN NULL ELSE pg_get_userbyid(g.grantee) END"
            + " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace, aclexplode(r.relacl) g"
            + " WHERE n.nspname = ANY (?) AND r.relkind IN ('r', 'p', 'v', 'm', 'S') AND g.grantee <> r.relowner AND"
            + NOT_FROM_EXTENSION.formatted("pg_class", "r.oid")
            + " ORDER BY r.oid, 6, 4",
        rs -> {
          boolean sequence = rs.getString(1).equals("S");
          boolean table = rs.getString(1).equals("r") || rs.getString(1).equals("p");
          if (table && !isTable(rs.getString(2), rs.getString(3))) {
            return;
          }
          out.add(
              Grant.on(
                  sequence ? "SEQUENCE" : "TABLE",
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(6),
                  rs.getBoolean(5)));
        });
    // a routine's EXECUTE belongs to PUBLIC unless revoked: a revocation is carried as one
    each(
        c,
        "SELECT p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            + " WHERE n.nspname = ANY (?) AND p.proacl IS NOT NULL"
            + " AND NOT EXISTS (SELECT 1 FROM aclexplode(p.proacl) e WHERE e.grantee = 0) ORDER BY p.oid",
        rs -> {
          Routine r = routines.get(rs.getLong(1));
          if (r != null) {
            out.add(Grant.revokedFromPublic(r));
          }
        });
    each(
        c,
        "SELECT p.oid, g.privilege_type, g.is_grantable, pg_get_userbyid(g.grantee)"
            + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(p.proacl) g"
            + " WHERE n.nspname = ANY (?) AND g.grantee NOT IN (0, p.proowner) ORDER BY p.oid, 4",
        rs -> {
          Routine r = routines.get(rs.getLong(1));
          if (r != null) {
            out.add(Grant.on(r, rs.getString(2), rs.getString(4), rs.getBoolean(3)));
          }
        });
    each(
        c,
        "SELECT n.nspname, g.privilege_type, g.is_grantable,"
            + " CASE WHEN g.grantee = 0 THEN NULL ELSE pg_get_userbyid(g.grantee) END"
            + " FROM pg_namespace n, aclexplode(n.nspacl) g"
            + " WHERE n.nspname = ANY (?) AND g.grantee <> n.nspowner ORDER BY 1, 4, 2",
        rs -> {
          out.add(
              Grant.on(
                  "SCHEMA",
                  rs.getString(1),
                  null,
                  rs.getString(2),
                  rs.getString(4),
                  rs.getBoolean(3)));
        });
    each(
        c,
        "SELECT n.nspname, pg_get_userbyid(d.defaclrole), CASE d.defaclobjtype WHEN 'r' THEN 'TABLES'"
            + " WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS' WHEN 'T' THEN 'TYPES' ELSE 'SCHEMAS' END,"
            + " g.privilege_type, g.is_grantable, CASE WHEN g.grantee = 0 THEN NULL ELSE pg_get_userbyid(g.grantee) END"
            + " FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) g"
            + " WHERE n.nspname = ANY (?) AND g.grantee <> d.defaclrole ORDER BY 1, 2, 3, 6, 4",
        rs -> {
          out.add(
              Grant.byDefault(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(6),
                  rs.getBoolean(5)));
        });
    each(
        c,
        "SELECT n.nspname, r.relname, count(*) FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid"
            + " JOIN pg_namespace n ON n.oid = r.relnamespace"
            + " WHERE n.nspname = ANY (?) AND a.attacl IS NOT NULL AND a.attnum > 0 GROUP BY 1, 2 ORDER BY 1, 2",
        rs -> {
          notCarried.add(
              new NotCarried(
                  "column privileges on "
                      + rs.getLong(3)
                      + " column(s) of "
                      + rs.getString(1)
                      + "."
                      + rs.getString(2),
                  "column-level GRANTs are not carried; grant them by hand"));
        });
    return out;
  }

  /** What else the schemas hold that Ferry does not make: named so nothing goes silently. */
  private void notCarried(Connection c) throws SQLException {
    String[][] kinds = {
      {
        "SELECT 'rule ' || r.rulename || ' on ' || n.nspname || '.' || c.relname FROM pg_rewrite r"
            + " JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ANY (?) AND r.rulename <> '_RETURN' ORDER BY 1",
        "rules are not carried; PostgreSQL recommends triggers instead"
      },
      {
        "SELECT 'foreign table ' || n.nspname || '.' || c.relname FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY (?) AND c.relkind = 'f' ORDER BY 1",
        "foreign tables need their server and user mapping on the target; not carried"
      },
      {
        "SELECT 'statistics object ' || n.nspname || '.' || s.stxname FROM pg_statistic_ext s"
            + " JOIN pg_namespace n ON n.oid = s.stxnamespace WHERE n.nspname = ANY (?) ORDER BY 1",
        "extended statistics are not carried; create them again and ANALYZE"
      },
      {
        "SELECT 'collation ' || n.nspname || '.' || c.collname FROM pg_collation c"
            + " JOIN pg_namespace n ON n.oid = c.collnamespace WHERE n.nspname = ANY (?) ORDER BY 1",
        "user-defined collations are not carried"
      },
      {
        "SELECT 'type ' || n.nspname || '.' || t.typname || ' (' || CASE t.typtype WHEN 'c' THEN 'composite'"
            + " WHEN 'r' THEN 'range' ELSE 'base' END || ')' FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
            + " WHERE n.nspname = ANY (?) AND t.typtype IN ('b', 'r', 'c')"
            + " AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')"
            + " AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid"
            + "   AND x.deptype IN ('e', 'i')) ORDER BY 1",
        "composite, range and base types are not carried (enums and domains are)"
      }
    };
    for (String[] k : kinds) {
      each(c, k[0], rs -> notCarried.add(new NotCarried(rs.getString(1), k[1])));
    }
  }
}
