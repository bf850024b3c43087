package dev.ferry.engine.dialect.postgres;

import dev.ferry.engine.catalog.CheckConstraint;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.ForeignKey;
import dev.ferry.engine.catalog.Index;
import dev.ferry.engine.catalog.Key;
import dev.ferry.engine.catalog.Sequence;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.catalog.UserType;
import dev.ferry.engine.catalog.View;
import dev.ferry.engine.dialect.CatalogReading;
import dev.ferry.engine.dialect.Identifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a PostgreSQL catalog through pg_catalog rather than information_schema, because only
 * pg_catalog has what is carried over exactly: types as format_type() spells them, index and
 * constraint definitions (pg_get_indexdef, pg_get_constraintdef), enums, domains, identity and
 * serial columns, partitions and extensions.
 */
final class PostgresIntrospection {
  private final PostgresDialect dialect;

  PostgresIntrospection(PostgresDialect dialect) {
    this.dialect = dialect;
  }

  SourceCatalog read(Connection c, String sourceName, List<String> schemas) throws SQLException {
    List<String> schemaList = schemas == null || schemas.isEmpty() ? List.of("public") : schemas;
    try (Statement st = c.createStatement()) {
      // unqualified type names in format_type(), so enum and domain types land in the target schema
      StringBuilder path = new StringBuilder();
      for (String s : schemaList) {
        path.append(Identifiers.quote(s)).append(", ");
      }
      st.execute("SET search_path = " + path + "pg_catalog");
    }
    Array schemaArray = c.createArrayOf("text", schemaList.toArray());
    List<Table> tables = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT c.oid, n.nspname, c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY (?) ORDER BY 2, 3")) {
      ps.setArray(1, schemaArray);
      List<Object[]> rels = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rels.add(
              new Object[] {
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)
              });
        }
      }
      for (Object[] r : rels) {
        tables.add(
            table(
                c,
                sourceName,
                (Long) r[0],
                (String) r[1],
                (String) r[2],
                (Long) r[3],
                (Long) r[4]));
      }
    }
    // in creation order: a view is made after the views it reads
    List<View> views = views(c, sourceName, schemaArray, "v");
    List<View> materialized = views(c, sourceName, schemaArray, "m");
    List<UserType> types = userTypes(c, schemaArray);
    List<String> extensions = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1")) {
      while (rs.next()) {
        extensions.add(rs.getString(1));
      }
    }
    List<Sequence> sequences = new ArrayList<>();
    for (Table t : tables) {
      for (Column col : t.columns()) {
        if (col.autoIncrement()) {
          try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
            ps.setString(1, dialect.qualifiedName(t));
            ps.setString(2, col.name());
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next() && rs.getString(1) != null) {
                try (Statement st = c.createStatement();
                    ResultSet v =
                        st.executeQuery(
                            "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM "
                                + rs.getString(1))) {
                  v.next();
                  sequences.add(new Sequence(sourceName, t.id().schema(), t.name(), v.getLong(1)));
                }
              }
            }
          }
        }
      }
    }
    String version;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW server_version")) {
      rs.next();
      version = rs.getString(1);
    }
    return new SourceCatalog(
        sourceName,
        dialect.kind(),
        version,
        tables,
        views,
        sequences,
        types,
        extensions,
        new PostgresSchemaObjects(sourceName, schemaArray, tables).read(c, materialized));
  }

  /**
   * Views ({@code v}) or materialized views ({@code m}) not owned by an extension, oldest first.
   */
  private static List<View> views(Connection c, String source, Array schemas, String relkind)
      throws SQLException {
    List<View> views = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT n.nspname, c.relname, pg_get_viewdef(c.oid) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind = ?::\"char\" AND n.nspname = ANY (?) AND NOT EXISTS (SELECT 1 FROM pg_depend d"
                + "   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')"
                + " ORDER BY c.oid")) {
      ps.setString(1, relkind);
      ps.setArray(2, schemas);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          views.add(new View(source, rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return views;
  }

  private Table table(
      Connection c, String source, long oid, String schema, String name, long estimate, long size)
      throws SQLException {
    TableId id = new TableId(source, schema, name);
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT a.attname, a.attnum, format_type(a.atttypid, a.atttypmod), t.typname, a.attnotnull,"
                + " pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,"
                + " EXISTS (SELECT 1 FROM pg_depend own JOIN pg_depend used ON used.refobjid = own.objid"
                + "   WHERE own.classid = 'pg_class'::regclass AND own.refobjid = a.attrelid"
                + "   AND own.refobjsubid = a.attnum AND own.deptype = 'a'"
                + "   AND used.classid = 'pg_attrdef'::regclass AND used.objid = d.oid)"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!rs.getString(8).isEmpty()) {
            continue; // generated columns are computed by the target, not copied
          }
          String def = rs.getString(6);
          // a serial: nextval of a sequence this column owns (becomes an identity); a default on a
          // standalone sequence stays a default, and the sequence is carried with its value
          boolean serial = rs.getBoolean(9);
          boolean identity = !rs.getString(7).isEmpty() || serial;
          columns.add(
              new Column(
                  rs.getString(1),
                  rs.getInt(2),
                  rs.getString(3),
                  rs.getString(4),
                  null,
                  null,
                  null,
                  !rs.getBoolean(5),
                  serial ? null : def,
                  identity,
                  false,
                  List.of(),
                  null));
        }
      }
    }
    Key pk = null;
    List<Key> uniques = new ArrayList<>();
    List<ForeignKey> fks = new ArrayList<>();
    List<CheckConstraint> checks = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT con.conname, con.contype,"
                + " (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, i)"
                + "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),"
                + " (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, i)"
                + "   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),"
                + " fn.nspname, fc.relname, con.confdeltype, con.confupdtype, con.condeferrable, pg_get_constraintdef(con.oid)"
                + " FROM pg_constraint con LEFT JOIN pg_class fc ON fc.oid = con.confrelid"
                + " LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace"
                + " WHERE con.conrelid = ? AND con.contype IN ('p', 'u', 'f', 'c') ORDER BY con.conname")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String conName = rs.getString(1);
          List<String> cols = names(rs.getArray(3));
          switch (rs.getString(2)) {
            case "p" -> pk = new Key(conName, cols);
            case "u" -> uniques.add(new Key(conName, cols));
            case "f" ->
                fks.add(
                    new ForeignKey(
                        conName,
                        cols,
                        new TableId(source, rs.getString(5), rs.getString(6)),
                        names(rs.getArray(4)),
                        action(rs.getString(7)),
                        action(rs.getString(8)),
                        rs.getBoolean(9)));
            default -> {
              String def = rs.getString(10).replaceFirst("\\s+NOT VALID$", "");
              if (def.startsWith("CHECK (") && def.endsWith(")")) {
                checks.add(new CheckConstraint(conName, def.substring(7, def.length() - 1)));
              }
            }
          }
        }
      }
    }
    List<Index> indexes = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT ic.relname, i.indisunique, pg_get_indexdef(i.indexrelid), am.amname, pg_get_expr(i.indpred, i.indrelid),"
                + " i.indexprs IS NOT NULL,"
                + " 'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || quote_ident(ic.relname)"
                + "   || ' ON ' || CASE WHEN t.relkind = 'p' THEN 'ONLY ' ELSE '' END || quote_ident(tn.nspname) || '.'"
                + "   || quote_ident(t.relname),"
                + " (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY k(attnum, i)"
                + "   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)"
                + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam"
                + " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
                + " WHERE i.indrelid = ? AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid"
                + "   AND con.contype IN ('p', 'u', 'x')) ORDER BY 1")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String def = rs.getString(3);
          String prefix = rs.getString(7);
          boolean expressions = rs.getBoolean(6);
          // what follows the table (" USING btree (…) INCLUDE (…) WHERE …") is kept exactly; the
          // name and table before it are the target's, so the prefix is cut, never pattern-matched
          String tail = def.startsWith(prefix) ? def.substring(prefix.length()) : null;
          indexes.add(
              new Index(
                  rs.getString(1),
                  expressions ? List.of() : names(rs.getArray(8)),
                  rs.getBoolean(2),
                  expressions ? List.of(def) : List.of(),
                  rs.getString(5),
                  rs.getString(4),
                  tail));
        }
      }
    }
    long rows = CatalogReading.exactRows(c, Identifiers.qualified(schema, name), estimate);
    String splitKey =
        CatalogReading.splitKey(
            pk, columns, col -> col.baseType().matches("int[248]"), dialect::quote);
    return new Table(
        id,
        columns,
        pk,
        uniques,
        indexes,
        fks,
        checks,
        rows,
        Math.max(estimate, 0),
        size,
        splitKey);
  }

  private static List<String> names(Array a) throws SQLException {
    return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
  }

  private static String action(String code) {
    if (code == null) {
      return "NO ACTION";
    }
    return switch (code) {
      case "r" -> "RESTRICT";
      case "c" -> "CASCADE";
      case "n" -> "SET NULL";
      case "d" -> "SET DEFAULT";
      default -> "NO ACTION";
    };
  }

  private static List<UserType> userTypes(Connection c, Array schemas) throws SQLException {
    List<UserType> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT n.nspname, t.typname, t.typtype,"
                + " (SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid),"
                + " format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,"
                + " (SELECT string_agg(' CONSTRAINT ' || quote_ident(con.conname) || ' ' || pg_get_constraintdef(con.oid), '' ORDER BY con.conname)"
                + "   FROM pg_constraint con WHERE con.contypid = t.oid)"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE t.typtype IN ('e', 'd') AND n.nspname = ANY (?) ORDER BY t.typtype DESC, t.oid")) {
      ps.setArray(1, schemas);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(3).equals("e")) {
            out.add(
                new UserType(
                    rs.getString(1), rs.getString(2), "enum", names(rs.getArray(4)), null));
          } else {
            StringBuilder def = new StringBuilder(rs.getString(5));
            if (rs.getString(7) != null) {
              def.append(" DEFAULT ").append(rs.getString(7));
            }
            if (rs.getBoolean(6)) {
              def.append(" NOT NULL");
            }
            if (rs.getString(8) != null) {
              def.append(rs.getString(8));
            }
            out.add(
                new UserType(
                    rs.getString(1), rs.getString(2), "domain", List.of(), def.toString()));
          }
        }
      }
    }
    return out;
  }
}
