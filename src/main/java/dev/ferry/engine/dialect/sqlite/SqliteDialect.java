package dev.ferry.engine.dialect.sqlite;

import dev.ferry.engine.cast.CastRules;
import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.ColumnProfile;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.dialect.DataRiskQueries;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.ReadinessFinding;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SQLite: introspection through PRAGMAs and sqlite_master, profiling by storage class (a column's
 * declared type does not bound what it holds), readiness and data-risk checks for a file database.
 */
public final class SqliteDialect implements Dialect {
  /** The transforms that read numbers as epochs in a unit detected from the column's range. */
  private static final Set<Transform> TEMPORAL =
      Set.of(Transform.TIMESTAMPTZ, Transform.TIMESTAMP, Transform.DATE);

  @Override
  public DatabaseKind kind() {
    return DatabaseKind.SQLITE;
  }

  @Override
  public String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public String qualifiedName(Table t) {
    return quote(t.name());
  }

  @Override
  public SourceCatalog introspect(Connection c, String sourceName, List<String> schemas)
      throws SQLException {
    return new SqliteIntrospection(this).read(c, sourceName, true);
  }

  @Override
  public SourceCatalog introspectForLoad(Connection c, String sourceName, List<String> schemas)
      throws SQLException {
    return new SqliteIntrospection(this).read(c, sourceName, false);
  }

  @Override
  public Map<TableId, Long> tableSizes(Connection c, SourceCatalog catalog) throws SQLException {
    Map<String, Long> measured = SqliteIntrospection.tableSizes(c);
    Map<TableId, Long> out = new HashMap<>();
    for (Table t : catalog.tables()) {
      Long bytes = measured.get(t.name());
      if (bytes != null) {
        out.put(t.id(), bytes);
      }
    }
    return out;
  }

  /** The file's pages in use (its free pages left out): every table and index lies in them. */
  @Override
  public long storedBytesAtMost(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT page_count FROM pragma_page_count())"
                    + " - (SELECT freelist_count FROM pragma_freelist_count()),"
                    + " (SELECT page_size FROM pragma_page_size())")) {
      return rs.next() ? rs.getLong(1) * rs.getLong(2) : -1;
    }
  }

  /**
   * One scan of the table, with only the aggregates the plan reads for each column (each costs
   * about as much as the scan itself on wide tables): storage-class counts always (nulls and text
   * follow from them), the ranges of numbers only where a date/time rule may apply (the unit of
   * epochs is read from them), the longest text only where a length is declared. The counts of
   * integers, reals and blobs come packed in one sum per column (one {@code typeof} per value
   * instead of three: the profile of wide tables in half the time), exact while the scan sees fewer
   * than {@link #PACKED_BELOW} values of a column; a scan that saw more is read again unpacked.
   */
  @Override
  public Map<String, ColumnProfile> profile(
      Connection c, Table t, List<Column> columns, String slice) throws SQLException {
    // a whole table of that many rows would only be read twice
    if (slice.isEmpty() && t.rows() >= PACKED_BELOW) {
      return profile(c, t, columns, slice, 0);
    }
    Map<String, ColumnProfile> packed;
    try {
      packed = profile(c, t, columns, slice, PACKED_BELOW);
    } catch (SQLException e) {
      // 2^21 blobs or more in one scan: the packed sum passed 2^63
      if (e.getMessage() == null || !e.getMessage().contains("integer overflow")) {
        throw e;
      }
      packed = null;
    }
    return packed != null ? packed : profile(c, t, columns, slice, 0);
  }

  /** Bits of a packed sum per storage-class count. */
  private static final int PACKED_BITS = 21;

  /** Counts of fewer values than this fit in their bits of a packed sum. */
  static final long PACKED_BELOW = 1L << PACKED_BITS;

  /**
   * The profile, its storage-class counts packed when {@code packedBelow > 0}: null when a column
   * had that many values or more (a packed count could then have overflowed into the next; 2^21
   * blobs overflow the sum itself, which SQLite reports as an error).
   */
  Map<String, ColumnProfile> profile(
      Connection c, Table t, List<Column> columns, String slice, long packedBelow)
      throws SQLException {
    if (columns.isEmpty()) {
      return Map.of();
    }
    boolean packed = packedBelow > 0;
    CastRules rules = castRules();
    StringBuilder sql = new StringBuilder("SELECT count(*)");
    for (Column col : columns) {
      String q = quote(col.name());
      boolean ranges = rules.mayChoose(col, TEMPORAL);
      boolean length = col.length() != null;
      sql.append(", count(").append(q).append(')');
      if (packed) {
        sql.append(", sum(CASE typeof(").append(q).append(") WHEN 'integer' THEN 1");
        sql.append(" WHEN 'real' THEN ").append(1L << PACKED_BITS);
        sql.append(" WHEN 'blob' THEN ").append(1L << 2 * PACKED_BITS).append(" END)");
      } else {
        for (String type : List.of("integer", "real", "blob")) {
          sql.append(", sum(typeof(").append(q).append(")='").append(type).append("')");
        }
      }
      if (ranges) {
        for (String type : List.of("integer", "real")) {
          for (String f : List.of("min", "max")) {
            sql.append(", ").append(f).append("(CASE WHEN typeof(").append(q).append(")='");
            sql.append(type).append("' THEN ").append(q).append(" END)");
          }
        }
      }
      if (length) {
        sql.append(", max(CASE WHEN typeof(").append(q).append(")='text' THEN length(");
        sql.append(q).append(") END)");
      }
    }
    sql.append(" FROM ").append(quote(t.name())).append(slice);
    Map<String, ColumnProfile> out = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql.toString())) {
      rs.next();
      long rows = rs.getLong(1);
      int i = 2;
      for (Column col : columns) {
        boolean ranges = rules.mayChoose(col, TEMPORAL);
        boolean length = col.length() != null;
        long nonNull = rs.getLong(i);
        long integers;
        long reals;
        long blobs;
        if (packed) {
          if (nonNull >= packedBelow) {
            return null;
          }
          long sum = rs.getLong(i + 1);
          integers = sum & (PACKED_BELOW - 1);
          reals = (sum >>> PACKED_BITS) & (PACKED_BELOW - 1);
          blobs = sum >>> 2 * PACKED_BITS;
          i += 2;
        } else {
          integers = rs.getLong(i + 1);
          reals = rs.getLong(i + 2);
          blobs = rs.getLong(i + 3);
          i += 4;
        }
        Long minInteger = null;
        Long maxInteger = null;
        Double minReal = null;
        Double maxReal = null;
        if (ranges) {
          minInteger = nullableLong(rs, i);
          maxInteger = nullableLong(rs, i + 1);
          minReal = nullableDouble(rs, i + 2);
          maxReal = nullableDouble(rs, i + 3);
          i += 4;
        }
        long maxLength = 0;
        if (length) {
          maxLength = rs.getLong(i++);
        }
        out.put(
            col.name(),
            new ColumnProfile(
                rows,
                rows - nonNull,
                integers,
                reals,
                nonNull - integers - reals - blobs,
                blobs,
                minInteger,
                maxInteger,
                minReal,
                maxReal,
                maxLength));
      }
    }
    return out;
  }

  /** A slice of this many rows or fewer profiles with packed counts. */
  static final long PACKED_SLICE_ROWS = 2_000_000;

  /** Below this many rows a table's profile is one scan. */
  static final long SLICE_ROWS = 100_000;

  /**
   * Rowid ranges of equal width between the table's lowest and highest rowid (read from the
   * b-tree's ends, at once), open at both ends so that every row is in exactly one. Only where the
   * load splits on the rowid too: introspection's split key says no column (hidden or generated
   * ones too) hides it — one that did would be what "rowid" means here, NULLs and all — and the
   * table has one (not WITHOUT ROWID).
   */
  @Override
  public List<String> profileSlices(Connection c, Table t, int n) throws SQLException {
    if (n < 2 || t.rows() < SLICE_ROWS || !"rowid".equals(t.splitKey())) {
      return List.of("");
    }
    long lo;
    long hi;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT min(rowid), max(rowid) FROM " + quote(t.name()))) {
      if (!rs.next() || rs.getObject(1) == null) {
        return List.of("");
      }
      lo = rs.getLong(1);
      hi = rs.getLong(2);
    }
    // slices small enough for packed counts (fewer rowids than that: fewer rows)
    n = (int) Math.max(n, Math.min(256, t.rows() / PACKED_SLICE_ROWS + 1));
    long width;
    try {
      width = Math.subtractExact(hi, lo) / n;
    } catch (ArithmeticException span) {
      return List.of("");
    }
    if (width < 1) {
      return List.of("");
    }
    List<String> slices = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      String from = k == 0 ? null : "rowid > " + (lo + k * width);
      String to = k == n - 1 ? null : "rowid <= " + (lo + (k + 1) * width);
      slices.add(" WHERE " + (from == null ? to : to == null ? from : from + " AND " + to));
    }
    return slices;
  }

  private static Long nullableLong(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : v;
  }

  private static Double nullableDouble(ResultSet rs, int i) throws SQLException {
    double v = rs.getDouble(i);
    return rs.wasNull() ? null : v;
  }

  @Override
  public Optional<String> targetDefault(Column c, ColumnPlan plan, List<String> untranslated) {
    return SqliteDefaults.translate(
        c.defaultExpr(), plan.transform(), plan.type(), plan.numericTime(), untranslated);
  }

  @Override
  public Optional<String> viewFunction(String name, List<String> arguments) {
    return SqliteTimeDefaults.inView(name.toLowerCase(java.util.Locale.ROOT), arguments);
  }

  @Override
  public boolean hasSchemas() {
    return false;
  }

  @Override
  public List<ReadinessFinding> readiness(Connection c, ConnectionSpec spec) throws SQLException {
    return SqliteReadiness.of(file(spec));
  }

  @Override
  public String schemaMark(Connection c) throws SQLException {
    // the schema's version, and the file itself (path, size, last change, its write-ahead log):
    // another file, or any write since, reads the catalog again
    StringBuilder mark = new StringBuilder();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA schema_version")) {
      rs.next();
      mark.append(rs.getString(1));
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA database_list")) {
      while (rs.next()) {
        if ("main".equals(rs.getString("name"))) {
          String file = rs.getString("file");
          for (java.nio.file.Path p :
              List.of(java.nio.file.Path.of(file), java.nio.file.Path.of(file + "-wal"))) {
            java.io.File f = p.toFile();
            mark.append('|').append(p).append(':').append(f.length()).append(':');
            mark.append(f.lastModified());
          }
        }
      }
    }
    return mark.toString();
  }

  @Override
  public List<ReadinessFinding> integrity(Connection c, ConnectionSpec spec) throws SQLException {
    return SqliteReadiness.integrity(c);
  }

  @Override
  public DataRiskQueries dataRiskQueries() {
    return new SqliteDataRisks(this);
  }

  /** The database file a SQLite connection spec names. */
  static Path file(ConnectionSpec spec) {
    return Path.of(spec.url().substring("jdbc:sqlite:".length()));
  }
}
