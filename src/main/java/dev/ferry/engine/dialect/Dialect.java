package dev.ferry.engine.dialect;

import dev.ferry.engine.cast.CastRules;
import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.ColumnProfile;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.ForeignKey;
import dev.ferry.engine.catalog.Index;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.catalog.View;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.rows.FetchSize;
import dev.ferry.engine.rows.FieldReader;
import dev.ferry.engine.rows.FieldReaders;
import dev.ferry.engine.rows.JdbcRowSource;
import dev.ferry.engine.rows.RowSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything that differs between source databases: quoting, introspection, data profiling, default
 * cast rules, translating column defaults and the SQL that reads a chunk of rows. One
 * implementation per product, found with {@link Dialects#of(DatabaseKind)}.
 */
public interface Dialect {
  DatabaseKind kind();

  /**
   * Whether a database of this kind holds schemas a plan can name ({@code --source-schema}); a
   * SQLite file is one namespace.
   */
  default boolean hasSchemas() {
    return true;
  }

  /** Quotes an identifier in the source's syntax. */
  String quote(String identifier);

  /** Reads tables, columns, keys, indexes, foreign keys, checks, views and sequences. */
  SourceCatalog introspect(Connection c, String sourceName, List<String> schemas)
      throws SQLException;

  /**
   * As {@link #introspect}, for planning and loading, which never need tables' sizes: where
   * measuring them reads the whole source (SQLite's {@code dbstat} reads every page, seconds on a
   * file of gigabytes, before the first row moves) they stay unknown (-1); {@link #tableSizes}
   * measures them when a check needs them.
   */
  default SourceCatalog introspectForLoad(Connection c, String sourceName, List<String> schemas)
      throws SQLException {
    return introspect(c, sourceName, schemas);
  }

  /**
   * The bytes each table of the source takes in storage, measured now where {@link
   * #introspectForLoad} left them unknown; a table the source cannot measure is missing (every one,
   * for a source whose introspection always measures them).
   */
  default Map<TableId, Long> tableSizes(Connection c, SourceCatalog catalog) throws SQLException {
    return Map.of();
  }

  /**
   * What all tables of the source take in storage at most, known without reading them (a SQLite
   * file's pages in use), or -1 when the source cannot say so cheaply.
   */
  default long storedBytesAtMost(Connection c) throws SQLException {
    return -1;
  }

  /** Scans the given columns of a table where the declared types cannot be trusted (SQLite). */
  default Map<String, ColumnProfile> profile(Connection c, Table t, List<Column> columns)
      throws SQLException {
    return profile(c, t, columns, "");
  }

  /**
   * The profile of one slice of the table ({@code slice}: a condition from {@link #profileSlices},
   * or empty for the whole table); slices' profiles {@link ColumnProfile#merge merge} into the
   * table's.
   */
  default Map<String, ColumnProfile> profile(
      Connection c, Table t, List<Column> columns, String slice) throws SQLException {
    return Map.of();
  }

  /**
   * Conditions that split a large table into disjoint slices covering every row (at least {@code
   * n}; a dialect may cut more, smaller ones), so that its profile is read by several workers at
   * once; one empty condition where it cannot be split.
   */
  default List<String> profileSlices(Connection c, Table t, int n) throws SQLException {
    return List.of("");
  }

  default CastRules castRules() {
    return CastRules.defaults(kind());
  }

  /**
   * The column's default as a PostgreSQL expression, or empty when there is none. {@code
   * untranslated} receives the source default when it has no PostgreSQL equivalent.
   */
  Optional<String> targetDefault(Column c, ColumnPlan plan, List<String> untranslated);

  /**
   * The split key's value {@code offset} rows after {@code from} in key order ({@code from} itself
   * is row 0; null: from the first row), or null when the table ends before. Chunk boundaries are
   * taken from the data itself, so sparse, skewed and negative keys and keys at both ends of the
   * 64-bit range split evenly, without arithmetic on the keys.
   */
  default Long keyAfter(Connection c, Table t, String key, Long from, long offset)
      throws SQLException {
    String sql =
        "SELECT "
            + key
            + " FROM "
            + qualifiedName(t)
            + (from == null ? "" : " WHERE " + key + " >= ?")
            + " ORDER BY "
            + key
            + " LIMIT 1 OFFSET "
            + offset;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (from != null) {
        ps.setLong(1, from);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /** The table's rows, counted now (not the statistics' estimate). */
  default long countRows(Connection c, Table t) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + qualifiedName(t))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Rows of {@code child} whose foreign key {@code fk} (its columns not NULL) points at no row of
   * {@code parent} ({@code parentColumns}, in the key's order): what the source holds as it is.
   */
  default long countOrphans(
      Connection c, Table child, ForeignKey fk, Table parent, List<String> parentColumns)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT count(*) FROM ").append(qualifiedName(child)).append(" c WHERE ");
    for (String col : fk.columns()) {
      sql.append("c.").append(quote(col)).append(" IS NOT NULL AND ");
    }
    sql.append("NOT EXISTS (SELECT 1 FROM ").append(qualifiedName(parent)).append(" p WHERE ");
    for (int i = 0; i < parentColumns.size(); i++) {
      sql.append(i == 0 ? "" : " AND ")
          .append("p.")
          .append(quote(parentColumns.get(i)))
          .append(" = c.")
          .append(quote(fk.columns().get(i)));
    }
    sql.append(')');
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql.toString())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** SELECT reading the plan's columns in order, restricted to {@code [lo, hi)} of the key. */
  default String selectChunk(Table t, List<ColumnPlan> columns, String key, Long lo, Long hi) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i).name()));
    }
    sql.append(" FROM ").append(qualifiedName(t)).append(chunkCondition(key, lo, hi));
    return sql.toString();
  }

  /**
   * The WHERE clause of a chunk: {@code key >= lo AND key < hi}, an open end (null) left out, so
   * the first and last chunks take every key below and above the planned boundaries.
   */
  static String chunkCondition(String key, Long lo, Long hi) {
    if (key == null || lo == null && hi == null) {
      return "";
    }
    StringBuilder where = new StringBuilder(" WHERE ");
    if (lo != null) {
      where.append(key).append(" >= ").append(lo);
    }
    if (hi != null) {
      where.append(lo != null ? " AND " : "").append(key).append(" < ").append(hi);
    }
    return where.toString();
  }

  /** The source rows in a chunk's key range now (for a resume to see what changed since). */
  default long countChunk(Connection c, Table t, String key, Long lo, Long hi) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM " + qualifiedName(t) + chunkCondition(key, lo, hi))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  String qualifiedName(Table t);

  // ---------------------------------------------------------------- reading rows

  /**
   * The reader of one column's values, written as the target's COPY text. {@code nulledValues}
   * counts values the source holds that have no target equivalent and become NULL (MySQL's zero
   * dates), for the run's warnings.
   */
  default FieldReader fieldReader(ColumnPlan column, AtomicLong nulledValues) {
    return FieldReaders.of(column);
  }

  /** The rows {@code select} returns (the plan's columns, in order), one at a time as COPY text. */
  default RowSource openRows(
      Connection c, String select, List<ColumnPlan> columns, AtomicLong nulledValues)
      throws SQLException {
    List<FieldReader> readers = new ArrayList<>();
    for (ColumnPlan cp : columns) {
      readers.add(fieldReader(cp, nulledValues));
    }
    return new JdbcRowSource(
        c, select, columns.stream().map(ColumnPlan::name).toList(), readers, FetchSize.of(columns));
  }

  /** Readies a fresh connection to read a whole table in one go (validation). */
  default void prepareForReading(Connection c) throws SQLException {}

  /** How the load's sessions read one moment of this source. */
  enum SnapshotSharing {
    /** Each session reads on its own (a SQLite file, which a migration opens read-only). */
    NONE,
    /**
     * One session exports a snapshot and holds it; any new session joins it at any time
     * (PostgreSQL's {@code pg_export_snapshot}).
     */
    EXPORTED,
    /**
     * The sessions start their consistent reads together while one session briefly holds every
     * table still ({@link #exportSnapshot}), and are then reused for every chunk (MySQL/MariaDB:
     * {@code FLUSH TABLES WITH READ LOCK}, {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} on
     * each, {@code UNLOCK TABLES} — what mysqldump does).
     */
    OPENED_TOGETHER
  }

  /** How the load's sessions share one snapshot of this source. */
  default SnapshotSharing snapshotSharing() {
    return SnapshotSharing.NONE;
  }

  /**
   * Starts the snapshot the load's sessions join, on a connection kept open while they join: an
   * exported snapshot's name, or (sessions opened together) the global read lock, for which an
   * empty name is returned.
   */
  default String exportSnapshot(Connection holder) throws SQLException {
    throw new UnsupportedOperationException(kind() + " sources do not share snapshots");
  }

  /** Makes a fresh connection read the snapshot {@link #exportSnapshot} started. */
  default void joinSnapshot(Connection c, String snapshot) throws SQLException {
    throw new UnsupportedOperationException(kind() + " sources do not share snapshots");
  }

  /**
   * Sessions opened together: every session has joined, the source may be written to again ({@code
   * UNLOCK TABLES}).
   */
  default void endExport(Connection holder) throws SQLException {}

  // ---------------------------------------------------------------- schema translation

  /**
   * The query a view selects, ready to follow {@code CREATE VIEW … AS} on the target. Most sources
   * keep a view's whole {@code CREATE VIEW} statement: its head is cut off here.
   */
  default String viewQuery(View v) {
    return v.definition()
        .replaceFirst(
            "(?is)^\\s*CREATE\\s+(TEMP\\w*\\s+)?VIEW\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(\"[^\"]*\"|`[^`]*`|\\[[^]]*]|\\S+)\\s+AS\\s+",
            "");
  }

  /**
   * Whether a view's query is in another SQL dialect and must be rewritten for PostgreSQL (its
   * tables and columns renamed as planned, its expressions translated).
   */
  default boolean viewsNeedTranslation() {
    return true;
  }

  /**
   * Whether the source's identifiers are PostgreSQL's own and are kept exactly (mixed case, spaces,
   * unicode) whatever the plan's keepCase says; other sources fold to lower case unless kept.
   */
  default boolean keepsIdentifiers() {
    return false;
  }

  /** A source identifier's target spelling, as this source's identifiers and the plan say. */
  default String targetName(String identifier, boolean keepCase) {
    return Identifiers.targetName(identifier, keepCase || keepsIdentifiers());
  }

  /**
   * A function call of a view in PostgreSQL's words, or empty to print it as written. {@code
   * arguments} are the call's arguments as printed for PostgreSQL (a string literal with its
   * quotes).
   */
  default Optional<String> viewFunction(String name, List<String> arguments) {
    return Optional.empty();
  }

  /**
   * Whether an index's source definition ({@link Index#definition()}) is PostgreSQL's own and can
   * be replayed on the target as it is (renamed and retargeted), expressions and predicates exact.
   */
  default boolean replaysIndexDefinitions() {
    return false;
  }

  // ---------------------------------------------------------------- assessment
  // What the assessment asks of a source instead of naming its database.

  /**
   * What decides whether this source can be read consistently (its integrity, files beside it,
   * settings that would end a long read), in the order found; empty when there is nothing to say.
   */
  default List<ReadinessFinding> readiness(Connection c, ConnectionSpec spec) throws SQLException {
    return List.of();
  }

  /**
   * A value that changes whenever the source's schema changes (SQLite's {@code schema_version}), so
   * that a catalog read moments ago can be used again instead of read twice; null when the dialect
   * has none — its catalog is then always read again.
   */
  default String schemaMark(Connection c) throws SQLException {
    return null;
  }

  /**
   * The checks of the whole source's integrity that read all of it (SQLite's {@code PRAGMA
   * quick_check}): part of the assessment, and run by a migration beside its load instead of before
   * it; empty when the source has none.
   */
  default List<ReadinessFinding> integrity(Connection c, ConnectionSpec spec) throws SQLException {
    return List.of();
  }

  /** The data-risk checks that depend on how this source stores values. */
  default DataRiskQueries dataRiskQueries() {
    return DataRiskQueries.NONE;
  }

  /** SQL converting {@code expression} to the source's text type, to profile any value as text. */
  default String asText(String expression) {
    return "CAST(" + expression + " AS TEXT)";
  }

  /** SQL for the length of {@code expression}: characters of text, bytes of binary values. */
  default String length(String expression) {
    return "length(" + expression + ")";
  }
}
