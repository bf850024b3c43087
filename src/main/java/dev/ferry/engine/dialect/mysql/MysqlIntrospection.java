package dev.ferry.engine.dialect.mysql;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a MySQL or MariaDB schema through information_schema: tables with their estimates and
 * AUTO_INCREMENT counters, columns with display widths, enum and set labels and generated or ON
 * UPDATE markers, indexes and keys (STATISTICS), foreign keys with their rules, CHECK constraints
 * (MariaDB's JSON columns among them) and views.
 */
final class MysqlIntrospection {
  private static final Pattern WIDTH = Pattern.compile("^\\w+\\((\\d+)(?:,(\\d+))?\\)");
  private static final Pattern ENUM_VALUE = Pattern.compile("'((?:[^']|'')*)'");
  private static final Pattern JSON_VALID =
      Pattern.compile("(?i)^\\s*json_valid\\(\\s*`?([^`)]+)`?\\s*\\)\\s*$");

  private final MysqlDialect dialect;

  MysqlIntrospection(MysqlDialect dialect) {
    this.dialect = dialect;
  }

  SourceCatalog read(Connection c, String sourceName, List<String> schemas) throws SQLException {
    String db = schemas == null || schemas.isEmpty() ? currentDatabase(c) : schemas.get(0);
    Map<String, List<CheckConstraint>> checks = new HashMap<>();
    Map<String, Set<String>> jsonColumns = new HashMap<>();
    readChecks(c, db, checks, jsonColumns);
    List<Table> tables = new ArrayList<>();
    List<Sequence> sequences = new ArrayList<>();
    List<Object[]> rels = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT TABLE_NAME, TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH, AUTO_INCREMENT FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
      ps.setString(1, db);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rels.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getObject(4)});
        }
      }
    }
    for (Object[] r : rels) {
      String name = (String) r[0];
      tables.add(
          table(
              c,
              sourceName,
              db,
              name,
              (Long) r[1],
              (Long) r[2],
              checks.getOrDefault(name, List.of()),
              jsonColumns.getOrDefault(name, Set.of())));
      if (r[3] != null) {
        sequences.add(new Sequence(sourceName, db, name, ((Number) r[3]).longValue() - 1));
      }
    }
    List<View> views = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY 1")) {
      ps.setString(1, db);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          views.add(
              new View(
                  sourceName,
                  db,
                  rs.getString(1),
                  rs.getString(2).replace("`" + db + "`.", "").replace('`', '"')));
        }
      }
    }
    String version;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version()")) {
      rs.next();
      version = rs.getString(1);
    }
    return new SourceCatalog(
        sourceName, dialect.kind(), version, tables, views, sequences, List.of(), List.of());
  }

  private static String currentDatabase(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT database()")) {
      rs.next();
      if (rs.getString(1) == null) {
        throw new SQLException(
            "The MySQL/MariaDB URL names no database: add it to the URL (jdbc:mariadb://host/db)");
      }
      return rs.getString(1);
    }
  }

  private static void readChecks(
      Connection c,
      String db,
      Map<String, List<CheckConstraint>> checks,
      Map<String, Set<String>> jsonColumns) {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ? ORDER BY 1, 2")) {
      ps.setString(1, db);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Matcher m = JSON_VALID.matcher(rs.getString(3));
          if (m.matches()) {
            // MariaDB's JSON type is longtext with a json_valid() check: it becomes jsonb instead
            jsonColumns.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(m.group(1));
          } else {
            checks
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new CheckConstraint(rs.getString(2), rs.getString(3)));
          }
        }
      }
    } catch (SQLException e) {
      // MySQL before 8.0.16 has no CHECK_CONSTRAINTS view (and enforced no checks)
    }
  }

  private Table table(
      Connection c,
      String source,
      String db,
      String name,
      long estimate,
      long size,
      List<CheckConstraint> checks,
      Set<String> jsonColumns)
      throws SQLException {
    TableId id = new TableId(source, db, name);
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION,"
                + " NUMERIC_SCALE, DATETIME_PRECISION, IS_NULLABLE, COLUMN_DEFAULT, EXTRA"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      ps.setString(1, db);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String colName = rs.getString(1);
          String columnType = rs.getString(3);
          String base = rs.getString(4).toLowerCase(Locale.ROOT);
          String extra = rs.getString(11) == null ? "" : rs.getString(11).toLowerCase(Locale.ROOT);
          if (extra.contains("generated") && !extra.contains("default_generated")) {
            continue; // generated columns are computed, not stored data
          }
          if (jsonColumns.contains(colName)) {
            base = "json";
          }
          Integer length =
              rs.getObject(5) == null ? null : (int) Math.min(Integer.MAX_VALUE, rs.getLong(5));
          Integer precision = rs.getObject(6) == null ? null : rs.getInt(6);
          Integer scale = rs.getObject(7) == null ? null : rs.getInt(7);
          if (base.matches("datetime|timestamp|time")) {
            scale = rs.getObject(8) == null ? 0 : rs.getInt(8);
          }
          Matcher w = WIDTH.matcher(columnType);
          if (base.matches("tinyint|smallint|mediumint|int|bigint") && w.find()) {
            precision = Integer.valueOf(w.group(1)); // display width: tinyint(1) is a boolean
          }
          if (base.equals("bit") && w.find()) {
            precision = Integer.valueOf(w.group(1));
          }
          List<String> labels = new ArrayList<>();
          if (base.equals("enum") || base.equals("set")) {
            Matcher m = ENUM_VALUE.matcher(columnType.substring(columnType.indexOf('(')));
            while (m.find()) {
              labels.add(m.group(1).replace("''", "'"));
            }
          }
          String onUpdate =
              extra.contains("on update current_timestamp") ? "CURRENT_TIMESTAMP" : null;
          columns.add(
              new Column(
                  colName,
                  rs.getInt(2),
                  columnType,
                  base,
                  base.contains("char") || base.contains("binary") ? length : null,
                  precision,
                  scale,
                  "YES".equals(rs.getString(9)),
                  rs.getString(10),
                  extra.contains("auto_increment"),
                  columnType.toLowerCase(Locale.ROOT).contains("unsigned"),
                  labels,
                  onUpdate));
        }
      }
    }
    Map<String, TreeMap<Integer, String>> indexCols = new LinkedHashMap<>();
    Map<String, Boolean> indexUnique = new HashMap<>();
    Map<String, String> indexType = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, INDEX_TYPE FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX")) {
      ps.setString(1, db);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          indexCols
              .computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
              .put(rs.getInt(3), rs.getString(4));
          indexUnique.put(rs.getString(1), rs.getInt(2) == 0);
          indexType.put(rs.getString(1), rs.getString(5));
        }
      }
    }
    Key pk = null;
    List<Key> uniques = new ArrayList<>();
    List<Index> indexes = new ArrayList<>();
    for (var e : indexCols.entrySet()) {
      List<String> cols = List.copyOf(e.getValue().values());
      if (e.getKey().equals("PRIMARY")) {
        pk = new Key(null, cols);
      } else if (indexUnique.get(e.getKey())) {
        uniques.add(new Key(e.getKey(), cols));
      } else {
        indexes.add(
            new Index(
                e.getKey(),
                cols,
                false,
                List.of(),
                null,
                indexType.get(e.getKey()).toLowerCase(Locale.ROOT),
                null));
      }
    }
    List<ForeignKey> fks = foreignKeys(c, source, db, name);
    long rows =
        CatalogReading.exactRows(c, dialect.quote(db) + "." + dialect.quote(name), estimate);
    // an unsigned bigint may exceed the long that holds a chunk's bounds
    String splitKey =
        CatalogReading.splitKey(
            pk,
            columns,
            col ->
                col.baseType().matches("tinyint|smallint|mediumint|int|bigint")
                    && !(col.unsigned() && col.baseType().equals("bigint")),
            dialect::quote);
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

  private static List<ForeignKey> foreignKeys(Connection c, String source, String db, String table)
      throws SQLException {
    Map<String, List<String[]>> byName = new LinkedHashMap<>();
    Map<String, String[]> meta = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,"
                + " r.DELETE_RULE, r.UPDATE_RULE FROM information_schema.KEY_COLUMN_USAGE k"
                + " JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA"
                + "  AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME"
                + " WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL"
                + " ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION")) {
      ps.setString(1, db);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byName
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new String[] {rs.getString(2), rs.getString(5)});
          meta.put(
              rs.getString(1),
              new String[] {rs.getString(3), rs.getString(4), rs.getString(6), rs.getString(7)});
        }
      }
    }
    List<ForeignKey> out = new ArrayList<>();
    for (var e : byName.entrySet()) {
      String[] m = meta.get(e.getKey());
      out.add(
          new ForeignKey(
              e.getKey(),
              e.getValue().stream().map(a -> a[0]).toList(),
              new TableId(source, m[0], m[1]),
              e.getValue().stream().map(a -> a[1]).toList(),
              m[2],
              m[3],
              false));
    }
    return out;
  }
}
