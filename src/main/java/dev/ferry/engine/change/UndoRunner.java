package dev.ferry.engine.change;

import static dev.ferry.engine.change.SqlStatements.oneLine;

import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.dialect.Identifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Undo back to a version: the {@code U<version>__*.sql} scripts run newest first, each followed by
 * the removal of its version from Flyway's history table, all in one transaction — so an error
 * anywhere changes nothing, and Flyway's info and validate stay consistent. An undo script with a
 * statement PostgreSQL cannot run in a transaction is refused before anything runs. Staged (seed
 * 002's staged rollback), the tables the undone versions created move with their rows into a new
 * {@code rollback_backup_<time>} schema instead of being dropped, and so do the types (enums,
 * domains, composite types) they created that those tables use.
 */
final class UndoRunner {
  private static final Pattern CREATE_TABLE =
      Pattern.compile(
          "^CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?" + SqlStatements.TABLE_NAME,
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DROP_TABLE =
      Pattern.compile(
          "^DROP TABLE (?:IF EXISTS )?" + SqlStatements.TABLE_NAME, Pattern.CASE_INSENSITIVE);
  private static final Pattern CREATE_TYPE =
      Pattern.compile(
          "^CREATE (?:TYPE|DOMAIN) " + SqlStatements.TABLE_NAME, Pattern.CASE_INSENSITIVE);
  private static final Pattern DROP_TYPE =
      Pattern.compile(
          "^DROP (?:TYPE|DOMAIN) (?:IF EXISTS )?" + SqlStatements.TABLE_NAME,
          Pattern.CASE_INSENSITIVE);

  /**
   * What uses a type, following the domains and array types over it (which move with it): each
   * user's description and schema (a column default's or constraint's is its table's).
   */
  private static final String USERS_OF_TYPE =
      """
      WITH RECURSIVE users(classid, objid, objsubid) AS (
        SELECT d.classid, d.objid, d.objsubid FROM pg_depend d
         WHERE d.refclassid = 'pg_type'::regclass AND d.refobjid = ? AND d.deptype IN ('n', 'i')
        UNION
        SELECT d.classid, d.objid, d.objsubid FROM pg_depend d
          JOIN users u ON d.refclassid = u.classid AND d.refobjid = u.objid
         WHERE u.classid = 'pg_type'::regclass AND d.deptype IN ('n', 'i'))
      SELECT DISTINCT pg_describe_object(u.classid, u.objid, u.objsubid),
             CASE u.classid
               WHEN 'pg_attrdef'::regclass THEN
                 (SELECT n.nspname FROM pg_attrdef a JOIN pg_class r ON r.oid = a.adrelid
                    JOIN pg_namespace n ON n.oid = r.relnamespace WHERE a.oid = u.objid)
               WHEN 'pg_constraint'::regclass THEN
                 (SELECT n.nspname FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid
                    JOIN pg_namespace n ON n.oid = r.relnamespace WHERE k.oid = u.objid)
               ELSE (pg_identify_object(u.classid, u.objid, u.objsubid)).schema END
        FROM users u
       WHERE u.classid <> 'pg_type'::regclass
         -- a domain's own CHECK goes with the domain
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                          WHERE u.classid = 'pg_constraint'::regclass AND k.oid = u.objid
                            AND k.contypid <> 0)
      """;

  private final ChangeTarget target;
  private final FlywayRunner flyway;

  UndoRunner(ChangeTarget target) {
    this.target = target;
    this.flyway = new FlywayRunner(target);
  }

  /**
   * The undo scripts back to {@code toVersion}, newest first; refuses (before anything runs) when
   * an applied version above it has no {@code U<version>__*.sql}, or when one holds a statement
   * PostgreSQL cannot run inside a transaction.
   */
  UndoPlan plan(String toVersion) {
    return plan(toVersion, flyway.appliedAbove(toVersion));
  }

  private UndoPlan plan(String toVersion, List<MigrationInfo> applied) {
    List<String> out = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> outsideTransaction = new ArrayList<>();
    for (MigrationInfo m : applied) {
      String v = m.getVersion().getVersion();
      Path u = undoScript(v);
      if (u == null) {
        missing.add(
            "no undo script for version "
                + v
                + " ("
                + m.getScript()
                + "): add U"
                + v
                + "__"
                + m.getDescription().replace(' ', '_')
                + ".sql");
        continue;
      }
      out.add(u.getFileName().toString());
      for (String sql : SqlStatements.split(SqlStatements.read(u))) {
        if (SqlStatements.nonTransactional(sql) && withoutConcurrently(sql) == null) {
          outsideTransaction.add(u.getFileName() + ": " + oneLine(sql));
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new FerryException(
          "Cannot undo to version " + toVersion + ":\n  - " + String.join("\n  - ", missing));
    }
    if (!outsideTransaction.isEmpty()) {
      throw new RefusedException(
          "Cannot undo to version "
              + toVersion
              + " all or nothing; nothing was run. PostgreSQL cannot run these statements inside"
              + " a transaction, and Ferry runs an undo in one so that an error changes nothing:"
              + "\n  - "
              + String.join("\n  - ", outsideTransaction)
              + "\nRun them yourself before or after the undo, and take them out of the undo"
              + " script.");
    }
    return new UndoPlan(toVersion, out);
  }

  /**
   * Runs the undo back to {@code toVersion} in one transaction; staged, what the undone versions
   * created goes to a backup schema. On any error the transaction is rolled back and {@link
   * UndoFailed} says where and why.
   */
  Undo run(String toVersion, boolean staged) throws SQLException {
    List<MigrationInfo> applied = flyway.appliedAbove(toVersion);
    plan(toVersion, applied);
    String backupSchema =
        staged
            ? "rollback_backup_"
                + LocalDateTime.now(ZoneOffset.UTC)
                    .format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
            : null;
    try (Connection c = target.open()) {
      c.setAutoCommit(false);
      Undo undo;
      try {
        undo = new Transaction(c, toVersion, backupSchema).run(applied);
      } catch (RuntimeException e) {
        rollBack(c, e);
        throw e;
      } catch (SQLException e) {
        rollBack(c, e);
        throw new UndoFailed(
            toVersion,
            null,
            null,
            "Ferry's reading of the catalog",
            e.getSQLState(),
            FerryException.describe(e),
            e);
      }
      commit(c, toVersion);
      return undo;
    }
  }

  private static void rollBack(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // the server rolls back an open transaction whose session ends; nothing was committed
      failure.addSuppressed(e);
    }
  }

  private static void commit(Connection c, String toVersion) throws SQLException {
    try {
      c.commit();
    } catch (SQLException e) {
      String state = String.valueOf(e.getSQLState());
      throw new FerryException(
          "Undo to version "
              + toVersion
              + ": the commit failed, "
              + FerryException.describe(e)
              + (state.startsWith("08")
                  ? ". The connection was lost while committing, so whether the undo took effect"
                      + " is unknown: check with ferry change info before going on."
                  : ". Nothing changed: the transaction was rolled back."),
          e);
    }
  }

  /** One undo's transaction on an open session, up to (not including) its commit. */
  private final class Transaction {
    private final Connection c;
    private final String toVersion;
    private final String backupSchema;
    private final Set<String> movedTables = new LinkedHashSet<>();
    private final Set<String> movedTypes = new LinkedHashSet<>();
    private final List<String> staged = new ArrayList<>();

    Transaction(Connection c, String toVersion, String backupSchema) {
      this.c = c;
      this.toVersion = toVersion;
      this.backupSchema = backupSchema;
    }

    Undo run(List<MigrationInfo> applied) throws SQLException {
      Map<String, String> createdTables = new LinkedHashMap<>();
      Map<String, String> createdTypes = new LinkedHashMap<>();
      for (MigrationInfo m : applied.reversed()) {
        String v = m.getVersion().getVersion();
        for (String sql :
            SqlStatements.split(SqlStatements.read(Path.of(m.getPhysicalLocation())))) {
          String flat = SqlStatements.flat(sql);
          var table = CREATE_TABLE.matcher(flat);
          if (table.find()) {
            createdTables.putIfAbsent(SqlStatements.bareName(table.group(1)), v);
          }
          var type = CREATE_TYPE.matcher(flat);
          if (type.find()) {
            createdTypes.putIfAbsent(SqlStatements.bareName(type.group(1)), v);
          }
        }
      }
      if (backupSchema != null) {
        ferry("CREATE SCHEMA " + Identifiers.quote(backupSchema));
        for (String t : createdTables.keySet()) {
          if (exists(t)) {
            ferry(
                "ALTER TABLE "
                    + Identifiers.qualified(target.schema(), t)
                    + " SET SCHEMA "
                    + Identifiers.quote(backupSchema));
            movedTables.add(t);
            staged.add("table " + t);
          }
        }
      }
      CatalogSnapshot before = CatalogSnapshot.take(c, List.of(target.schema()));
      List<UndoStep> steps = new ArrayList<>();
      for (MigrationInfo m : applied) {
        steps.add(undoVersion(m.getVersion().getVersion(), createdTypes.keySet()));
      }
      if (backupSchema != null) {
        // a type the script left but only the staged tables use goes with them, like the tables
        for (String t : createdTypes.keySet()) {
          if (!movedTypes.contains(t)) {
            stageType(t, null, null, null);
          }
        }
      }
      CatalogSnapshot after = CatalogSnapshot.take(c, List.of(target.schema()));
      List<CatalogSnapshot.Change> changes =
          before.diff(after).stream()
              .filter(
                  ch ->
                      !(ch.kind().equals("type")
                          && movedTypes.contains(
                              ch.name().substring(target.schema().length() + 1))))
              .toList();
      List<String> remaining = new ArrayList<>();
      for (var e : createdTables.entrySet()) {
        if (exists(e.getKey())) {
          remaining.add("table " + e.getKey() + " (created by V" + e.getValue() + ")");
        }
      }
      for (var e : createdTypes.entrySet()) {
        if (typeOid(e.getKey()) != null) {
          remaining.add("type " + e.getKey() + " (created by V" + e.getValue() + ")");
        }
      }
      return new Undo(
          toVersion,
          List.copyOf(steps),
          backupSchema,
          List.copyOf(staged),
          changes,
          List.copyOf(remaining));
    }

    /** Runs one version's undo script and removes its history row, inside the transaction. */
    private UndoStep undoVersion(String v, Set<String> createdTypes) throws SQLException {
      Path u = undoScript(v);
      String script = u.getFileName().toString();
      List<String> statements = SqlStatements.split(SqlStatements.read(u));
      List<String> notes = new ArrayList<>();
      for (String sql : statements) {
        String flat = SqlStatements.flat(sql);
        if (backupSchema != null) {
          var drop = DROP_TABLE.matcher(flat);
          if (drop.find() && movedTables.contains(SqlStatements.bareName(drop.group(1)))) {
            notes.add("kept in " + backupSchema + " instead: " + oneLine(sql));
            continue;
          }
          var dropType = DROP_TYPE.matcher(flat);
          if (dropType.find()) {
            String t = SqlStatements.bareName(dropType.group(1));
            if (createdTypes.contains(t) && stageType(t, v, script, sql)) {
              notes.add("kept in " + backupSchema + " instead: " + oneLine(sql));
              continue;
            }
          }
        }
        String plain = withoutConcurrently(sql);
        if (plain != null) {
          // CONCURRENTLY cannot run in the undo's one transaction; the index is dropped or built
          // under a brief table lock instead, and the result says so
          notes.add(
              "ran without CONCURRENTLY (all or nothing takes one transaction): " + oneLine(sql));
          execute(plain, v, script);
          continue;
        }
        execute(sql, v, script);
      }
      String history = Identifiers.qualified(target.schema(), "flyway_schema_history");
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM " + history + " WHERE version = ?")) {
        ps.setString(1, v);
        ps.executeUpdate();
      }
      return new UndoStep(v, script, statements.size(), List.copyOf(notes));
    }

    /**
     * Moves a type the staged tables use into the backup schema with them; false when they do not
     * use it (or it is not there), so the script's statement runs as written. When objects outside
     * the backup schema use it too, moving it would change them and dropping it would take the
     * staged columns: a script's DROP ({@code statement}) then fails the undo, and a type the
     * scripts leave stays where it is.
     */
    private boolean stageType(String type, String v, String script, String statement)
        throws SQLException {
      // statement null: a type the scripts left, staged when nothing outside the backup uses it
      Long oid = typeOid(type);
      if (oid == null) {
        return false;
      }
      List<String> users = new ArrayList<>();
      List<String> outside = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(USERS_OF_TYPE)) {
        ps.setLong(1, oid);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            (backupSchema.equals(rs.getString(2)) ? users : outside).add(rs.getString(1));
          }
        }
      }
      if (users.isEmpty() && statement != null) {
        return false;
      }
      if (!outside.isEmpty() && statement == null) {
        return false;
      }
      if (!outside.isEmpty()) {
        throw new UndoFailed(
            toVersion,
            v,
            script,
            oneLine(statement),
            null,
            "type "
                + type
                + " is used by the staged "
                + String.join(", ", users)
                + " and also by "
                + String.join(", ", outside)
                + ", which the undo keeps; dropping it would take the staged columns, moving it"
                + " would change those objects. Remove them in the undo script first.",
            null);
      }
      boolean domain;
      try (PreparedStatement ps =
          c.prepareStatement("SELECT typtype = 'd' FROM pg_type WHERE oid = ?")) {
        ps.setLong(1, oid);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          domain = rs.getBoolean(1);
        }
      }
      // ALTER TYPE moves a domain too, and an enum's or composite's array type with it
      ferry(
          "ALTER TYPE "
              + Identifiers.qualified(target.schema(), type)
              + " SET SCHEMA "
              + Identifiers.quote(backupSchema));
      movedTypes.add(type);
      staged.add((domain ? "domain " : "type ") + type);
      return true;
    }

    private Long typeOid(String type) throws SQLException {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT t.oid FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                  + " WHERE n.nspname = ? AND t.typname = ?")) {
        ps.setString(1, target.schema());
        ps.setString(2, type);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : null;
        }
      }
    }

    private boolean exists(String table) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
        ps.setString(1, Identifiers.qualified(target.schema(), table));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getBoolean(1);
        }
      }
    }

    /** One of Ferry's own staging statements. */
    private void ferry(String sql) {
      execute(sql, null, null);
    }

    private void execute(String sql, String v, String script) {
      try (Statement st = c.createStatement()) {
        st.execute(sql);
      } catch (SQLException e) {
        throw new UndoFailed(
            toVersion, v, script, oneLine(sql), e.getSQLState(), FerryException.describe(e), e);
      }
    }
  }

  private static final Pattern INDEX_CONCURRENTLY =
      Pattern.compile(
          "^(\\s*(?:--[^\\n]*\\n\\s*)*(?:CREATE\\s+(?:UNIQUE\\s+)?|DROP\\s+)INDEX)\\s+CONCURRENTLY\\b",
          Pattern.CASE_INSENSITIVE);

  /**
   * An index statement written {@code CONCURRENTLY}, without it (so it runs in a transaction); null
   * for any other statement.
   */
  static String withoutConcurrently(String sql) {
    var m = INDEX_CONCURRENTLY.matcher(sql);
    return m.find() ? m.replaceFirst("$1") : null;
  }

  private Path undoScript(String version) {
    try (var files = Files.walk(target.folder())) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("U" + version + "__"))
          .filter(p -> p.getFileName().toString().endsWith(".sql"))
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      throw new FerryException("Cannot read " + target.folder() + ": " + e.getMessage(), e);
    }
  }
}
