package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.dialect.ReadinessFinding;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.TablePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether the sources can be read consistently and the target can take the load: on each source
 * what its dialect finds (integrity, files beside it, settings that would end a long read), and on
 * the target the version, encoding, privileges, tables that already exist, extensions the plan
 * needs and connections for the planned parallelism.
 */
final class ReadinessCheck implements Check {
  @Override
  public boolean canBlock() {
    return true;
  }

  @Override
  public void run(AssessmentContext ctx, List<Finding> out) throws SQLException {
    for (var e : ctx.sources().entrySet()) {
      ConnectionSpec spec = ctx.sourceSpecs().get(e.getKey());
      var dialect = Dialects.of(spec.kind());
      List<ReadinessFinding> found = new ArrayList<>();
      if (!ctx.integrityLater()) {
        // a migration runs these beside its load instead (they read the whole source)
        found.addAll(dialect.integrity(e.getValue(), spec));
      }
      found.addAll(dialect.readiness(e.getValue(), spec));
      for (ReadinessFinding f : found) {
        out.add(new Finding(f.id(), severity(f.level()), e.getKey(), f.message(), f.remedy()));
      }
    }
    if (ctx.target() != null) {
      target(ctx, out);
    }
  }

  private static Severity severity(ReadinessFinding.Level level) {
    return switch (level) {
      case BLOCKER -> Severity.BLOCKER;
      case WARNING -> Severity.WARNING;
      case INFO -> Severity.INFO;
    };
  }

  /**
   * Free space on the target's disk against what the load needs: measured when the server runs on
   * this machine and its data directory is visible to Ferry (the server does not report free disk
   * space through SQL); otherwise the need is stated so the DBA can check it.
   */
  static void freeSpace(AssessmentContext ctx, List<Finding> out) throws SQLException {
    long source = 0;
    for (AssessmentContext.PlannedTable pt : ctx.plannedTables()) {
      source += Math.max(0, pt.table().sizeBytes());
    }
    // rows, their indexes and the WAL written while loading: about twice the source's size
    long needed = source * 2;
    String host = "";
    String url = ctx.target().getMetaData().getURL();
    var m = Pattern.compile("//\\[?([^/:\\]]+)").matcher(url == null ? "" : url);
    if (m.find()) {
      host = m.group(1);
    }
    Path dir = null;
    if (host.equals("localhost") || host.startsWith("127.") || host.equals("::1")) {
      try (Statement st = ctx.target().createStatement();
          ResultSet rs = st.executeQuery("SELECT current_setting('data_directory')")) {
        rs.next();
        dir = Path.of(rs.getString(1));
      } catch (SQLException e) {
        // reading data_directory needs superuser or pg_read_all_settings
        dir = null;
      }
    }
    long usable = -1;
    if (dir != null) {
      try {
        usable = Files.getFileStore(dir).getUsableSpace();
      } catch (IOException | SecurityException e) {
        usable = -1;
      }
    }
    String need = mb(needed) + " (twice the sources' " + mb(source) + ": rows, indexes and WAL)";
    if (usable < 0) {
      out.add(
          new Finding(
              "target-free-space",
              Severity.INFO,
              "target",
              "free space on the target not measured (the server is on another host, or its data"
                  + " directory is not visible to Ferry); the load needs about "
                  + need,
              "Check the free space of the target's data directory (df) before the run."));
      return;
    }
    Severity sev =
        usable < source ? Severity.BLOCKER : usable < needed ? Severity.WARNING : Severity.INFO;
    out.add(
        new Finding(
            "target-free-space",
            sev,
            "target",
            mb(usable) + " free on the disk of " + dir + "; the load needs about " + need,
            sev == Severity.INFO
                ? null
                : "Free space on that disk or move the target to a larger one."));
  }

  private static String mb(long bytes) {
    return String.format("%,d MB", Math.max(1, bytes / (1024 * 1024)));
  }

  private static void target(AssessmentContext ctx, List<Finding> out) throws SQLException {
    Connection t = ctx.target();
    String schema = ctx.plan().target().schema();
    try (PreparedStatement ps =
        t.prepareStatement(
            "SELECT current_setting('server_version'), pg_encoding_to_char(d.encoding), current_setting('max_connections')::int,"
                + " (SELECT count(*) FROM pg_stat_activity), n.oid IS NOT NULL,"
                + " CASE WHEN n.oid IS NULL THEN has_database_privilege(current_database(), 'CREATE')"
                + " ELSE has_schema_privilege(n.oid, 'CREATE') END"
                + " FROM pg_database d LEFT JOIN pg_namespace n ON n.nspname = ? WHERE d.datname = current_database()")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        out.add(
            new Finding(
                "target-version",
                Severity.INFO,
                "target",
                "PostgreSQL "
                    + rs.getString(1)
                    + ", encoding "
                    + rs.getString(2)
                    + ", schema "
                    + schema
                    + (rs.getBoolean(5) ? " exists" : " will be created"),
                null));
        if (!"UTF8".equals(rs.getString(2))) {
          out.add(
              new Finding(
                  "target-encoding",
                  Severity.BLOCKER,
                  "target",
                  "the target database's encoding is "
                      + rs.getString(2)
                      + ", not UTF8: text outside it cannot be stored",
                  "Create the target database with ENCODING 'UTF8'."));
        }
        if (!rs.getBoolean(6)) {
          out.add(
              new Finding(
                  "target-privilege",
                  Severity.BLOCKER,
                  "target",
                  "the target user may not create "
                      + (rs.getBoolean(5)
                          ? "tables in schema " + schema
                          : "schemas in this database"),
                  "GRANT CREATE ON "
                      + (rs.getBoolean(5) ? "SCHEMA " + Identifiers.quote(schema) : "DATABASE")
                      + " to the target user."));
        }
        int free = rs.getInt(3) - rs.getInt(4);
        // loads, index builds beside them and foreign-key validations beside those: a session
        // each per job, and the run's own two
        int needed = ctx.plan().settings().jobs() * 3 + 2;
        if (free < needed) {
          out.add(
              new Finding(
                  "target-connections",
                  Severity.WARNING,
                  "target",
                  "only "
                      + free
                      + " of max_connections "
                      + rs.getInt(3)
                      + " are free; the plan's "
                      + ctx.plan().settings().jobs()
                      + " jobs need up to "
                      + needed,
                  "Lower settings.jobs (--jobs) or raise max_connections."));
        }
      }
    }
    freeSpace(ctx, out);
    Set<String> planned = new LinkedHashSet<>();
    for (TablePlan tp : ctx.plan().includedTables()) {
      planned.add(tp.target());
    }
    List<String> existing = new ArrayList<>();
    try (PreparedStatement ps =
        t.prepareStatement(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v') ORDER BY 1")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (planned.contains(rs.getString(1))) {
            existing.add(rs.getString(1));
          }
        }
      }
    }
    if (!existing.isEmpty()) {
      boolean refuse = ctx.plan().settings().ifExists() == IfExists.FAIL;
      out.add(
          new Finding(
              "target-tables-exist",
              refuse ? Severity.BLOCKER : Severity.INFO,
              "target",
              "target tables already exist in schema "
                  + schema
                  + ": "
                  + String.join(", ", existing)
                  + (refuse
                      ? ""
                      : " (they will be "
                          + (ctx.plan().settings().ifExists() == IfExists.TRUNCATE
                              ? "emptied"
                              : "appended to")
                          + ")"),
              refuse
                  ? "Choose --if-exists truncate or append, or another --target-schema."
                  : null));
    }
    Set<String> extensions = new LinkedHashSet<>();
    for (SourceCatalog cat : ctx.catalogs().values()) {
      extensions.addAll(cat.extensions());
    }
    if (!extensions.isEmpty()) {
      try (PreparedStatement ps =
          t.prepareStatement("SELECT name FROM pg_available_extensions WHERE name = ANY (?)")) {
        ps.setArray(1, t.createArrayOf("text", extensions.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            extensions.remove(rs.getString(1));
          }
        }
      }
      for (String missing : extensions) {
        out.add(
            new Finding(
                "target-extension",
                Severity.BLOCKER,
                "target",
                "the source uses extension " + missing + ", which the target server does not have",
                "Install it on the target server (e.g. the postgresql-contrib package) or exclude the tables that need it."));
      }
    }
  }
}
