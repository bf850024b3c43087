package dev.ferry.engine.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.dialect.Identifiers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * A schema-change project (a folder of Flyway migrations) against one PostgreSQL target: Flyway's
 * own info, validate, migrate, baseline and repair, and Ferry's dry run.
 */
public final class SchemaChanges {
  /** Statements PostgreSQL refuses inside a transaction block. */
  private static final Pattern NON_TRANSACTIONAL =
      Pattern.compile(
          "^(CREATE (UNIQUE )?INDEX CONCURRENTLY|DROP INDEX CONCURRENTLY|REINDEX .*CONCURRENTLY"
              + "|VACUUM|CREATE DATABASE|DROP DATABASE|ALTER SYSTEM|CREATE TABLESPACE|DROP TABLESPACE"
              + "|CLUSTER$)");

  private final ConnectionSpec target;
  private final Path folder;
  private final String schema;
  private String sessionSettings = "";

  public SchemaChanges(ConnectionSpec target, Path folder, String schema) {
    if (!Files.isDirectory(folder)) {
      throw new FerryException("No migrations folder " + folder);
    }
    this.target = target;
    this.folder = folder.toAbsolutePath();
    this.schema = schema == null ? "public" : schema;
  }

  /**
   * Limits for every session this project opens (Flyway's and Ferry's): how long a statement may
   * wait for a lock before it gives up, and how long it may run — PostgreSQL interval strings such
   * as {@code 5s} or {@code 10min}; null leaves the server's setting.
   */
  public SchemaChanges timeouts(String lockTimeout, String statementTimeout) {
    StringBuilder sb = new StringBuilder();
    if (lockTimeout != null) {
      sb.append("SET lock_timeout = ").append(literal(lockTimeout)).append(";");
    }
    if (statementTimeout != null) {
      sb.append("SET statement_timeout = ").append(literal(statementTimeout)).append(";");
    }
    sessionSettings = sb.toString();
    return this;
  }

  private static String literal(String s) {
    if (!s.matches("\\d+\\s*(ms|s|min|h|d)?")) {
      throw new IllegalArgumentException("Not a timeout: '" + s + "' (examples: 500ms, 5s, 10min)");
    }
    return "'" + s.replace(" ", "") + "'";
  }

  /**
   * Opens a session on the target in the project's schema (as Flyway runs the scripts) with the
   * run's limits applied.
   */
  private Connection open() throws SQLException {
    Connection c = target.open();
    try (Statement st = c.createStatement()) {
      st.execute("SET search_path TO " + Identifiers.quote(schema) + ";" + sessionSettings);
    }
    return c;
  }

  private Flyway flyway(String toVersion) {
    var c =
        Flyway.configure()
            .dataSource(
                target.url(),
                target.user(),
                target.password().isPresent() ? target.password().reveal() : null)
            .locations("filesystem:" + folder)
            .schemas(schema)
            .defaultSchema(schema)
            .cleanDisabled(true)
            .initSql(sessionSettings.isEmpty() ? null : sessionSettings)
            // pending scripts are what info and migrate are for, not a validation error
            .ignoreMigrationPatterns("*:pending")
            // Flyway's default transactional advisory lock keeps a transaction open on its own
            // connection, and CREATE INDEX CONCURRENTLY then waits for it forever
            .configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
    if (toVersion != null) {
      c.target(MigrationVersion.fromVersion(toVersion));
    }
    return c.load();
  }

  /** Every migration, applied or pending, with its state. */
  public List<MigrationRow> info() {
    List<MigrationRow> out = new ArrayList<>();
    for (MigrationInfo m : flyway(null).info().all()) {
      out.add(
          new MigrationRow(
              m.getVersion() == null ? null : m.getVersion().getVersion(),
              m.getDescription(),
              m.getScript(),
              m.getType().name(),
              m.getState().getDisplayName(),
              m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant().toString(),
              m.getInstalledBy(),
              m.getChecksum()));
    }
    return out;
  }

  /** Flyway's validation: applied scripts changed since (checksum), missing, failed. */
  public List<String> validate() {
    ValidateResult r = flyway(null).validateWithResult();
    List<String> out = new ArrayList<>();
    if (!r.validationSuccessful) {
      r.invalidMigrations.forEach(
          m ->
              out.add(
                  (m.version == null ? m.filepath : "V" + m.version + " " + m.filepath)
                      + ": "
                      + m.errorDetails.errorMessage));
      if (out.isEmpty() && r.errorDetails != null) {
        out.add(r.errorDetails.errorMessage);
      }
    }
    return out;
  }

  /** Applies the pending migrations (up to {@code toVersion} when given); returns their count. */
  public int migrate(String toVersion) {
    MigrateResult r = flyway(toVersion).migrate();
    return r.migrationsExecuted;
  }

  public void baseline() {
    flyway(null).baseline();
  }

  public void repair() {
    flyway(null).repair();
  }

  /**
   * Runs the pending migrations (up to {@code toVersion}) in one transaction on the target, records
   * what each did and what changed in the catalog, then rolls everything back.
   */
  public DryRun dryRun(String toVersion) throws SQLException {
    MigrationInfo[] pending = flyway(toVersion).info().pending();
    List<DryRun.Script> scripts = new ArrayList<>();
    boolean ok = true;
    try (Connection c = open()) {
      c.setAutoCommit(false);
      CatalogSnapshot before = CatalogSnapshot.take(c, List.of(schema));
      for (MigrationInfo m : pending) {
        if (!ok) {
          break;
        }
        String sql = SqlStatements.read(Path.of(m.getPhysicalLocation()));
        List<String> notes = new ArrayList<>();
        int n = 0;
        String error = null;
        for (String statement : SqlStatements.split(sql)) {
          String norm = SqlStatements.normalized(statement);
          String run = statement;
          if (NON_TRANSACTIONAL.matcher(norm).find()) {
            if (norm.contains("CONCURRENTLY") && norm.contains("INDEX")) {
              run = statement.replaceFirst("(?i)\\s+CONCURRENTLY\\b", "");
              notes.add(
                  "cannot run in a transaction: "
                      + oneLine(statement)
                      + " — the dry run built it without CONCURRENTLY to show its effect; for real"
                      + " it runs outside a transaction (put it in a script of its own; Flyway then"
                      + " runs that script without one)");
            } else {
              notes.add(
                  "cannot run in a transaction, not run by the dry run: " + oneLine(statement));
              continue;
            }
          }
          try (Statement st = c.createStatement()) {
            st.execute(run);
            n++;
          } catch (SQLException e) {
            error = FerryException.describe(e) + " in: " + oneLine(statement);
            ok = false;
            break;
          }
        }
        scripts.add(
            new DryRun.Script(
                m.getVersion() == null ? null : m.getVersion().getVersion(),
                m.getScript(),
                n,
                notes,
                error));
      }
      List<CatalogSnapshot.Change> changes = List.of();
      if (ok) {
        changes = before.diff(CatalogSnapshot.take(c, List.of(schema)));
      }
      c.rollback();
      return new DryRun(scripts, changes, ok);
    }
  }

  /** One undone version: its undo script and how many statements it ran. */
  public record UndoStep(String version, String script, int statements, List<String> notes) {}

  /**
   * The undo scripts that take the target back to {@code toVersion}, newest first; refuses (before
   * anything runs) when an applied version above it has no {@code U<version>__*.sql}.
   */
  public List<String> undoPlan(String toVersion) {
    List<String> out = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (MigrationInfo m : undoable(toVersion)) {
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
      } else {
        out.add(u.getFileName().toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new FerryException(
          "Cannot undo to version " + toVersion + ":\n  - " + String.join("\n  - ", missing));
    }
    return out;
  }

  /**
   * Runs the undo scripts back to {@code toVersion}, newest first, each with the removal of its
   * version from Flyway's history table in the same transaction (a script holding statements that
   * cannot run in a transaction runs statement by statement, then its history row goes).
   */
  public List<UndoStep> undo(String toVersion) throws SQLException {
    return undo(toVersion, null);
  }

  /**
   * Seed 002's staged rollback: the tables the undone versions created move, with their rows, into
   * a new schema {@code rollback_backup_<timestamp>} instead of being dropped; the undo scripts
   * then run without their {@code DROP TABLE} of those tables. Returns the steps; the backup schema
   * is named in {@link #lastBackupSchema()}.
   */
  public List<UndoStep> stagedUndo(String toVersion) throws SQLException {
    String backup =
        "rollback_backup_"
            + LocalDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
    return undo(toVersion, backup);
  }

  private String lastBackupSchema;

  /** The backup schema of the last staged undo, or null. */
  public String lastBackupSchema() {
    return lastBackupSchema;
  }

  private static final Pattern CREATE_TABLE =
      Pattern.compile(
          "^CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?" + SqlStatements.TABLE_NAME,
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DROP_TABLE =
      Pattern.compile(
          "^DROP TABLE (?:IF EXISTS )?" + SqlStatements.TABLE_NAME, Pattern.CASE_INSENSITIVE);

  /** Bare table names a migration script creates. */
  private static Set<String> createdTables(Path script) {
    Set<String> out = new LinkedHashSet<>();
    for (String st : SqlStatements.split(SqlStatements.read(script))) {
      var m = CREATE_TABLE.matcher(SqlStatements.flat(st));
      if (m.find()) {
        out.add(SqlStatements.bareName(m.group(1)));
      }
    }
    return out;
  }

  private List<UndoStep> undo(String toVersion, String backupSchema) throws SQLException {
    undoPlan(toVersion);
    lastBackupSchema = null;
    List<UndoStep> done = new ArrayList<>();
    Set<String> moved = new HashSet<>();
    if (backupSchema != null) {
      try (Connection c = open();
          Statement st = c.createStatement()) {
        c.setAutoCommit(false);
        st.execute("CREATE SCHEMA " + Identifiers.quote(backupSchema));
        for (MigrationInfo m : undoable(toVersion)) {
          for (String t : createdTables(Path.of(m.getPhysicalLocation()))) {
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
              ps.setString(1, Identifiers.qualified(schema, t));
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                  continue;
                }
              }
            }
            st.execute(
                "ALTER TABLE "
                    + Identifiers.qualified(schema, t)
                    + " SET SCHEMA "
                    + Identifiers.quote(backupSchema));
            moved.add(t);
          }
        }
        c.commit();
      }
      lastBackupSchema = backupSchema;
    }
    String history = Identifiers.qualified(schema, "flyway_schema_history");
    for (MigrationInfo m : undoable(toVersion)) {
      String v = m.getVersion().getVersion();
      Path u = undoScript(v);
      List<String> statements = SqlStatements.split(SqlStatements.read(u));
      List<String> notes = new ArrayList<>();
      boolean transactional =
          statements.stream()
              .noneMatch(st -> NON_TRANSACTIONAL.matcher(SqlStatements.normalized(st)).find());
      try (Connection c = open()) {
        c.setAutoCommit(!transactional);
        try (Statement st = c.createStatement()) {
          for (String sql : statements) {
            var drop = DROP_TABLE.matcher(SqlStatements.flat(sql));
            if (drop.find() && moved.contains(SqlStatements.bareName(drop.group(1)))) {
              notes.add("kept in " + backupSchema + " instead: " + oneLine(sql));
              continue;
            }
            if (backupSchema != null
                && transactional
                && SqlStatements.normalized(sql).startsWith("DROP TYPE")) {
              // a type the backed-up tables still use stays with them
              Savepoint sp = c.setSavepoint();
              try {
                st.execute(sql);
                c.releaseSavepoint(sp);
              } catch (SQLException e) {
                if (!"2BP01".equals(e.getSQLState())) {
                  throw e;
                }
                c.rollback(sp);
                notes.add("kept, the backed-up tables use it: " + oneLine(sql));
              }
              continue;
            }
            try {
              st.execute(sql);
            } catch (SQLException e) {
              throw new FerryException(
                  "Undo of version "
                      + v
                      + " failed in "
                      + u.getFileName()
                      + ": "
                      + FerryException.describe(e)
                      + " in: "
                      + oneLine(sql)
                      + (transactional ? " (rolled back: version " + v + " is still applied)" : ""),
                  e);
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM " + history + " WHERE version = ?")) {
            ps.setString(1, v);
            ps.executeUpdate();
          }
        }
        if (transactional) {
          c.commit();
        }
      }
      done.add(new UndoStep(v, u.getFileName().toString(), statements.size(), List.copyOf(notes)));
    }
    return done;
  }

  private List<MigrationInfo> undoable(String toVersion) {
    MigrationVersion to = MigrationVersion.fromVersion(toVersion);
    List<MigrationInfo> out = new ArrayList<>();
    for (MigrationInfo m : flyway(null).info().applied()) {
      if (m.getVersion() != null
          && m.getVersion().isNewerThan(to)
          && m.getState().isApplied()
          && m.getType().name().equals("SQL")) {
        out.add(0, m);
      }
    }
    return out;
  }

  private Path undoScript(String version) {
    try (var files = Files.walk(folder)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("U" + version + "__"))
          .filter(p -> p.getFileName().toString().endsWith(".sql"))
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      throw new FerryException("Cannot read " + folder + ": " + e.getMessage(), e);
    }
  }

  public Path folder() {
    return folder;
  }

  public String schema() {
    return schema;
  }

  /**
   * The tenant column and the setting the policies read, from {@code tenant: {column, setting}} in
   * {@code ferry-change.yaml}; {@code tenant_id} and {@code app.current_tenant_id} by default.
   */
  public String[] tenancy() {
    var t = projectFile().path("tenant");
    return new String[] {
      t.path("column").asText("tenant_id"), t.path("setting").asText("app.current_tenant_id")
    };
  }

  /** {@link #rlsAudit(String, String)} with the project's tenancy. */
  public List<RlsAudit.TableAudit> rlsAudit() throws SQLException {
    String[] t = tenancy();
    return rlsAudit(t[0], t[1]);
  }

  /** The row-level-security audit and isolation probe of the schema's multi-tenant tables. */
  public List<RlsAudit.TableAudit> rlsAudit(String tenantColumn, String tenantSetting)
      throws SQLException {
    try (Connection c = open()) {
      return RlsAudit.run(c, schema, tenantColumn, tenantSetting);
    }
  }

  /**
   * Runs the folder's verification SQL ({@code verify/*.sql}, one query each): a query passes when
   * it returns no rows; the first rows of a failing one are shown.
   */
  public List<String[]> verify() throws SQLException {
    List<String[]> out = new ArrayList<>();
    Path dir = folder.resolve("verify");
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (var s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    } catch (IOException e) {
      throw new FerryException("Cannot read " + dir + ": " + e.getMessage(), e);
    }
    try (Connection c = open();
        Statement st = c.createStatement()) {
      for (Path f : files) {
        String sql = SqlStatements.read(f).strip().replaceFirst(";\\s*$", "");
        try (ResultSet rs = st.executeQuery(sql)) {
          List<String> rows = new ArrayList<>();
          int cols = rs.getMetaData().getColumnCount();
          while (rs.next() && rows.size() < 10) {
            List<String> vals = new ArrayList<>();
            for (int i = 1; i <= cols; i++) {
              vals.add(rs.getMetaData().getColumnLabel(i) + "=" + rs.getString(i));
            }
            rows.add(String.join(", ", vals));
          }
          out.add(
              new String[] {
                f.getFileName().toString(),
                rows.isEmpty() ? "PASS" : "FAIL",
                rows.isEmpty() ? "no rows" : String.join(" | ", rows)
              });
        } catch (SQLException e) {
          out.add(new String[] {f.getFileName().toString(), "ERROR", FerryException.describe(e)});
        }
      }
    }
    return out;
  }

  /**
   * Who may read the project's internal-only views: {@code internal: {views: [...], roles: [...]}}
   * in {@code ferry-change.yaml} (nothing to check when there is no such section).
   */
  public List<InternalAccess.ViewAccess> internalAccess() throws SQLException {
    var node = projectFile().path("internal");
    List<String> views = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    node.path("views").forEach(n -> views.add(n.asText()));
    node.path("roles").forEach(n -> roles.add(n.asText()));
    if (views.isEmpty()) {
      return List.of();
    }
    try (Connection c = open()) {
      return InternalAccess.run(c, schema, views, roles);
    }
  }

  /** {@code ferry-change.yaml} in the migrations folder, or an empty node when there is none. */
  private JsonNode projectFile() {
    Path f = folder.resolve("ferry-change.yaml");
    if (!Files.exists(f)) {
      return MissingNode.getInstance();
    }
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(f.toFile());
    } catch (IOException e) {
      throw new FerryException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /**
   * The approvals the project asks for before {@code migrate}: the roles listed under {@code
   * approvals:} in {@code ferry-change.yaml} in the migrations folder (none when there is no such
   * file).
   */
  public List<String> requiredApprovals() {
    List<String> out = new ArrayList<>();
    projectFile().path("approvals").forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * What an approval is given for: the pending scripts (up to {@code toVersion}) and their
   * checksums, so a script edited after its approval needs approving again.
   */
  public String changeId(String toVersion) {
    StringBuilder sb = new StringBuilder();
    for (MigrationInfo m : flyway(toVersion).info().pending()) {
      sb.append(m.getScript()).append(':').append(m.getChecksum()).append(';');
    }
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return "change-" + HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The lock and risk of every pending statement (up to {@code toVersion}), in order. */
  public List<StatementRisk> risk(String toVersion) throws SQLException {
    List<StatementRisk> out = new ArrayList<>();
    try (Connection c = open()) {
      for (MigrationInfo m : flyway(toVersion).info().pending()) {
        String sql = SqlStatements.read(Path.of(m.getPhysicalLocation()));
        for (String statement : SqlStatements.split(sql)) {
          out.add(
              RiskAnalyzer.analyze(
                  c,
                  m.getVersion() == null ? null : m.getVersion().getVersion(),
                  m.getScript(),
                  statement));
        }
      }
    }
    return out;
  }

  private static String oneLine(String s) {
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() > 160 ? t.substring(0, 157) + "…" : t;
  }
}
