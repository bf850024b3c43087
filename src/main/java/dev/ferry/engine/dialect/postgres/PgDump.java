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
import dev.ferry.engine.dialect.Identifiers;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            Instant.now());
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

  /** Restores a verified backup into the target's database, replacing the objects it holds. */
  @Override
  public void restore(ConnectionSpec target, Path file) throws SQLException, IOException {
    List<String> problems = Manifests.verify(file);
    if (!problems.isEmpty()) {
      throw new FerryException("Not restoring " + file + ": " + String.join("; ", problems));
    }
    Server server = Server.of(target);
    int major = server.major();
    String database = server.database();
    Path tool = tool("pg_restore", major);
    run(
        target,
        List.of(
            tool.toString(),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-password",
            "-d",
            "dbname=" + LibpqConninfo.quote(database),
            file.toString()),
        database);
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
    Process p = pb.start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (p.waitFor() != 0) {
        throw new FerryException(Path.of(command.get(0)).getFileName() + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new FerryException(Path.of(command.get(0)).getFileName() + " was interrupted", e);
    }
  }
}
