package dev.ferry.engine.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.FerryException;
import dev.ferry.engine.connect.ConnectionSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Backs up a PostgreSQL database with {@code pg_dump -Fc} and restores it with {@code pg_restore}.
 * The tools are looked for on the PATH and under {@code /usr/lib/postgresql/<major>/bin}; the one
 * whose major version is at least the server's is used (an older pg_dump refuses a newer server).
 * The password goes through {@code PGPASSWORD} in the child's environment, never its command line.
 */
public final class PgDump {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private PgDump() {}

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
  public static Backup backup(ConnectionSpec target, Path dir) throws SQLException, IOException {
    Server server = Server.of(target);
    Path tool = tool("pg_dump", server.major());
    Files.createDirectories(dir);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path file = dir.resolve(server.database() + "-" + stamp + ".dump");
    run(
        target,
        List.of(tool.toString(), "-Fc", "--no-password", "-f", file.toString()),
        server.database());
    Backup b =
        new Backup(
            file.toString(),
            sha256(file),
            Files.size(file),
            server.database(),
            server.version(),
            tool.toString(),
            Instant.now());
    Files.writeString(
        Path.of(file + ".manifest.json"), JSON.writeValueAsString(b), StandardCharsets.UTF_8);
    return b;
  }

  /** The newest backup of {@code database} whose manifest is in {@code dir}, if any. */
  public static java.util.Optional<Backup> newest(Path dir, String database) throws IOException {
    if (!Files.isDirectory(dir)) {
      return java.util.Optional.empty();
    }
    Backup newest = null;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".manifest.json")).toList()) {
        Backup b = JSON.readValue(f.toFile(), Backup.class);
        if (b.database().equals(database) && (newest == null || b.at().isAfter(newest.at()))) {
          newest = b;
        }
      }
    }
    return java.util.Optional.ofNullable(newest);
  }

  /** Checks a backup against its manifest (size and SHA-256); returns the problems found. */
  public static List<String> verify(Path file) throws IOException {
    Path manifest = Path.of(file + ".manifest.json");
    List<String> problems = new ArrayList<>();
    if (!Files.exists(manifest)) {
      problems.add("no manifest " + manifest);
      return problems;
    }
    Backup b = JSON.readValue(manifest.toFile(), Backup.class);
    if (!Files.exists(file)) {
      problems.add("the dump " + file + " is missing");
    } else {
      if (Files.size(file) != b.bytes()) {
        problems.add("size " + Files.size(file) + " bytes, the manifest says " + b.bytes());
      }
      if (!sha256(file).equals(b.sha256())) {
        problems.add("SHA-256 differs from the manifest: the file changed since the backup");
      }
    }
    return problems;
  }

  /** Restores a verified backup into the target's database, replacing the objects it holds. */
  public static void restore(ConnectionSpec target, Path file) throws SQLException, IOException {
    List<String> problems = verify(file);
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
            database,
            file.toString()),
        database);
  }

  /** The tool with the highest major version not older than the server's. */
  static Path tool(String name, int serverMajor) throws IOException {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
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
    var m = java.util.regex.Pattern.compile("(\\d+)(\\.\\d+)?").matcher(out);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static void run(ConnectionSpec target, List<String> command, String database)
      throws IOException {
    // host, port and user from the JDBC URL, as libpq environment variables
    URI uri = URI.create(target.url().substring("jdbc:".length()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("PGHOST", uri.getHost() == null ? "localhost" : uri.getHost());
    env.put("PGPORT", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()));
    env.put("PGDATABASE", database);
    if (target.user() != null) {
      env.put("PGUSER", target.user());
    }
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

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
