package dev.ferry.engine.dialect.postgres;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.BackupTool;
import dev.ferry.engine.backup.Manifests;
import dev.ferry.engine.backup.RowCounts;
import dev.ferry.engine.backup.TrialRestore;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.connect.LibpqConninfo;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.PrivateFiles;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.dialect.Identifiers;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Backs up a PostgreSQL database with {@code pg_dump -Fc} and restores it with {@code pg_restore}.
 * The tools are looked for on the PATH and under {@code /usr/lib/postgresql/<major>/bin}; the one
 * whose major version is at least the server's is used (an older pg_dump refuses a newer server).
 * The tools connect where the JDBC driver does ({@link LibpqConninfo}, in libpq's environment
 * variables); the password goes through {@code PGPASSWORD} in the child's environment, never its
 * command line.
 */
public final class PgDump implements BackupTool {
  @Override
  public DatabaseKind kind() {
    return DatabaseKind.POSTGRESQL;
  }

  /** What the tools need to know of the server. */
  private record Server(int major, String version, String database) {
    static Server of(ConnectionSpec target) throws SQLException {
      try (Connection c = target.open();
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT current_setting('server_version_num')::int / 10000,"
                          + " current_setting('server_version'), current_database()")) {
        rs.next();
        return new Server(rs.getInt(1), rs.getString(2), rs.getString(3));
      }
    }
  }

  /** Dumps the target's database into {@code dir}, with {@code <file>.manifest.json} beside it. */
  @Override
  public Backup backup(ConnectionSpec target, Path dir) throws SQLException, IOException {
    Server server = Server.of(target);
    Path tool = tool("pg_dump", server.major());
    PrivateFiles.folder(dir);
    Path file = Manifests.unused(dir, server.database() + "-" + Manifests.stamp(), ".dump");
    // pg_dump opens the file it finds: made owner-only here, before a row is in it
    PrivateFiles.touch(file);
    run(
        target,
        List.of(tool.toString(), "-Fc", "--no-password", "-f", file.toString()),
        server.database());
    Backup b =
        new Backup(
            file.toString(),
            Manifests.sha256(file),
            Files.size(file),
            server.database(),
            server.version(),
            tool.toString(),
            Instant.now(),
            identity(target));
    Manifests.write(b);
    return b;
  }

  /**
   * Restores a verified backup into a new scratch database on the same server, compares every
   * table's row count with the database now, and drops the scratch database again. Counts differ
   * when the database changed since the backup; the comparison says which tables.
   */
  @Override
  public TrialRestore trialRestore(ConnectionSpec origin, Path file)
      throws SQLException, IOException {
    List<String> problems = new ArrayList<>(Manifests.verify(file));
    if (!problems.isEmpty()) {
      return new TrialRestore(file.toString(), null, List.of(), problems);
    }
    Server server = Server.of(origin);
    String scratch = "ferry_trial_" + Manifests.stamp().replace('-', '_'); // a plain identifier
    ConnectionSpec scratchSpec = origin.withDatabase(scratch);
    try (Connection c = origin.open()) {
      c.createStatement().execute("CREATE DATABASE " + Identifiers.quote(scratch));
    } catch (SQLException e) {
      throw new FerryException(
          "Cannot create a scratch database for the trial restore ("
              + FerryException.describe(e)
              + "); the user needs CREATEDB",
          e);
    }
    try {
      try {
        run(
            scratchSpec,
            List.of(
                tool("pg_restore", server.major()).toString(),
                "--no-owner",
                "--no-password",
                "-d",
                "dbname=" + LibpqConninfo.quote(scratch),
                file.toString()),
            scratch);
      } catch (FerryException e) {
        problems.add(e.getMessage());
      }
      Map<String, Long> live;
      Map<String, Long> restored;
      try (Connection c = origin.open()) {
        live = rowCounts(c);
      }
      try (Connection c = scratchSpec.open()) {
        restored = rowCounts(c);
      }
      return new TrialRestore(
          file.toString(), scratch, RowCounts.compare(live, restored), problems);
    } finally {
      try (Connection c = origin.open()) {
        c.createStatement()
            .execute("DROP DATABASE IF EXISTS " + Identifiers.quote(scratch) + " WITH (FORCE)");
      }
    }
  }

  /**
   * Makes {@code scratch} (a new database on the same server) a schema-only copy of the origin's
   * database: its tables, indexes, constraints, types and functions without a row — where a
   * statement can be run for real to see what PostgreSQL does (locks, rewrites) without touching
   * the origin. The caller drops the scratch database.
   */
  public static void cloneSchema(ConnectionSpec origin, String scratch)
      throws SQLException, IOException {
    Server server = Server.of(origin);
    try (Connection c = origin.open()) {
      c.createStatement().execute("CREATE DATABASE " + Identifiers.quote(scratch));
    } catch (SQLException e) {
      throw new FerryException(
          "Cannot create a scratch database ("
              + FerryException.describe(e)
              + "); the user needs CREATEDB",
          e);
    }
    Path dump = Files.createTempFile("ferry-schema-", ".dump");
    try {
      run(
          origin,
          List.of(
              tool("pg_dump", server.major()).toString(),
              "--schema-only",
              "--no-owner",
              "--no-privileges",
              "--no-password",
              "-Fc",
              "-f",
              dump.toString()),
          server.database());
      run(
          origin.withDatabase(scratch),
          List.of(
              tool("pg_restore", server.major()).toString(),
              "--no-owner",
              "--no-privileges",
              "--no-password",
              "-d",
              "dbname=" + LibpqConninfo.quote(scratch),
              dump.toString()),
          scratch);
    } finally {
      Files.deleteIfExists(dump);
    }
  }

  /**
   * Which server this is: PostgreSQL's system identifier (the same for a server and its physical
   * replicas, different for any other cluster) when the user may read it, else the address and port
   * it answers on.
   */
  @Override
  public String identity(ConnectionSpec target) throws SQLException {
    try (Connection c = target.open();
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
        rs.next();
        return "system " + rs.getString(1);
      } catch (SQLException denied) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT coalesce(host(inet_server_addr()), 'local socket') || ':'"
                    + " || current_setting('port')")) {
          rs.next();
          return rs.getString(1);
        }
      }
    }
  }

  /** The dump's table of contents: the schemas it covers and the tables it holds. */
  private record Contents(Set<String> schemas, Set<String> createdSchemas, List<String> tables) {}

  private static final Pattern TOC_ENTRY =
      Pattern.compile(
          "^\\d+;\\s+\\d+\\s+\\d+\\s+(TABLE(?! DATA)|VIEW|MATERIALIZED VIEW(?! DATA)"
              + "|SEQUENCE(?! SET| OWNED)|TYPE|DOMAIN|FUNCTION|SCHEMA)\\s+(\\S+)\\s+(\\S+)(?:\\s.*)?$");

  private static Contents contents(Path file, int major) throws IOException {
    String toc = output(List.of(tool("pg_restore", major).toString(), "-l", file.toString()));
    Set<String> schemas = new TreeSet<>();
    Set<String> created = new TreeSet<>();
    List<String> tables = new ArrayList<>();
    for (String line : toc.split("\n")) {
      Matcher m = TOC_ENTRY.matcher(line.strip());
      if (line.startsWith(";") || !m.matches()) {
        continue;
      }
      if (m.group(1).equals("SCHEMA") && !m.group(2).equals("-")) {
        continue;
      }
      String type = m.group(1);
      String schema = m.group(2);
      if (type.equals("SCHEMA")) {
        schemas.add(m.group(3));
        created.add(m.group(3));
      } else if (!schema.equals("-")
          && Set.of("TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "TYPE", "DOMAIN", "FUNCTION")
              .contains(type)) {
        schemas.add(schema);
        if (type.equals("TABLE")) {
          tables.add(schema + "." + m.group(3));
        }
      }
    }
    return new Contents(schemas, created, tables);
  }

  /**
   * What restoring will do, before it does it: the database, the schemas the dump covers (each
   * dropped with everything in it and made again from the dump), what is in them now that the dump
   * does not hold (lost), and the tables the dump brings back.
   */
  @Override
  public String restorePlan(ConnectionSpec target, Path file) throws SQLException, IOException {
    Server server = Server.of(target);
    Backup b = Manifests.read(file);
    Contents dump = contents(file, server.major());
    List<String> lost = new ArrayList<>();
    try (Connection c = target.open();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT n.nspname || '.' || c.relname FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p', 'v', 'm')"
                    + " ORDER BY 1")) {
      ps.setArray(1, c.createArrayOf("text", dump.schemas().toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!dump.tables().contains(rs.getString(1))) {
            lost.add(rs.getString(1));
          }
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Restore ")
        .append(file.getFileName())
        .append(" (database ")
        .append(b.database())
        .append(", taken ")
        .append(b.at())
        .append(") into database ")
        .append(server.database())
        .append(" on ")
        .append(dev.ferry.engine.connect.Redaction.strip(target.url()))
        .append(", in one transaction:\n");
    sb.append("• schemas dropped with everything in them, then made again from the backup: ")
        .append(String.join(", ", dump.schemas()))
        .append('\n');
    sb.append("• the backup brings back ")
        .append(dump.tables().size())
        .append(" tables with their rows\n");
    if (!lost.isEmpty()) {
      sb.append("• in those schemas now and not in the backup, so gone afterwards: ")
          .append(String.join(", ", lost))
          .append('\n');
    }
    sb.append(
        "Other schemas are not touched: the restore is refused when one of their objects depends on"
            + " these. If any step fails, nothing changes.");
    if (!b.database().equals(server.database())) {
      sb.append("\nThe backup is of database ")
          .append(b.database())
          .append(", not ")
          .append(server.database())
          .append(".");
    }
    return sb.toString();
  }

  /**
   * Restores a verified backup so that the schemas it covers are exactly the backup again — what
   * was created since is dropped — in one transaction ({@code psql --single-transaction}): the
   * covered schemas dropped and made again, the dump's objects and rows, and a check that every
   * table of the backup is there. Any failure rolls it all back. A backup of another database is
   * refused unless {@code intoOtherDatabase}.
   */
  @Override
  public void restore(ConnectionSpec target, Path file, boolean intoOtherDatabase)
      throws SQLException, IOException {
    List<String> problems = Manifests.verify(file);
    if (!problems.isEmpty()) {
      throw new FerryException("Not restoring " + file + ": " + String.join("; ", problems));
    }
    Server server = Server.of(target);
    Backup b = Manifests.read(file);
    String here = identity(target);
    boolean otherServer = b.server() != null && !b.server().equals(here);
    if ((otherServer || !b.database().equals(server.database())) && !intoOtherDatabase) {
      throw new RefusedException(
          "Not restoring: "
              + file.getFileName()
              + " is a backup of database "
              + b.database()
              + (b.server() == null ? "" : " on " + b.server())
              + ", not of "
              + server.database()
              + " on "
              + here
              + " (restore into another database on purpose with --into-other-target)");
    }
    int major = server.major();
    Contents dump = contents(file, major);
    StringBuilder script = new StringBuilder();
    script.append("SET client_min_messages = warning;\nSET lock_timeout = '60s';\n");
    script.append(outsideDependents(dump.schemas()));
    try (Connection c = target.open()) {
      for (String schema : dump.schemas()) {
        script
            .append("DROP SCHEMA IF EXISTS ")
            .append(Identifiers.quote(schema))
            .append(" CASCADE;\n");
        if (!dump.createdSchemas().contains(schema)) {
          // a schema the dump does not make (public): made again as it is now, owner and grants
          script.append(recreate(c, schema));
        }
      }
    }
    Path sql = Files.createTempFile("ferry-restore-", ".sql");
    PrivateFiles.touch(sql);
    try {
      Files.writeString(sql, script.toString());
      // the dump as SQL, appended: pg_restore writes no BEGIN/COMMIT of its own without
      // --single-transaction, so psql's one transaction holds everything
      String body =
          output(
              List.of(
                  tool("pg_restore", major).toString(), "--no-owner", "-f", "-", file.toString()));
      StringBuilder check = new StringBuilder("\nDO $ferry$ BEGIN\n");
      for (String t : dump.tables()) {
        int dot = t.indexOf('.');
        check
            .append("  IF to_regclass(")
            .append(literal(Identifiers.qualified(t.substring(0, dot), t.substring(dot + 1))))
            .append(") IS NULL THEN RAISE EXCEPTION 'restore check: table % missing', ")
            .append(literal(t))
            .append("; END IF;\n");
      }
      check.append("END $ferry$;\n");
      Files.writeString(sql, body + check, java.nio.file.StandardOpenOption.APPEND);
      run(
          target,
          List.of(
              tool("psql", major).toString(),
              "-X",
              "-q",
              "--no-password",
              "--single-transaction",
              "-v",
              "ON_ERROR_STOP=1",
              "-f",
              sql.toString()),
          server.database());
    } finally {
      Files.deleteIfExists(sql);
    }
  }

  /**
   * SQL that stops the restore, before anything is dropped, when a view or foreign key of a schema
   * the backup does not cover depends on one it does: dropping the covered schemas would take it
   * along, and the restore promises to leave other schemas alone.
   */
  private static String outsideDependents(Set<String> covered) {
    StringBuilder arr = new StringBuilder("ARRAY[");
    int i = 0;
    for (String s : covered) {
      arr.append(i++ == 0 ? "" : ", ").append(literal(s));
    }
    arr.append("]::text[]");
    return "DO $ferry$ DECLARE r record; BEGIN\n"
        + "  FOR r IN\n"
        + "    SELECT DISTINCT dn.nspname || '.' || dc.relname AS what FROM pg_depend d\n"
        + "    JOIN pg_rewrite rw ON d.classid = 'pg_rewrite'::regclass AND rw.oid = d.objid\n"
        + "    JOIN pg_class dc ON dc.oid = rw.ev_class JOIN pg_namespace dn ON dn.oid = dc.relnamespace\n"
        + "    JOIN pg_class rc ON d.refclassid = 'pg_class'::regclass AND rc.oid = d.refobjid\n"
        + "    JOIN pg_namespace rn ON rn.oid = rc.relnamespace\n"
        + "    WHERE rn.nspname = ANY ("
        + arr
        + ") AND NOT dn.nspname = ANY ("
        + arr
        + ")\n"
        + "    UNION SELECT cn.nspname || '.' || cc.relname || ' (foreign key ' || k.conname || ')'\n"
        + "    FROM pg_constraint k JOIN pg_class cc ON cc.oid = k.conrelid\n"
        + "    JOIN pg_namespace cn ON cn.oid = cc.relnamespace\n"
        + "    JOIN pg_class fc ON fc.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = fc.relnamespace\n"
        + "    WHERE k.contype = 'f' AND fn.nspname = ANY ("
        + arr
        + ") AND NOT cn.nspname = ANY ("
        + arr
        + ")\n"
        + "  LOOP\n"
        + "    RAISE EXCEPTION 'restore refused, nothing changed: % is outside the backup''s schemas"
        + " and depends on them; drop or move it first', r.what;\n"
        + "  END LOOP;\n"
        + "END $ferry$;\n";
  }

  /** SQL that makes a schema the dump does not create again, owned and granted as now. */
  private static String recreate(Connection c, String schema) throws SQLException {
    StringBuilder sb = new StringBuilder();
    sb.append("CREATE SCHEMA ").append(Identifiers.quote(schema)).append(";\n");
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT quote_ident(nspowner::regrole::text),"
                + " (SELECT string_agg(CASE WHEN a.grantee = 0 THEN 'PUBLIC'"
                + "   ELSE quote_ident(a.grantee::regrole::text) END || ':' || a.privilege_type, ',')"
                + "  FROM aclexplode(n.nspacl) a)"
                + " FROM pg_namespace n WHERE nspname = ?")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          sb.append("ALTER SCHEMA ")
              .append(Identifiers.quote(schema))
              .append(" OWNER TO ")
              .append(rs.getString(1))
              .append(";\n");
          String grants = rs.getString(2);
          if (grants != null) {
            for (String g : grants.split(",")) {
              int colon = g.lastIndexOf(':');
              sb.append("GRANT ")
                  .append(g.substring(colon + 1))
                  .append(" ON SCHEMA ")
                  .append(Identifiers.quote(schema))
                  .append(" TO ")
                  .append(g, 0, colon)
                  .append(";\n");
            }
          }
        }
      }
    }
    return sb.toString();
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A tool's standard output (it needs no connection); fails with its error output. */
  private static String output(List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    Path err = Files.createTempFile("ferry-tool-", ".err");
    pb.redirectError(err.toFile());
    try {
      return finish(pb.start(), command, out -> Files.readString(err).strip());
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /** The process's standard output once it ended well; else a failure naming the tool and why. */
  private static String finish(Process p, List<String> command, FailureText why)
      throws IOException {
    String tool = Path.of(command.get(0)).getFileName().toString();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (p.waitFor() != 0) {
        throw new FerryException(tool + " failed: " + why.of(out));
      }
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new FerryException(tool + " was interrupted", e);
    }
    return out;
  }

  /** What a failed tool said, from its output or elsewhere. */
  @FunctionalInterface
  private interface FailureText {
    String of(String output) throws IOException;
  }

  /** Every user table's exact row count, by {@code schema.table}. */
  private static Map<String, Long> rowCounts(Connection c) throws SQLException {
    List<String[]> tables = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT n.nspname, t.relname FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace"
                    + " WHERE t.relkind IN ('r', 'p') AND NOT t.relispartition"
                    + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
                    + " ORDER BY 1, 2")) {
      while (rs.next()) {
        tables.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (String[] t : tables) {
      out.put(t[0] + "." + t[1], RowCounts.count(c, Identifiers.qualified(t[0], t[1])));
    }
    return out;
  }

  /** The tool with the highest major version not older than the server's. */
  static Path tool(String name, int serverMajor) throws IOException {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, name));
      }
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> versions = Files.list(lib)) {
        versions.forEach(v -> candidates.add(v.resolve("bin").resolve(name)));
      }
    }
    Path best = null;
    int bestMajor = -1;
    List<String> seen = new ArrayList<>();
    for (Path p : candidates) {
      if (!Files.isExecutable(p)) {
        continue;
      }
      int major = major(p);
      seen.add(p + " (" + major + ")");
      if (major >= serverMajor && major > bestMajor) {
        best = p;
        bestMajor = major;
      }
    }
    if (best == null) {
      throw new FerryException(
          name
              + " "
              + serverMajor
              + " or newer is needed for this server and was not found"
              + (seen.isEmpty() ? "" : " (found: " + String.join(", ", seen) + ")")
              + ". Install the PostgreSQL client tools of version "
              + serverMajor
              + " (Debian/Ubuntu: apt-get install postgresql-client-"
              + serverMajor
              + ").");
    }
    return best;
  }

  private static int major(Path tool) throws IOException {
    Process p = new ProcessBuilder(tool.toString(), "--version").redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    var m = Pattern.compile("(\\d+)(\\.\\d+)?").matcher(out);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static void run(ConnectionSpec target, List<String> command, String database)
      throws IOException {
    // where JDBC connects, in libpq's words: every host and port, the database, the user, sslmode
    // and the certificates; refused before anything runs when libpq cannot say it
    LibpqConninfo conninfo = LibpqConninfo.of(target).withDatabase(database);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    // Ferry's own PG* variables were read into the connection when it was parsed; left in the
    // child's environment, PGSERVICE, PGSSLMODE, PGHOSTADDR and the like would take it elsewhere
    env.keySet().removeIf(k -> k.startsWith("PG") && !k.equals("PGPASSFILE"));
    env.putAll(conninfo.environment());
    if (target.password().isPresent()) {
      env.put("PGPASSWORD", target.password().reveal());
    }
    finish(pb.start(), command, out -> out.strip());
  }
}
