package dev.ferry.engine.dialect.sqlite;

import dev.ferry.engine.catalog.CheckConstraint;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.ForeignKey;
import dev.ferry.engine.catalog.Index;
import dev.ferry.engine.catalog.Key;
import dev.ferry.engine.catalog.Sequence;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.catalog.View;
import dev.ferry.engine.dialect.CatalogReading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a SQLite database's catalog through sqlite_master and the table-valued PRAGMAs: tables and
 * their columns, keys, indexes (with the SQL of expression and partial ones), foreign keys, CHECK
 * constraints from the table's SQL, views and AUTOINCREMENT counters.
 */
final class SqliteIntrospection {
  private static final Pattern WITHOUT_ROWID =
      Pattern.compile("\\)\\s*WITHOUT\\s+ROWID\\s*;?\\s*$", Pattern.CASE_INSENSITIVE);

  private final SqliteDialect dialect;

  SqliteIntrospection(SqliteDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * The catalog; with {@code sizes} false the tables' sizes stay unknown (-1): measuring them reads
   * every page of the file ({@link #tableSizes}).
   */
  SourceCatalog read(Connection c, String sourceName, boolean sizes) throws SQLException {
    List<Table> tables = new ArrayList<>();
    List<View> views = new ArrayList<>();
    Map<String, String> indexSql = new HashMap<>();
    Map<String, String> tableSql = new TreeMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT type, name, tbl_name, sql FROM sqlite_master"
                    + " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
      while (rs.next()) {
        switch (rs.getString(1)) {
          case "table" -> {
            String sql = rs.getString(4);
            if (sql != null && !sql.toUpperCase(Locale.ROOT).startsWith("CREATE VIRTUAL")) {
              tableSql.put(rs.getString(2), sql);
            }
          }
          case "index" -> indexSql.put(rs.getString(2), rs.getString(4));
          case "view" -> views.add(new View(sourceName, null, rs.getString(2), rs.getString(4)));
          default -> {}
        }
      }
    }
    Map<String, Long> measured = sizes ? tableSizes(c) : Map.of();
    for (var e : tableSql.entrySet()) {
      tables.add(table(c, sourceName, e.getKey(), e.getValue(), indexSql, measured));
    }
    List<Sequence> seqs = new ArrayList<>();
    if (tableExists(c, "sqlite_sequence")) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT name, seq FROM sqlite_sequence")) {
        while (rs.next()) {
          seqs.add(new Sequence(sourceName, null, rs.getString(1), rs.getLong(2)));
        }
      }
    }
    String version;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
      rs.next();
      version = rs.getString(1);
    }
    return new SourceCatalog(
        sourceName, dialect.kind(), version, tables, views, seqs, List.of(), List.of());
  }

  private Table table(
      Connection c,
      String source,
      String name,
      String sql,
      Map<String, String> indexSql,
      Map<String, Long> sizes)
      throws SQLException {
    TableId id = new TableId(source, null, name);
    List<Column> columns = new ArrayList<>();
    Map<Integer, String> pkCols = new TreeMap<>();
    List<String> rowidNames = new ArrayList<>(List.of("rowid", "_rowid_", "oid"));
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM"
                + " pragma_table_xinfo(?)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // a column (hidden ones too) named like the rowid is what that name means in a query
          rowidNames.remove(rs.getString(2).toLowerCase(Locale.ROOT));
          if (rs.getInt(7) != 0) {
            continue; // hidden or generated columns are computed, not stored data
          }
          String declared = rs.getString(3) == null ? "" : rs.getString(3);
          DeclaredType type = DeclaredType.parse(declared);
          String base = type.base();
          boolean isCharType =
              base.contains("char") || base.contains("text") || base.contains("clob");
          Integer p = type.first();
          Integer s = type.second();
          int pk = rs.getInt(6);
          if (pk > 0) {
            pkCols.put(pk, rs.getString(2));
          }
          columns.add(
              new Column(
                  rs.getString(2),
                  rs.getInt(1) + 1,
                  declared,
                  base,
                  isCharType ? p : null,
                  isCharType ? null : p,
                  isCharType ? null : s,
                  // SQLite lets a primary key other than the rowid hold NULL unless NOT NULL is
                  // declared
                  rs.getInt(4) == 0,
                  rs.getString(5),
                  false,
                  type.unsigned(),
                  List.of(),
                  null));
        }
      }
    }
    Key primaryKey = pkCols.isEmpty() ? null : new Key(null, List.copyOf(pkCols.values()));
    if (primaryKey != null && primaryKey.columns().size() == 1) {
      String pkName = primaryKey.columns().get(0);
      List<Column> fixed = new ArrayList<>();
      for (Column col : columns) {
        boolean rowidAlias =
            col.name().equals(pkName) && col.declaredType().strip().equalsIgnoreCase("integer");
        fixed.add(
            rowidAlias
                ? new Column(
                    col.name(),
                    col.position(),
                    col.declaredType(),
                    col.baseType(),
                    col.length(),
                    col.precision(),
                    col.scale(),
                    false,
                    col.defaultExpr(),
                    true,
                    col.unsigned(),
                    col.enumValues(),
                    null)
                : col);
      }
      columns = fixed;
    }
    List<Key> uniques = new ArrayList<>();
    List<Index> indexes = new ArrayList<>();
    readIndexes(c, name, indexSql, uniques, indexes);
    List<ForeignKey> fks = foreignKeys(c, source, name);
    List<CheckConstraint> checks = SqlText.checks(sql);
    long rows;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + dialect.quote(name))) {
      rs.next();
      rows = rs.getLong(1);
    }
    // a rowid table splits on its rowid (by a name no column hides: a column's NULLs would fall
    // in no chunk), a WITHOUT ROWID table only on an integer primary key
    String splitKey =
        WITHOUT_ROWID.matcher(SqlText.mask(sql)).find()
            ? CatalogReading.splitKey(
                primaryKey, columns, col -> col.baseType().contains("int"), dialect::quote)
            : rowidNames.isEmpty() ? null : rowidNames.get(0);
    return new Table(
        id,
        columns,
        primaryKey,
        uniques,
        indexes,
        fks,
        checks,
        rows,
        rows,
        sizes.getOrDefault(name, -1L),
        splitKey);
  }

  private void readIndexes(
      Connection c,
      String table,
      Map<String, String> indexSql,
      List<Key> uniques,
      List<Index> indexes)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?) ORDER BY seq"
                + " DESC")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          boolean unique = rs.getInt(2) == 1;
          String origin = rs.getString(3);
          boolean partial = rs.getInt(4) == 1;
          if ("pk".equals(origin)) {
            continue;
          }
          List<String> cols = new ArrayList<>();
          boolean expression = false;
          try (PreparedStatement ix =
              c.prepareStatement("SELECT cid, name FROM pragma_index_info(?) ORDER BY seqno")) {
            ix.setString(1, name);
            try (ResultSet ir = ix.executeQuery()) {
              while (ir.next()) {
                if (ir.getInt(1) < 0) {
                  expression = true;
                } else {
                  cols.add(ir.getString(2));
                }
              }
            }
          }
          if ("u".equals(origin)) {
            uniques.add(new Key(null, cols));
            continue;
          }
          String sql = indexSql.get(name);
          String predicate = partial ? SqlText.wherePredicate(sql) : null;
          List<String> exprs = expression && sql != null ? SqlText.indexItems(sql) : List.of();
          indexes.add(
              new Index(name, expression ? List.of() : cols, unique, exprs, predicate, null, sql));
        }
      }
    }
  }

  private List<ForeignKey> foreignKeys(Connection c, String source, String table)
      throws SQLException {
    Map<Integer, List<String[]>> byId = new LinkedHashMap<>();
    Map<Integer, String[]> meta = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM"
                + " pragma_foreign_key_list(?) ORDER BY id, seq")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int id = rs.getInt(1);
          byId.computeIfAbsent(id, k -> new ArrayList<>())
              .add(new String[] {rs.getString(4), rs.getString(5)});
          meta.put(id, new String[] {rs.getString(3), rs.getString(6), rs.getString(7)});
        }
      }
    }
    List<ForeignKey> out = new ArrayList<>();
    for (var e : byId.entrySet()) {
      String[] m = meta.get(e.getKey());
      List<String> from = e.getValue().stream().map(a -> a[0]).toList();
      List<String> to = e.getValue().stream().map(a -> a[1]).filter(Objects::nonNull).toList();
      out.add(
          new ForeignKey(
              null,
              from,
              new TableId(source, null, m[0]),
              to.size() == from.size() ? to : List.of(),
              action(m[2]),
              action(m[1]),
              false));
    }
    return out;
  }

  private static String action(String a) {
    return a == null || a.equalsIgnoreCase("NO ACTION") ? "NO ACTION" : a.toUpperCase(Locale.ROOT);
  }

  /** Each b-tree's bytes (tables' and indexes'), by name; empty without SQLite's dbstat module. */
  static Map<String, Long> tableSizes(Connection c) {
    // one row per b-tree (dbstat's aggregate mode, SQLite 3.31+): a third of the time of a row
    // per page summed here; an older library answers the per-page form
    for (String sql :
        List.of(
            "SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE",
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name")) {
      Map<String, Long> sizes = new HashMap<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          sizes.put(rs.getString(1), rs.getLong(2));
        }
        return sizes;
      } catch (SQLException e) {
        // dbstat is an optional SQLite module; without it sizes stay unknown (-1)
      }
    }
    return new HashMap<>();
  }

  private static boolean tableExists(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
