package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.TableId;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
   * space through SQL); otherwise the need is stated so the DBA can check it. A source whose
   * tables' sizes were not measured (a migration's SQLite sources: {@code dbstat} reads the whole
   * file) counts what it holds at most (its pages in use), and is measured only when that bound
   * would not fit: the verdict is the one exact sizes give.
   */
  static void freeSpace(AssessmentContext ctx, List<Finding> out) throws SQLException {
    Path dir = dataDirectory(ctx.target());
    long usable = -1;
    if (dir != null) {
      try {
        usable = Files.getFileStore(dir).getUsableSpace();
      } catch (IOException | SecurityException e) {
        usable = -1;
      }
    }
    out.add(freeSpaceFinding(usable, dir, need(ctx, usable)));
  }

  /**
   * What the planned tables take in their sources, measured where a bound would not fit in {@code
   * usable} free bytes (-1: not known).
   */
  static SourceBytes need(AssessmentContext ctx, long usable) throws SQLException {
    SourceBytes source = SourceBytes.atMost(ctx);
    if (source.atMost() && usable >= 0 && usable < source.needed()) {
      return SourceBytes.measured(ctx);
    }
    return source;
  }

  /**
   * What the planned tables take in their sources: exact, or at most that ({@code atMost}) where a
   * source's sizes were not measured.
   */
  record SourceBytes(long bytes, boolean atMost) {
    /** Rows, their indexes and the WAL written while loading: about twice the sources' size. */
    long needed() {
      return bytes * 2;
    }

    static SourceBytes atMost(AssessmentContext ctx) throws SQLException {
      return of(ctx, false);
    }

    static SourceBytes measured(AssessmentContext ctx) throws SQLException {
      return of(ctx, true);
    }

    private static SourceBytes of(AssessmentContext ctx, boolean measure) throws SQLException {
      long bytes = 0;
      boolean atMost = false;
      Map<String, List<AssessmentContext.PlannedTable>> unknown = new LinkedHashMap<>();
      for (AssessmentContext.PlannedTable pt : ctx.plannedTables()) {
        if (pt.table().sizeBytes() >= 0) {
          bytes += pt.table().sizeBytes();
        } else {
          unknown.computeIfAbsent(pt.plan().source(), k -> new ArrayList<>()).add(pt);
        }
      }
      for (var e : unknown.entrySet()) {
        AssessmentContext.PlannedTable first = e.getValue().get(0);
        Map<TableId, Long> sizes =
            measure
                ? first.dialect().tableSizes(first.connection(), ctx.catalogs().get(e.getKey()))
                : Map.of();
        long exact = 0;
        boolean all = true;
        for (AssessmentContext.PlannedTable pt : e.getValue()) {
          Long b = sizes.get(pt.table().id());
          all &= b != null;
          exact += b == null ? 0 : b;
        }
        if (all) {
          bytes += exact;
          continue;
        }
        // a source that cannot measure its tables counts what it holds at most, if it can say
        long bound = first.dialect().storedBytesAtMost(first.connection());
        if (bound >= 0) {
          bytes += bound;
          atMost = true;
        }
      }
      return new SourceBytes(bytes, atMost);
    }
  }

  /** The target's data directory when the server runs on this machine and may say where it is. */
  private static Path dataDirectory(Connection target) throws SQLException {
    if (!ConnectionSpec.onThisMachine(target.getMetaData().getURL())) {
      return null;
    }
    try (Statement st = target.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_setting('data_directory')")) {
      rs.next();
      return Path.of(rs.getString(1));
    } catch (SQLException e) {
      // reading data_directory needs superuser or pg_read_all_settings
      return null;
    }
  }

  /**
   * The finding for {@code usable} free bytes on the disk of {@code dir} (-1: not measured) against
   * what the load needs.
   */
  static Finding freeSpaceFinding(long usable, Path dir, SourceBytes source) {
    String need =
        (source.atMost() ? "at most " : "about ")
            + mb(source.needed())
            + " (twice the sources' "
            + mb(source.bytes())
            + (source.atMost() ? ", their files' pages in use" : "")
            + ": rows, indexes and WAL)";
    if (usable < 0) {
      return new Finding(
          "target-free-space",
          Severity.INFO,
          "target",
          "free space on the target not measured (the server is on another host, or its data"
              + " directory is not visible to Ferry); the load needs "
              + need,
          "Check the free space of the target's data directory (df) before the run.");
    }
    Severity sev =
        usable < source.bytes()
            ? Severity.BLOCKER
            : usable < source.needed() ? Severity.WARNING : Severity.INFO;
    return new Finding(
        "target-free-space",
        sev,
        "target",
        mb(usable) + " free on the disk of " + dir + "; the load needs " + need,
        sev == Severity.INFO
            ? null
            : "Free space on that disk or move the target to a larger one.");
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
